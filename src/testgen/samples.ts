/**
 * Example values for parameters and request bodies: the document's own examples when it has
 * them, otherwise a small instance built from the JSON Schema. Builders never loop: a `$ref`
 * already being expanded yields nothing (the property is left out).
 */
import { isObject, own, type Obj } from '../validate/spec.js';
import { localPointer, valueAt } from '../openapi/json-pointer.js';

export interface Sampler {
  /** Why a value may be rejected by the server (shown as comments in the generated test). */
  readonly notes: string[];
  fromSchema(schema: unknown, label: string): unknown;
}

/** A value the builder could not produce (a `$ref` cycle): the caller leaves it out. */
export const NONE: unique symbol = Symbol('none');

const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '00:00:00Z',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/example',
  iri: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'ZXhhbXBsZQ==',
  duration: 'P1D',
};

/** Tried in order against a `pattern`: the first that matches is used. */
const PATTERN_CANDIDATES = ['example', 'a', 'A', '1', 'abc', 'ABC', '123', 'a1', 'A1', 'example-1', 'example_1', '0', 'a-b', 'a.b', 'a b'];

/** The first example an Example Object map or a schema's `examples` array holds. */
export function firstExample(document: Obj, examples: unknown): { found: boolean; value?: unknown } {
  if (Array.isArray(examples)) return examples.length ? { found: true, value: examples[0] } : { found: false };
  if (!isObject(examples)) return { found: false };
  for (const raw of Object.values(examples)) {
    const example = deref(document, raw);
    if (isObject(example) && 'value' in example) return { found: true, value: example.value };
  }
  return { found: false };
}

/** Follows local `$ref`s; a reference that does not resolve (or loops) gives undefined. */
export function deref(document: Obj, value: unknown): unknown {
  const seen = new Set<string>();
  let current = value;
  while (isObject(current) && typeof current.$ref === 'string') {
    const pointer = localPointer(current.$ref);
    if (pointer === undefined || seen.has(pointer)) return undefined;
    seen.add(pointer);
    current = valueAt(document, pointer);
  }
  return current;
}

export function sampler(document: Obj): Sampler {
  const notes: string[] = [];
  const expanding: string[] = [];

  const build = (raw: unknown, label: string): unknown => {
    if (raw === true || raw === undefined) return 'example';
    if (!isObject(raw)) return NONE;
    if (typeof raw.$ref === 'string') {
      const pointer = localPointer(raw.$ref);
      if (pointer === undefined || expanding.includes(pointer)) return NONE;
      expanding.push(pointer);
      try {
        return build(valueAt(document, pointer), label);
      } finally {
        expanding.pop();
      }
    }
    const schema = raw;
    if ('example' in schema) return schema.example;
    const listed = firstExample(document, Array.isArray(schema.examples) ? schema.examples : undefined);
    if (listed.found) return listed.value;
    if ('default' in schema) return schema.default;
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.allOf)) {
      // Keywords beside allOf (properties, required...) are one more part.
      const { allOf, ...rest } = schema;
      const parts: unknown[] = ['type', 'properties', 'required', 'items'].some((k) => k in rest) ? [...allOf, rest] : allOf;
      return mergeAll(parts.map((part) => build(part, label)).filter((v) => v !== NONE));
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const options = schema[key];
      if (!Array.isArray(options)) continue;
      // The first alternative that can be built, preferring one that is not just null.
      const values = options.map((option: unknown) => build(option, label)).filter((v) => v !== NONE);
      return values.find((v) => v !== null) ?? values[0] ?? NONE;
    }
    switch (typeOf(schema)) {
      case 'object':
        return objectSample(schema, label);
      case 'array':
        return arraySample(schema, label);
      case 'integer':
        return numberSample(schema, true);
      case 'number':
        return numberSample(schema, false);
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return stringSample(schema, label);
    }
  };

  const objectSample = (schema: Obj, label: string): Record<string, unknown> => {
    const properties = isObject(schema.properties) ? schema.properties : {};
    // No prototype: a property named __proto__ is then an ordinary one.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof name !== 'string') continue;
      const property = deref(document, own(properties, name));
      // readOnly properties are not sent in requests, even when required (they are for responses).
      if (isObject(property) && property.readOnly === true) continue;
      const value = build(own(properties, name) ?? true, `${label}.${name}`);
      if (value !== NONE) out[name] = value;
    }
    return out;
  };

  const arraySample = (schema: Obj, label: string): unknown[] => {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    const length = Math.min(Math.max(min, 1), max, 10);
    const item = build(schema.items ?? true, `${label}[]`);
    return item === NONE ? [] : Array.from({ length }, () => item);
  };

  const stringSample = (schema: Obj, label: string): string => {
    const format = typeof schema.format === 'string' && Object.hasOwn(FORMAT_SAMPLES, schema.format) ? FORMAT_SAMPLES[schema.format] : undefined;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    const fit = (s: string): string => (s.length < min ? s + 'x'.repeat(min - s.length) : s.slice(0, max));
    if (typeof schema.pattern !== 'string') return fit(format ?? 'example');
    const pattern = compile(schema.pattern);
    const candidates = [...(format ? [format] : []), ...PATTERN_CANDIDATES].map(fit);
    const match = pattern ? candidates.find((c) => pattern.test(c)) : undefined;
    if (match !== undefined) return match;
    const fallback = candidates[0]!;
    notes.push(`${label}: the sample ${JSON.stringify(fallback)} may not match the pattern ${JSON.stringify(schema.pattern)}; edit it if the server checks`);
    return fallback;
  };

  return { notes, fromSchema: build };
}

/** OpenAPI patterns are ECMA-262 regular expressions; undefined when this one does not compile. */
function compile(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the unicode flag, then give up
    }
  }
  return undefined;
}

/** The schema's type, the first non-null one of a 3.1 type list, or one implied by its keywords. */
function typeOf(schema: Obj): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (isObject(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** 1, moved inside the schema's bounds (3.0 boolean and 3.1 numeric exclusive bounds). */
function numberSample(schema: Obj, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let value = 1;
  const lower = bound(schema, 'minimum', 'exclusiveMinimum');
  const upper = bound(schema, 'maximum', 'exclusiveMaximum');
  if (lower && value < lower.value + (lower.exclusive ? step : 0)) value = lower.value + (lower.exclusive ? step : 0);
  if (upper && value > upper.value - (upper.exclusive ? step : 0)) value = upper.value - (upper.exclusive ? step : 0);
  return integer ? Math.ceil(value) : value;
}

function bound(schema: Obj, inclusive: string, exclusive: string): { value: number; exclusive: boolean } | undefined {
  const strict = schema[exclusive];
  if (typeof strict === 'number') return { value: strict, exclusive: true };
  const plain = schema[inclusive];
  if (typeof plain === 'number') return { value: plain, exclusive: strict === true };
  return undefined;
}

/** allOf parts: objects are merged, anything else is taken from the first part. */
function mergeAll(values: readonly unknown[]): unknown {
  if (values.length && values.every((v) => isObject(v))) return Object.assign({}, ...values);
  return values.find((v) => !isObject(v)) ?? values[0] ?? {};
}
