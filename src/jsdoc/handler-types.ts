/**
 * The types a handler writes down, read from its syntax (see type-schema.ts for what converts):
 * - Express: `(req: Request<Params, ResBody, ReqBody, Query>, res: Response<ResBody>)`, or a
 *   handler declared as `RequestHandler<Params, ResBody, ReqBody, Query>`, where `Request`,
 *   `Response` and `RequestHandler` are imported from express (`express.Request<...>` too).
 *   Placeholders (`{}`, `any`, `unknown`, `object`, `never`, `void`, `undefined`) say nothing.
 * - Hono: the `c.json(...)` calls the handler returns (`c` being its first parameter), with a
 *   success status (none, or a 2xx literal): `c.json<T>(...)`, `c.json(x satisfies T)`,
 *   `c.json(x as T)`, or `c.json(x)` of a variable declared `const x: T` in the handler. Each
 *   such call must have one of these and all must share one status, else no body is given.
 */
import type * as TS from 'typescript';
import type { FileIndex } from './file-index.js';
import { ts } from './source-cache.js';
import { schemaOfType, type JsonSchema } from './type-schema.js';

export interface TypeShapes {
  params?: JsonSchema;
  responseBody?: JsonSchema;
  requestBody?: JsonSchema;
  query?: JsonSchema;
  /** The status `responseBody` is sent with, when the handler says it (Hono's `c.json(body, 201)`). */
  responseStatus?: number;
}

export function handlerTypes(index: FileIndex, fn: TS.SignatureDeclaration | undefined, declaredType: TS.TypeNode | undefined): TypeShapes | undefined {
  const shapes: TypeShapes = {};
  const handlerGenerics = declaredType && expressGenerics(index, declaredType, 'RequestHandler');
  const requestGenerics = fn?.parameters[0]?.type && expressGenerics(index, fn.parameters[0].type, 'Request');
  const [params, responseBody, requestBody, query] = handlerGenerics ?? requestGenerics ?? [];
  setSchema(shapes, 'params', index, params);
  setSchema(shapes, 'responseBody', index, responseBody);
  setSchema(shapes, 'requestBody', index, requestBody);
  setSchema(shapes, 'query', index, query);
  if (!shapes.responseBody && fn?.parameters[1]?.type) setSchema(shapes, 'responseBody', index, expressGenerics(index, fn.parameters[1].type, 'Response')?.[0]);
  if (!requestGenerics && !handlerGenerics && fn) honoResponse(index, fn, shapes);
  return Object.keys(shapes).length > 0 ? shapes : undefined;
}

function setSchema(shapes: TypeShapes, key: 'params' | 'responseBody' | 'requestBody' | 'query', index: FileIndex, node: TS.TypeNode | undefined): void {
  if (!node || isPlaceholder(node)) return;
  const schema = schemaOfType(index, node);
  if (schema) shapes[key] = schema;
}

function isPlaceholder(node: TS.TypeNode): boolean {
  const t = ts();
  const kind = t.SyntaxKind;
  switch (node.kind) {
    case kind.AnyKeyword:
    case kind.UnknownKeyword:
    case kind.NeverKeyword:
    case kind.ObjectKeyword:
    case kind.VoidKeyword:
    case kind.UndefinedKeyword:
      return true;
  }
  return t.isTypeLiteralNode(node) && node.members.length === 0;
}

/** The type arguments of express's `Request<...>` (or `Response`, `RequestHandler`), if that is what is written. */
function expressGenerics(index: FileIndex, node: TS.TypeNode, exported: string): readonly TS.TypeNode[] | undefined {
  const t = ts();
  if (!t.isTypeReferenceNode(node) || !node.typeArguments) return undefined;
  const name = node.typeName;
  const fromExpress = t.isIdentifier(name)
    ? index.expressTypeNames.get(name.text) === exported
    : t.isIdentifier(name.left) && index.expressNamespaces.has(name.left.text) && name.right.text === exported;
  return fromExpress ? node.typeArguments : undefined;
}

interface JsonReturn {
  readonly status: number | undefined;
  readonly type: TS.TypeNode | undefined;
}

function honoResponse(index: FileIndex, fn: TS.SignatureDeclaration, shapes: TypeShapes): void {
  const t = ts();
  const context = fn.parameters[0]?.name;
  if (!context || !t.isIdentifier(context)) return;
  const returns = returnedJson(fn, context.text).filter((entry) => entry.status === undefined || (entry.status >= 200 && entry.status < 300));
  if (returns.length === 0 || returns.some((entry) => !entry.type)) return;
  const statuses = new Set(returns.map((entry) => entry.status ?? 200));
  if (statuses.size !== 1) return;
  const schemas = returns.map((entry) => schemaOfType(index, entry.type!));
  if (schemas.some((schema) => !schema)) return;
  const unique = [...new Map(schemas.map((schema) => [JSON.stringify(schema), schema!])).values()];
  shapes.responseBody = unique.length === 1 ? unique[0]! : { anyOf: unique };
  shapes.responseStatus = [...statuses][0]!;
}

/** The `c.json(...)` calls the function returns, with their written status and type. */
function returnedJson(fn: TS.SignatureDeclaration, context: string): JsonReturn[] {
  const t = ts();
  const body = (fn as TS.FunctionLikeDeclarationBase).body;
  if (!body) return [];
  const expressions: TS.Expression[] = [];
  const variables = new Map<string, TS.TypeNode | null>();
  const visit = (node: TS.Node): void => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isReturnStatement(node) && node.expression) expressions.push(node.expression);
    if (t.isVariableDeclaration(node) && t.isIdentifier(node.name)) {
      // A name declared twice (in two blocks) has no one type.
      variables.set(node.name.text, variables.has(node.name.text) ? null : (node.type ?? null));
    }
    t.forEachChild(node, visit);
  };
  if (t.isBlock(body)) t.forEachChild(body, visit);
  else expressions.push(body);

  const returns: JsonReturn[] = [];
  for (const expression of expressions) {
    const call = unwrap(expression);
    if (!t.isCallExpression(call) || !t.isPropertyAccessExpression(call.expression)) continue;
    const { expression: target, name } = call.expression;
    if (name.text !== 'json' || !t.isIdentifier(target) || target.text !== context) continue;
    const statusArgument = call.arguments[1];
    const status = statusArgument === undefined ? undefined : t.isNumericLiteral(statusArgument) ? Number(statusArgument.text) : NaN;
    if (Number.isNaN(status)) continue; // a status only known at run time: nowhere to put the body
    returns.push({ status, type: call.typeArguments?.[0] ?? writtenType(call.arguments[0], variables) });
  }
  return returns;
}

function unwrap(expression: TS.Expression): TS.Expression {
  const t = ts();
  let current = expression;
  while (t.isAwaitExpression(current) || t.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** `x satisfies T`, `x as T` (not `as const`), `<T>x`, or a variable declared with a type. */
function writtenType(argument: TS.Expression | undefined, variables: ReadonlyMap<string, TS.TypeNode | null>): TS.TypeNode | undefined {
  const t = ts();
  if (!argument) return undefined;
  let current = argument;
  while (t.isParenthesizedExpression(current)) current = current.expression;
  // `as const` comes back as a reference to a type named `const`, which does not convert.
  if (t.isSatisfiesExpression(current) || t.isAsExpression(current) || t.isTypeAssertionExpression(current)) return current.type;
  if (t.isIdentifier(current)) return variables.get(current.text) ?? undefined;
  return undefined;
}
