/**
 * The JSON Schema of a value a handler sends, from its syntax: object and array literals with
 * their properties' types, string, number (`integer` when integral), boolean and null literals,
 * `x as T` / `x satisfies T` / a variable declared `const x: T` (through type-schema.ts), and a
 * variable initialised with a literal in the same function. Anything else is `{}`: a value of
 * no known type, still a named property of the object around it.
 */
import type * as TS from 'typescript';
import type { FileIndex } from './file-index.js';
import { ts } from './source-cache.js';
import { schemaOfType, type JsonSchema } from './type-schema.js';

/** What a function's variables were declared with: a type, and the value when it is a literal. */
export interface LocalVariable {
  readonly type: TS.TypeNode | undefined;
  readonly initializer: TS.Expression | undefined;
}

const MAX_DEPTH = 8;

export function shapeOf(index: FileIndex, node: TS.Expression, variables: ReadonlyMap<string, LocalVariable | null>, depth = 0): JsonSchema {
  const t = ts();
  if (depth > MAX_DEPTH) return {};
  if (t.isParenthesizedExpression(node) || t.isAwaitExpression(node) || t.isNonNullExpression(node)) return shapeOf(index, node.expression, variables, depth);
  if (t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) {
    return schemaOfType(index, node.type) ?? shapeOf(index, node.expression, variables, depth);
  }
  if (t.isStringLiteralLike(node) || t.isTemplateExpression(node)) return { type: 'string' };
  if (t.isNumericLiteral(node)) return { type: Number.isInteger(Number(node.text)) ? 'integer' : 'number' };
  if (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(node.operand)) return shapeOf(index, node.operand, variables, depth);
  switch (node.kind) {
    case t.SyntaxKind.TrueKeyword:
    case t.SyntaxKind.FalseKeyword:
      return { type: 'boolean' };
    case t.SyntaxKind.NullKeyword:
      return { type: 'null' };
  }
  if (t.isObjectLiteralExpression(node)) return objectShape(index, node, variables, depth);
  if (t.isArrayLiteralExpression(node)) return arrayShape(index, node, variables, depth);
  if (t.isIdentifier(node)) {
    const variable = variables.get(node.text);
    if (!variable) return {};
    const typed = variable.type && schemaOfType(index, variable.type);
    if (typed) return typed;
    return variable.initializer ? shapeOf(index, variable.initializer, variables, depth + 1) : {};
  }
  return {};
}

function objectShape(index: FileIndex, node: TS.ObjectLiteralExpression, variables: ReadonlyMap<string, LocalVariable | null>, depth: number): JsonSchema {
  const t = ts();
  const properties: Record<string, JsonSchema> = {};
  // `...rest`, `[key]: value`: more properties than the literal names, of names not known here.
  let more = false;
  for (const property of node.properties) {
    const name = property.name && (t.isIdentifier(property.name) || t.isStringLiteral(property.name) || t.isNumericLiteral(property.name)) ? property.name.text : undefined;
    if (name === undefined) {
      more = true;
      continue;
    }
    if (t.isPropertyAssignment(property)) properties[name] = shapeOf(index, property.initializer, variables, depth + 1);
    else if (t.isShorthandPropertyAssignment(property)) properties[name] = shapeOf(index, property.name, variables, depth + 1);
  }
  const names = Object.keys(properties);
  // `true`, which no converter of docgen's writes (a map is `additionalProperties: {}` or a
  // schema): what traffic may fill (src/learn/fill-open.ts) is told apart from a declared map.
  return { type: 'object', ...(names.length ? { properties, required: names } : {}), ...(more ? { additionalProperties: true } : {}) };
}

function arrayShape(index: FileIndex, node: TS.ArrayLiteralExpression, variables: ReadonlyMap<string, LocalVariable | null>, depth: number): JsonSchema {
  const t = ts();
  if (node.elements.some((element) => t.isSpreadElement(element) || t.isOmittedExpression(element))) return { type: 'array' };
  const items = new Map<string, JsonSchema>();
  for (const element of node.elements) {
    const schema = shapeOf(index, element, variables, depth + 1);
    items.set(JSON.stringify(schema), schema);
  }
  // One shape for every element, else only that it is an array.
  return items.size === 1 ? { type: 'array', items: [...items.values()][0]! } : { type: 'array' };
}
