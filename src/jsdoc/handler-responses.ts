/**
 * What a handler's code sends and reads, from its syntax (see status-constants.ts for the
 * statuses, literal-shape.ts for the bodies). Roles come from the handler's parameters: the first
 * is Express's `req`, Koa's `ctx` or Hono's `c`; the second, Express's `res`.
 * - Express: `res.status(n).json(x)` / `.send(x)` / `.end()` (through `.set()`, `.type()`...),
 *   `res.json(x)` and `res.send(x)` (200), `res.sendStatus(n)`, `res.end()`, `res.redirect([n,] url)`
 *   (302); a bare `res.status(n);` is the status of what the same block sends after it.
 * - Koa: `ctx.status = n`, then `ctx.body = x` (200 without a status; `null` is 204),
 *   `ctx.throw(n, ...)`, `ctx.redirect(url)` (302).
 * - Hono: `c.json(x, n)`, `c.text(s, n)`, `c.html(s, n)`, `c.body(x, n)`, `c.notFound()` (404),
 *   `c.redirect(url, n)` (302), `c.status(n)` as Express's bare status.
 * - Reads: `req.query.page`, `req.query['page']`, `const { page } = req.query`; the same of `.body`
 *   (a request body property) and `.headers`; `req.get('X-Id')` / `req.header('X-Id')` (not on
 *   Hono, where `c.get` is a context variable); `ctx.request.*` and `c.req.*` alike, with Hono's
 *   `c.req.query('q')`, `c.req.queries('q')`, `c.req.header('X')` and `const { a } = await c.req.json()`.
 * A function of the same file the handler calls with one of these (`notFound(res)`) is read the
 * same way, two calls deep. Nested callbacks are read unless they rebind the names.
 */
import { STATUS_CODES } from 'node:http';
import type * as TS from 'typescript';
import type { FileIndex } from './file-index.js';
import { shapeOf, type LocalVariable } from './literal-shape.js';
import { ts } from './source-cache.js';
import { statusOf } from './status-constants.js';
import type { JsonSchema } from './type-schema.js';

export interface SentResponse {
  readonly status: number;
  /** By media type; none for a response without a body the code shows. */
  readonly content: Readonly<Record<string, JsonSchema>>;
}

export interface HandlerIo {
  /** By status, lowest first. */
  readonly responses: readonly SentResponse[];
  /** Query parameter, header and request body property names, in the order first read. */
  readonly query: readonly string[];
  readonly headers: readonly string[];
  readonly bodyFields: readonly string[];
}

type Role = 'first' | 'res';
const MAX_CALL_DEPTH = 2;
/** Chain links of Express's response that return it and send nothing. */
const PASS_THROUGH = new Set(['set', 'header', 'type', 'cookie', 'clearCookie', 'location', 'vary', 'append', 'links', 'attachment']);
/** Headers OpenAPI describes elsewhere (a header parameter by these names is ignored). */
const NOT_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);
const JSON_MEDIA = 'application/json';

class Reader {
  private readonly t = ts();
  private readonly sent = new Map<number, Map<string, Map<string, JsonSchema>>>();
  private readonly query = new Set<string>();
  /** By lower-cased name: the name first read, and whether only the first parameter's `get('X')` read it (a header on Express and Koa, a context variable on Hono). */
  private readonly headers = new Map<string, { name: string; viaGet: boolean }>();
  private readonly bodyFields = new Set<string>();
  private hono = false;
  private readonly visited = new Set<TS.Node>();

  constructor(private readonly index: FileIndex) {}

  read(fn: TS.SignatureDeclaration, roles: ReadonlyMap<string, Role>, depth: number): void {
    const body = (fn as TS.FunctionLikeDeclarationBase).body;
    if (!body || this.visited.has(fn)) return;
    this.visited.add(fn);
    const variables = localVariables(body);
    const scope: Scope = { roles, variables, depth, pending: undefined };
    if (this.t.isBlock(body)) this.statements(body.statements, scope);
    else this.node(body, scope);
  }

  result(): HandlerIo | undefined {
    const responses = [...this.sent.keys()].sort((a, b) => a - b).map((status): SentResponse => {
      const content: Record<string, JsonSchema> = {};
      const media = this.sent.get(status)!;
      for (const mediaType of [...media.keys()].sort()) content[mediaType] = union([...media.get(mediaType)!.values()]);
      return { status, content };
    });
    const io: HandlerIo = { responses, query: [...this.query], headers: [...this.headers.values()].filter((header) => !(header.viaGet && this.hono)).map((header) => header.name), bodyFields: [...this.bodyFields] };
    return responses.length || io.query.length || io.headers.length || io.bodyFields.length ? io : undefined;
  }

  /** A block's statements in order: a bare status holds for what the block sends after it. */
  private statements(statements: readonly TS.Statement[], outer: Scope): void {
    const scope: Scope = { ...outer };
    for (const statement of statements) this.node(statement, scope);
  }

  private node(node: TS.Node, scope: Scope): void {
    const t = this.t;
    const kind = t.SyntaxKind;
    // Types, names and literals hold nothing sent or read.
    if ((node.kind >= kind.FirstTypeNode && node.kind <= kind.LastTypeNode) || node.kind <= kind.LastLiteralToken || node.kind === kind.Identifier) return;
    switch (node.kind) {
      case kind.Block:
        return this.statements((node as TS.Block).statements, scope);
      case kind.CallExpression:
        if (this.call(node as TS.CallExpression, scope)) return;
        break;
      case kind.BinaryExpression: {
        const binary = node as TS.BinaryExpression;
        if (binary.operatorToken.kind === kind.EqualsToken && this.assignment(binary, scope)) return;
        break;
      }
      case kind.VariableDeclaration: {
        const declaration = node as TS.VariableDeclaration;
        if (declaration.initializer && t.isObjectBindingPattern(declaration.name)) this.destructured(declaration.name, declaration.initializer, scope);
        break;
      }
      case kind.PropertyAccessExpression:
      case kind.ElementAccessExpression:
        this.access(node as TS.PropertyAccessExpression | TS.ElementAccessExpression, scope);
        break;
      case kind.IfStatement:
      case kind.TryStatement:
      case kind.SwitchStatement:
      case kind.ForStatement:
      case kind.ForOfStatement:
      case kind.ForInStatement:
      case kind.WhileStatement:
      case kind.DoStatement:
        // Branches see the status set before them; one set inside stays inside.
        t.forEachChild(node, (child) => this.node(child, { ...scope }));
        return;
      default:
        if (t.isFunctionLike(node)) return this.nested(node, scope);
        if (t.isClassLike(node)) return;
    }
    t.forEachChild(node, (child) => this.node(child, scope));
  }

  /** A callback inside the handler: read with the same names, unless it rebinds them. */
  private nested(fn: TS.SignatureDeclaration, scope: Scope): void {
    const t = this.t;
    const body = (fn as TS.FunctionLikeDeclarationBase).body;
    if (!body) return;
    const rebound = fn.parameters.some((parameter) => t.isIdentifier(parameter.name) && scope.roles.has(parameter.name.text));
    if (rebound) return;
    const inner: Scope = { ...scope, variables: new Map([...scope.variables, ...localVariables(body)]) };
    if (t.isBlock(body)) this.statements(body.statements, inner);
    else this.node(body, inner);
  }

  private role(node: TS.Expression, scope: Scope): Role | undefined {
    return this.t.isIdentifier(node) ? scope.roles.get(node.text) : undefined;
  }

  /** A call that sends, reads or leads to a helper; false to look inside it as any node. */
  private call(call: TS.CallExpression, scope: Scope): boolean {
    const t = this.t;
    const callee = call.expression;
    if (t.isIdentifier(callee)) {
      this.helper(callee.text, call, scope);
      return false;
    }
    if (!t.isPropertyAccessExpression(callee)) return false;
    // Only the last link of a chain: `res.status(404)` inside `res.status(404).json(x)` is not a bare status.
    if (t.isPropertyAccessExpression(call.parent) && call.parent.expression === call) return false;
    const links = chainLinks(call);
    if (!links) return false;
    const role = this.role(links.root, scope);
    if (role === 'res') return this.express(links.calls, call, scope);
    if (role === 'first') return this.firstCall(links.calls, links.props, call, scope);
    return false;
  }

  private express(links: readonly TS.CallExpression[], call: TS.CallExpression, scope: Scope): boolean {
    let status: number | undefined;
    let known = true;
    for (const link of links) {
      const name = linkName(link);
      if (name === 'status') {
        status = statusOf(link.arguments[0], this.index.sourceFile);
        known = status !== undefined;
      } else if (!PASS_THROUGH.has(name)) break;
    }
    const last = links[links.length - 1]!;
    const name = linkName(last);
    const at = status ?? scope.pending ?? 200;
    switch (name) {
      case 'status':
        if (links.length === 1 && known && status !== undefined) this.bareStatus(status, scope);
        break;
      case 'json':
        if (known) this.send(at, this.jsonContent(last.arguments[0], scope));
        break;
      case 'send':
        if (known) this.send(at, this.sendContent(last.arguments[0], scope));
        break;
      case 'end':
        if (known) this.send(at, undefined);
        break;
      case 'sendStatus': {
        const code = statusOf(last.arguments[0], this.index.sourceFile);
        if (code !== undefined) this.send(code, undefined);
        break;
      }
      case 'redirect': {
        const code = last.arguments.length > 1 ? statusOf(last.arguments[0], this.index.sourceFile) : 302;
        if (code !== undefined) this.send(code, undefined);
        break;
      }
      default:
        return false;
    }
    this.arguments(call, scope);
    return true;
  }

  /** Calls on the first parameter: Koa's and Hono's sends, and the reads of all three. */
  private firstCall(links: readonly TS.CallExpression[], props: readonly string[], call: TS.CallExpression, scope: Scope): boolean {
    const sourceFile = this.index.sourceFile;
    const name = linkName(call);
    const argument = (i: number): TS.Expression | undefined => call.arguments[i];
    if (links.length !== 1) return false;
    const on = props.join('.');
    if (on === '') {
      switch (name) {
        case 'json':
          this.hono = true;
          this.sendAt(argument(1), scope, this.jsonContent(argument(0), scope));
          break;
        case 'text':
          this.hono = true;
          this.sendAt(argument(1), scope, ['text/plain', { type: 'string' }]);
          break;
        case 'html':
          this.hono = true;
          this.sendAt(argument(1), scope, ['text/html', { type: 'string' }]);
          break;
        case 'body': {
          this.hono = true;
          const value = argument(0);
          const empty = !value || value.kind === this.t.SyntaxKind.NullKeyword;
          this.sendAt(argument(1), scope, empty ? undefined : ['application/octet-stream', {}]);
          break;
        }
        case 'notFound':
          this.hono = true;
          this.send(404, undefined);
          break;
        case 'status': {
          this.hono = true;
          const code = statusOf(argument(0), sourceFile);
          if (code !== undefined) this.bareStatus(code, scope);
          break;
        }
        case 'redirect': {
          const code = call.arguments.length > 1 ? statusOf(argument(1), sourceFile) : 302;
          if (code !== undefined) this.send(code, undefined);
          break;
        }
        case 'throw': {
          const code = statusOf(argument(0), sourceFile);
          if (code !== undefined) this.send(code, undefined);
          break;
        }
        case 'get':
        case 'header':
          this.headerRead(argument(0), name === 'get');
          break;
        default:
          return false;
      }
    } else if (on === 'request' || on === 'req') {
      if (on === 'req') this.hono = true;
      switch (name) {
        case 'query':
        case 'queries':
          if (argument(0) && this.t.isStringLiteralLike(argument(0)!)) this.query.add((argument(0) as TS.StringLiteralLike).text);
          break;
        case 'header':
        case 'get':
          this.headerRead(argument(0), false);
          break;
        default:
          return false;
      }
    } else return false;
    this.arguments(call, scope);
    return true;
  }

  /** The arguments of every link of a chain (`res.status(req.query.code)` reads a field). */
  private arguments(call: TS.CallExpression, scope: Scope): void {
    const t = this.t;
    for (let node: TS.Expression = call; t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression); node = node.expression.expression) {
      for (const argument of node.arguments) this.node(argument, scope);
    }
  }

  private headerRead(argument: TS.Expression | undefined, viaGet: boolean): void {
    if (argument && this.t.isStringLiteralLike(argument)) this.addHeader(argument.text, viaGet);
  }

  private addHeader(name: string, viaGet: boolean): void {
    const key = name.toLowerCase();
    if (NOT_PARAMETERS.has(key)) return;
    const known = this.headers.get(key);
    if (!known) this.headers.set(key, { name, viaGet });
    else if (!viaGet) known.viaGet = false;
  }

  /** `ctx.status = n`, `ctx.body = x`. */
  private assignment(node: TS.BinaryExpression, scope: Scope): boolean {
    const t = this.t;
    const target = node.left;
    if (!t.isPropertyAccessExpression(target) || this.role(target.expression, scope) !== 'first') return false;
    if (target.name.text === 'status') {
      const code = statusOf(node.right, this.index.sourceFile);
      if (code !== undefined) this.bareStatus(code, scope);
    } else if (target.name.text === 'body') {
      const empty = node.right.kind === t.SyntaxKind.NullKeyword;
      this.send(scope.pending ?? (empty ? 204 : 200), empty ? undefined : this.bodyContent(node.right, scope));
    } else return false;
    this.node(node.right, scope);
    return true;
  }

  /** Koa's `ctx.body`: a string is text, anything else JSON (a stream or buffer is not told apart). */
  private bodyContent(value: TS.Expression, scope: Scope): [string, JsonSchema] {
    return this.t.isStringLiteralLike(value) || this.t.isTemplateExpression(value) ? ['text/plain', { type: 'string' }] : [JSON_MEDIA, this.shape(value, scope)];
  }

  /** Express's `send`: nothing, a string (HTML), or JSON for an object or array literal. */
  private sendContent(value: TS.Expression | undefined, scope: Scope): [string, JsonSchema] | undefined {
    const t = this.t;
    if (!value) return undefined;
    if (t.isStringLiteralLike(value) || t.isTemplateExpression(value)) return ['text/html', { type: 'string' }];
    if (t.isObjectLiteralExpression(value) || t.isArrayLiteralExpression(value)) return [JSON_MEDIA, this.shape(value, scope)];
    return undefined;
  }

  private sendAt(status: TS.Expression | undefined, scope: Scope, content: [string, JsonSchema] | undefined): void {
    const code = status === undefined ? (scope.pending ?? 200) : statusOf(status, this.index.sourceFile);
    if (code !== undefined) this.send(code, content);
  }

  private bareStatus(code: number, scope: Scope): void {
    scope.pending = code;
    this.send(code, undefined);
  }

  /** `json(x)`: JSON of x's shape; `json()` sends no body. */
  private jsonContent(value: TS.Expression | undefined, scope: Scope): [string, JsonSchema] | undefined {
    return value ? [JSON_MEDIA, this.shape(value, scope)] : undefined;
  }

  private send(status: number, content: [string, JsonSchema] | undefined): void {
    let media = this.sent.get(status);
    if (!media) this.sent.set(status, (media = new Map()));
    if (!content) return;
    const [mediaType, schema] = content;
    let schemas = media.get(mediaType);
    if (!schemas) media.set(mediaType, (schemas = new Map()));
    const key = JSON.stringify(schema);
    if (!schemas.has(key)) schemas.set(key, schema);
  }

  private shape(value: TS.Expression, scope: Scope): JsonSchema {
    return shapeOf(this.index, value, scope.variables);
  }

  /** `req.query.page`, `req.body['email']`, `ctx.request.headers.host`. */
  private access(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, scope: Scope): void {
    const t = this.t;
    const name = t.isPropertyAccessExpression(node) ? node.name.text : t.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (name === undefined) return;
    // The assignment target `ctx.body = x` is a send, not a read (assignment() took it).
    const where = this.readSource(node.expression, scope);
    if (where) this.addRead(where, name);
  }

  /** `const { page, limit } = req.query`, `const { email } = await c.req.json()`. */
  private destructured(pattern: TS.ObjectBindingPattern, initializer: TS.Expression, scope: Scope): void {
    const t = this.t;
    let value = initializer;
    while (t.isAwaitExpression(value) || t.isParenthesizedExpression(value) || t.isAsExpression(value)) value = value.expression;
    let where = this.readSource(value, scope);
    if (!where && t.isCallExpression(value) && t.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'json' && value.arguments.length === 0) {
      const receiver = value.expression.expression;
      if (t.isPropertyAccessExpression(receiver) && receiver.name.text === 'req' && this.role(receiver.expression, scope) === 'first') where = 'body';
    }
    if (!where) return;
    for (const element of pattern.elements) {
      if (element.dotDotDotToken) continue;
      const key = element.propertyName ?? element.name;
      if (t.isIdentifier(key) || t.isStringLiteral(key)) this.addRead(where, key.text);
    }
  }

  /** Which request part an expression is: `req.query`, `ctx.request.body`, `c.req.header`... */
  private readSource(node: TS.Expression, scope: Scope): 'query' | 'body' | 'headers' | undefined {
    const t = this.t;
    if (!t.isPropertyAccessExpression(node)) return undefined;
    const part = node.name.text;
    if (part !== 'query' && part !== 'body' && part !== 'headers') return undefined;
    let receiver = node.expression;
    if (t.isPropertyAccessExpression(receiver) && (receiver.name.text === 'request' || receiver.name.text === 'req')) receiver = receiver.expression;
    return this.role(receiver, scope) === 'first' ? part : undefined;
  }

  private addRead(where: 'query' | 'body' | 'headers', name: string): void {
    if (where === 'query') this.query.add(name);
    else if (where === 'body') this.bodyFields.add(name);
    else this.addHeader(name, false);
  }

  /** `notFound(res)`: a function of this file given one of the roles is read with them. */
  private helper(name: string, call: TS.CallExpression, scope: Scope): void {
    if (scope.depth >= MAX_CALL_DEPTH) return;
    const t = this.t;
    const candidates = this.index.handlersByName.get(name)?.filter((candidate) => candidate.fn && candidate.topLevel);
    const fn = candidates?.length === 1 ? candidates[0]!.fn! : undefined;
    if (!fn) return;
    const roles = new Map<string, Role>();
    call.arguments.forEach((argument, i) => {
      const role = this.role(argument, scope);
      const parameter = fn.parameters[i]?.name;
      if (role && parameter && t.isIdentifier(parameter)) roles.set(parameter.text, role);
    });
    if (roles.size) this.read(fn, roles, scope.depth + 1);
  }
}

interface Scope {
  readonly roles: ReadonlyMap<string, Role>;
  readonly variables: ReadonlyMap<string, LocalVariable | null>;
  readonly depth: number;
  /** The status a bare `res.status(n)` / `ctx.status = n` / `c.status(n)` set before. */
  pending: number | undefined;
}

export function handlerIo(index: FileIndex, fn: TS.SignatureDeclaration): HandlerIo | undefined {
  const t = ts();
  const roles = new Map<string, Role>();
  const [first, second] = fn.parameters;
  if (first && t.isIdentifier(first.name)) roles.set(first.name.text, 'first');
  if (second && t.isIdentifier(second.name)) roles.set(second.name.text, 'res');
  if (roles.size === 0) return undefined;
  const reader = new Reader(index);
  reader.read(fn, roles, 0);
  return reader.result();
}

/** The description a status gets when nothing else names it. */
export function statusDescription(status: number): string {
  return STATUS_CODES[status] ?? `Status ${status}`;
}

/** The calls of a chain from its root: `res.status(404).json(x)` is `res`, [status, json]; `ctx.request.get('x')` is `ctx`, ['request'], [get]. */
function chainLinks(call: TS.CallExpression): { root: TS.Expression; props: string[]; calls: TS.CallExpression[] } | undefined {
  const t = ts();
  const calls: TS.CallExpression[] = [];
  let node: TS.Expression = call;
  while (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression)) {
    calls.unshift(node);
    node = node.expression.expression;
  }
  const props: string[] = [];
  while (t.isPropertyAccessExpression(node)) {
    props.unshift(node.name.text);
    node = node.expression;
  }
  return t.isIdentifier(node) ? { root: node, props, calls } : undefined;
}

function linkName(call: TS.CallExpression): string {
  const callee = call.expression;
  return ts().isPropertyAccessExpression(callee) ? callee.name.text : '';
}

// A helper called by every handler of a file is read once.
const variablesOf = new WeakMap<TS.Node, Map<string, LocalVariable | null>>();

/** The function's own `const`/`let` names, with their type and initializer; a name declared twice has none. */
function localVariables(body: TS.Node): Map<string, LocalVariable | null> {
  const cached = variablesOf.get(body);
  if (cached) return cached;
  const t = ts();
  const kind = t.SyntaxKind;
  const variables = new Map<string, LocalVariable | null>();
  variablesOf.set(body, variables);
  const visit = (node: TS.Node): void => {
    if ((node.kind >= kind.FirstTypeNode && node.kind <= kind.LastTypeNode) || node.kind <= kind.LastLiteralToken || node.kind === kind.Identifier) return;
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isVariableDeclaration(node) && t.isIdentifier(node.name)) {
      variables.set(node.name.text, variables.has(node.name.text) ? null : { type: node.type, initializer: node.initializer });
    }
    t.forEachChild(node, visit);
  };
  visit(body);
  return variables;
}

function union(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return schemas[0]!;
  // One body of no known shape makes the union say nothing.
  if (schemas.some((schema) => Object.keys(schema).length === 0)) return {};
  return { anyOf: schemas };
}
