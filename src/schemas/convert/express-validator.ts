/**
 * express-validator chains are no schema objects: each chain (`body('email').isEmail()`, or one
 * of the chains `checkSchema()` returns) exposes its builder, with the fields, the request
 * locations and the validators in order. docgen turns the validators whose meaning JSON Schema
 * has (types, formats, bounds, enums, patterns) into the field's schema.
 */
import type { RequestTarget, SchemaBindings } from '../bindings.js';
import type { JsonSchema, JsonValue } from '../json-schema.js';
import { toJson } from '../json-schema.js';

interface Builder {
  fields: unknown[];
  locations: unknown[];
  stack: unknown[];
  optional: unknown;
}

interface Item {
  validator?: unknown;
  options?: unknown[];
  negated?: boolean;
}

const LOCATIONS: Record<string, RequestTarget> = { body: 'body', query: 'query', params: 'path', headers: 'header', cookies: 'cookie' };

export interface ChainSchema {
  readonly target: RequestTarget;
  /** An object schema with the chain's fields as (nested) properties. */
  readonly schema: JsonSchema;
  readonly problems: string[];
}

export function chainBuilder(fn: unknown): Builder | undefined {
  const builder = (fn as { builder?: Partial<Builder> & { build?: unknown } } | undefined)?.builder;
  if (!builder || typeof builder !== 'object' || typeof builder.build !== 'function') return undefined;
  return Array.isArray(builder.fields) && Array.isArray(builder.locations) && Array.isArray(builder.stack) ? (builder as Builder) : undefined;
}

/**
 * Only chains with one location are documented: `check('id')` looks in every part of the request
 * and says nothing about where the field really is.
 */
export function chainSchema(builder: Builder, bindings: SchemaBindings): ChainSchema | { skipped: string } {
  const locations = builder.locations.filter((l): l is string => typeof l === 'string');
  if (locations.length !== 1 || !LOCATIONS[locations[0]!]) return { skipped: `a chain that looks in ${locations.length ? locations.join(', ') : 'every location'} is not documented (only a chain on one location says where its field is)` };
  const target = LOCATIONS[locations[0]!]!;
  const problems: string[] = [];
  const fields = builder.fields.filter((f): f is string => typeof f === 'string');
  const field = fieldSchema(builder.stack, target, bindings, problems, fields.join(', '));
  const required = builder.optional === false || builder.optional === undefined;
  const root: JsonSchema = { type: 'object', properties: {} };
  for (const path of fields) place(root, path.split('.'), field, required);
  return { target, schema: root, problems };
}

/** Puts `schema` at a dotted path (`address.city`, `tags.*`) inside an object schema. */
function place(object: JsonSchema, segments: string[], schema: JsonSchema, required: boolean): void {
  const [head, ...rest] = segments;
  if (head === undefined || head === '' || head === '*') return;
  const properties = object.properties as Record<string, JsonValue>;
  if (required) object.required = [...new Set([...((object.required as string[] | undefined) ?? []), head])];
  if (rest.length === 0) {
    properties[head] = { ...((properties[head] as JsonSchema | undefined) ?? {}), ...schema };
    return;
  }
  if (rest[0] === '*') {
    const array = ((properties[head] as JsonSchema | undefined) ?? { type: 'array' }) as JsonSchema;
    properties[head] = array;
    if (rest.length === 1) {
      array.items = { ...((array.items as JsonSchema | undefined) ?? {}), ...schema };
      return;
    }
    const items = ((array.items as JsonSchema | undefined) ?? { type: 'object', properties: {} }) as JsonSchema;
    items.properties ??= {};
    array.items = items;
    place(items, rest.slice(1), schema, required);
    return;
  }
  const child = ((properties[head] as JsonSchema | undefined) ?? { type: 'object', properties: {} }) as JsonSchema;
  child.properties ??= {};
  properties[head] = child;
  place(child, rest, schema, required);
}

function fieldSchema(stack: unknown[], target: RequestTarget, bindings: SchemaBindings, problems: string[], fields: string): JsonSchema {
  // Parameters arrive as strings; a body field has no type until a validator says so.
  const out: JsonSchema = target === 'body' ? {} : { type: 'string' };
  for (const raw of stack) {
    const item = raw as Item;
    if (typeof item?.validator !== 'function' || item.negated) {
      // a negated validator (`not().isEmpty()` is notEmpty) says what the value is not
      if (item?.negated && (item.validator as { name?: string }).name === 'isEmpty') out.minLength = 1;
      continue;
    }
    const call = bindings.callThatAdded(item);
    if (call) {
      applyCustom(out, call.method, call.args[0]);
      continue;
    }
    if (!Array.isArray(item.options)) {
      const problem = `a custom validator on ${fields} has no JSON Schema form (documented without it)`;
      if (!problems.includes(problem)) problems.push(problem);
      continue;
    }
    applyStandard(out, (item.validator as { name: string }).name, item.options);
  }
  return out;
}

function applyCustom(out: JsonSchema, method: string, options: unknown): void {
  const bounds = (options ?? {}) as { min?: unknown; max?: unknown };
  if (method === 'isString') out.type = 'string';
  else if (method === 'isObject') out.type = 'object';
  else if (method === 'isArray') {
    out.type = 'array';
    if (typeof bounds.min === 'number') out.minItems = bounds.min;
    if (typeof bounds.max === 'number') out.maxItems = bounds.max;
  }
}

const FORMATS: Record<string, string> = { isEmail: 'email', isURL: 'uri', isUUID: 'uuid', isDate: 'date' };

function applyStandard(out: JsonSchema, name: string, options: unknown[]): void {
  const first = (options[0] ?? {}) as Record<string, unknown>;
  const number = (key: string): number | undefined => (typeof first[key] === 'number' ? (first[key] as number) : undefined);
  if (FORMATS[name]) {
    out.type = 'string';
    out.format = FORMATS[name]!;
  } else if (name === 'isInt' || name === 'isFloat' || name === 'isDecimal' || name === 'isNumeric') {
    out.type = name === 'isInt' ? 'integer' : 'number';
    if (number('min') !== undefined) out.minimum = number('min')!;
    if (number('max') !== undefined) out.maximum = number('max')!;
    if (number('gt') !== undefined) out.exclusiveMinimum = number('gt')!;
    if (number('lt') !== undefined) out.exclusiveMaximum = number('lt')!;
  } else if (name === 'isBoolean') {
    out.type = 'boolean';
  } else if (name === 'isLength') {
    out.type ??= 'string';
    if (number('min') !== undefined) out.minLength = number('min')!;
    if (number('max') !== undefined) out.maxLength = number('max')!;
  } else if (name === 'isIn' && Array.isArray(options[0])) {
    const values = options[0].map((v) => toJson(v)).filter((v): v is JsonValue => v !== undefined);
    out.enum = values;
  } else if (name === 'matches') {
    const pattern = options[0];
    if (pattern instanceof RegExp) out.pattern = pattern.source;
    else if (typeof pattern === 'string') out.pattern = pattern;
  } else if (name === 'isISO8601') {
    // a date or a date-time: no single JSON Schema format says both
    out.type = 'string';
  } else if (name === 'isAlphanumeric') {
    out.pattern = '^[0-9A-Za-z]*$';
  }
}
