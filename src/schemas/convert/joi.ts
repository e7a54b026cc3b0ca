/**
 * joi. joi 18 converts itself (Standard JSON Schema, used first); for joi 17 docgen converts
 * `schema.describe()`, joi's public description of a schema. Either way the description tells
 * what JSON Schema leaves out (`.custom()` rules, `.when()` conditions), reported as problems.
 */
import type { JsonSchema, JsonValue } from '../json-schema.js';
import { toJson } from '../json-schema.js';
import type { Direction } from './types.js';

export interface JoiSchema {
  describe(): JoiDescription;
  $_root?: { compile?(value: unknown): unknown };
}

interface JoiDescription {
  type?: string;
  flags?: Record<string, unknown>;
  rules?: Array<{ name: string; args?: Record<string, unknown> }>;
  keys?: Record<string, JoiDescription>;
  items?: JoiDescription[];
  matches?: Array<{ schema?: JoiDescription; then?: JoiDescription; otherwise?: JoiDescription }>;
  allow?: unknown[];
  whens?: unknown[];
  metas?: unknown[];
}

export function isJoi(schema: unknown): schema is JoiSchema {
  const candidate = schema as Partial<JoiSchema> & { isJoi?: unknown; $_root?: unknown } | undefined;
  return !!candidate && typeof candidate === 'object' && typeof candidate.describe === 'function' && (candidate.isJoi === true || typeof candidate.$_root === 'object');
}

/** A name from `meta({ className })` (the convention of joi's OpenAPI tools) or `.id()`. */
export function joiName(description: JoiDescription): string | undefined {
  for (const meta of description.metas ?? []) {
    const name = (meta as { className?: unknown } | null)?.className;
    if (typeof name === 'string' && name) return name;
  }
  const id = description.flags?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** What joi's own converter drops without a word. */
export function joiLosses(description: JoiDescription, problems: string[], path = ''): void {
  const at = path ? ` at ${path}` : '';
  const note = (text: string): void => {
    if (!problems.includes(text)) problems.push(text);
  };
  for (const rule of description.rules ?? []) if (rule.name === 'custom') note(`a .custom() rule${at} has no JSON Schema form (documented without it)`);
  if (description.whens?.length) note(`a .when() condition${at} has no JSON Schema form (documented as its alternatives)`);
  if (['function', 'symbol'].includes(description.type ?? '')) note(`Joi.${description.type}()${at} has no JSON Schema form`);
  for (const [key, child] of Object.entries(description.keys ?? {})) joiLosses(child, problems, path ? `${path}.${key}` : key);
  for (const item of description.items ?? []) joiLosses(item, problems, `${path}[]`);
  for (const match of description.matches ?? []) for (const child of [match.schema, match.then, match.otherwise]) if (child) joiLosses(child, problems, path);
}

/** joi 17: JSON Schema from the description. */
export function fromJoiDescription(description: JoiDescription, direction: Direction, problems: string[]): JsonSchema {
  const convert = (node: JoiDescription): JsonSchema => {
    const flags = node.flags ?? {};
    const rule = (name: string): Record<string, unknown> | undefined => node.rules?.find((r) => r.name === name)?.args ?? (node.rules?.some((r) => r.name === name) ? {} : undefined);
    const limit = (name: string): number | undefined => {
      const value = rule(name)?.limit;
      return typeof value === 'number' ? value : undefined;
    };
    let out: JsonSchema;
    switch (node.type) {
      case 'string': {
        out = { type: 'string' };
        if (limit('min') !== undefined) out.minLength = limit('min')!;
        if (limit('max') !== undefined) out.maxLength = limit('max')!;
        if (limit('length') !== undefined) out.minLength = out.maxLength = limit('length')!;
        if (rule('email')) out.format = 'email';
        if (rule('uri')) out.format = 'uri';
        if (rule('guid')) out.format = 'uuid';
        if (rule('isoDate')) out.format = 'date-time';
        const pattern = rule('pattern')?.regex;
        if (typeof pattern === 'string') out.pattern = pattern.replace(/^\/(.*)\/[a-z]*$/s, '$1');
        if (!flags.only && !(node.allow ?? []).includes('')) out.minLength ??= 1;
        break;
      }
      case 'number': {
        out = { type: rule('integer') ? 'integer' : 'number' };
        if (limit('min') !== undefined) out.minimum = limit('min')!;
        if (limit('max') !== undefined) out.maximum = limit('max')!;
        if (limit('greater') !== undefined) out.exclusiveMinimum = limit('greater')!;
        if (limit('less') !== undefined) out.exclusiveMaximum = limit('less')!;
        if (typeof rule('multiple')?.base === 'number') out.multipleOf = rule('multiple')!.base as number;
        break;
      }
      case 'boolean':
        out = { type: 'boolean' };
        break;
      case 'date':
        out = { type: 'string', format: 'date-time' };
        break;
      case 'array': {
        out = { type: 'array' };
        const items = (node.items ?? []).map(convert);
        if (items.length === 1) out.items = items[0]!;
        else if (items.length > 1) out.items = { anyOf: items };
        if (limit('min') !== undefined) out.minItems = limit('min')!;
        if (limit('max') !== undefined) out.maxItems = limit('max')!;
        if (limit('length') !== undefined) out.minItems = out.maxItems = limit('length')!;
        if (rule('unique')) out.uniqueItems = true;
        break;
      }
      case 'object': {
        out = { type: 'object' };
        if (node.keys) {
          const properties: Record<string, JsonValue> = {};
          const required: string[] = [];
          for (const [key, child] of Object.entries(node.keys)) {
            const presence = child.flags?.presence;
            if (presence === 'forbidden') continue;
            properties[key] = convert(child);
            if (presence === 'required' || (direction === 'output' && child.flags?.default !== undefined)) required.push(key);
          }
          out.properties = properties;
          if (required.length) out.required = required;
          if (flags.unknown !== true) out.additionalProperties = false;
        }
        break;
      }
      case 'alternatives':
        out = { anyOf: (node.matches ?? []).flatMap((m) => [m.schema, m.then, m.otherwise].filter((s): s is JoiDescription => !!s)).map(convert) };
        break;
      case 'any':
        out = {};
        break;
      default:
        if (!problems.includes(`Joi.${node.type}()`)) problems.push(`Joi.${node.type}() has no JSON Schema form`);
        out = {};
    }
    const allowed = (node.allow ?? []).map((v) => toJson(v)).filter((v): v is JsonValue => v !== undefined);
    if (flags.only && allowed.length) {
      out.enum = allowed;
    } else if (allowed.length) {
      out = { anyOf: [out, { enum: allowed }] };
    }
    const def = toJson(flags.default);
    if (def !== undefined && typeof flags.default !== 'function') out.default = def;
    if (typeof flags.description === 'string') out.description = flags.description;
    if (typeof flags.label === 'string') out.title = flags.label;
    return out;
  };
  return convert(description);
}
