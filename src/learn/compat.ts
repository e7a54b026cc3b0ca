/**
 * Whether what traffic showed (a shape) contradicts what the document declares (a schema),
 * without any value: by JSON type, by the string formats every sample matched, by which fields
 * were present in every object, by properties a closed object does not allow. A declared schema
 * is never changed; each conflict names the declared node (a JSON pointer into the document),
 * what it declares, and what was seen as a type or a count.
 *
 * Keywords about values (enum members, patterns, bounds, lengths) cannot be checked against a
 * shape and are not: `docgen verify` checks them on each exchange.
 */
import { child, localPointer, valueAt } from '../openapi/json-pointer.js';
import { isObject } from '../openapi/json.js';
import { count } from '../plural.js';
import { jsonTypeOf } from '../schemas/json-schema.js';
import { describeShape, kindsOf, STRING_FORMATS, type Shape, type ShapeKind, type StringFormat } from './shape.js';

export interface ShapeConflict {
  /** JSON pointer into the document: the declared schema node the traffic contradicts. */
  readonly pointer: string;
  /** What the node declares: `type integer`, `required property "email"`, `format uuid`. */
  readonly declared: string;
  /** What traffic showed, as types or counts: `string`, `absent in 3 of 10 objects`. */
  readonly seen: string;
}

export interface CompatContext {
  /** The document, to resolve local `$ref`s. */
  readonly document: unknown;
  /** The values came as text on the wire (parameters, form fields): `"42"` fits `type: string` too. */
  readonly wire?: boolean;
}

/** Every conflict between `shape` and the schema at `pointer` (itself at `schema`). */
export function shapeConflicts(shape: Shape, schema: unknown, pointer: string, context: CompatContext): ShapeConflict[] {
  const out: ShapeConflict[] = [];
  check(shape, schema, pointer, context, out, 0);
  return out;
}

/** `$ref` chains that never reach a schema (a loop) stop here. */
const MAX_REF_HOPS = 32;

function check(shape: Shape, schema: unknown, pointer: string, context: CompatContext, out: ShapeConflict[], hops: number): void {
  if (shape.count === 0 || shape.deeper === shape.count) return;
  if (schema === false) {
    out.push({ pointer, declared: 'nothing (the schema is false)', seen: describeShape(shape) });
    return;
  }
  if (!isObject(schema)) return;
  if (typeof schema.$ref === 'string') {
    const target = localPointer(schema.$ref);
    if (target !== undefined && hops < MAX_REF_HOPS) {
      const resolved = valueAt(context.document, target);
      if (resolved !== undefined) check(shape, resolved, target, context, out, hops + 1);
    }
    // JSON Schema 2020-12: the keywords beside a $ref apply as well.
  }
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((branch, i) => check(shape, branch, child(pointer, 'allOf', i), context, out, hops));
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    // Each kind of value seen must fit some alternative (a string fits one, an integer another).
    for (const part of partsOf(shape)) {
      const fits = branches.some((branch, i) => shapeConflicts(part, branch, child(pointer, keyword, i), context).length === 0);
      if (!fits) out.push({ pointer: child(pointer, keyword), declared: `one of ${branches.length} alternatives`, seen: `${describeShape(part)}, which fits none` });
    }
  }
  const types = declaredTypes(schema);
  if (types) {
    const rejected = partsOf(shape).filter((part) => !accepts(types, kindsOf(part)[0]!, context.wire === true));
    if (rejected.length) out.push({ pointer: child(pointer, typeof schema.type === 'undefined' ? ('enum' in schema ? 'enum' : 'const') : 'type'), declared: `type ${[...types].join(' or ')}`, seen: rejected.map((part) => describeShape(part)).join(' and ') });
  }
  const allows = (kind: 'object' | 'array' | 'string'): boolean => !types || types.has(kind);
  if (allows('string') && typeof schema.format === 'string' && STRING_FORMATS.includes(schema.format as StringFormat)) {
    const format = schema.format as StringFormat;
    // On the wire, `42` and `true` are texts too, and none of these formats.
    const wireTexts = context.wire === true && Boolean(shape.integer || shape.number || shape.boolean);
    if ((shape.string && !shape.string.formats.includes(format)) || wireTexts) {
      out.push({ pointer: child(pointer, 'format'), declared: `format ${format}`, seen: `${context.wire ? 'texts' : 'strings'} that are not all ${format}` });
    }
  }
  if (shape.object && allows('object')) checkObject(shape, schema, pointer, context, out, hops);
  if (shape.array?.items && allows('array') && !('prefixItems' in schema) && schema.items !== undefined) {
    check(shape.array.items, schema.items, child(pointer, 'items'), context, out, hops);
  }
  // `?tag=a` for a declared array parameter: the single value is one item.
  if (context.wire && types?.has('array') && schema.items !== undefined) {
    const scalars = scalarPart(shape);
    if (scalars.count) check(scalars, schema.items, child(pointer, 'items'), context, out, hops);
  }
}

function checkObject(shape: Shape, schema: Record<string, unknown>, pointer: string, context: CompatContext, out: ShapeConflict[], hops: number): void {
  const object = shape.object!;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  const additional = schema.additionalProperties;
  for (const name of Object.keys(object.properties).sort()) {
    const property = object.properties[name]!;
    if (Object.hasOwn(properties, name)) {
      check(property, properties[name], child(pointer, 'properties', name), context, out, hops);
      continue;
    }
    const matching = patterns.filter(([pattern]) => matches(pattern, name));
    if (matching.length) {
      for (const [pattern, sub] of matching) check(property, sub, child(pointer, 'patternProperties', pattern), context, out, hops);
    } else if (additional === false) {
      out.push({ pointer: child(pointer, 'additionalProperties'), declared: 'no other properties', seen: `property "${name}" in ${property.count} of ${count(object.count, 'object')}` });
    } else if (isObject(additional)) check(property, additional, child(pointer, 'additionalProperties'), context, out, hops);
  }
  if (object.additional) {
    if (additional === false && patterns.length === 0) {
      out.push({ pointer: child(pointer, 'additionalProperties'), declared: 'no other properties', seen: 'properties named by values (ids, dates...)' });
    } else if (isObject(additional)) check(object.additional, additional, child(pointer, 'additionalProperties'), context, out, hops);
  }
  // A map's field names were not kept: whether a declared field was always there is unknown.
  if (object.map || !Array.isArray(schema.required)) return;
  for (const name of schema.required) {
    if (typeof name !== 'string') continue;
    const present = object.properties[name]?.count ?? 0;
    if (present < object.count) {
      out.push({
        pointer: child(pointer, 'required'),
        declared: `required property "${name}"`,
        seen: absence(present, object.count, 'object'),
      });
    }
  }
}

/** `absent in 2 of 5 objects`, `absent in the 1 object`, `absent in all 3 objects`. */
export function absence(present: number, total: number, noun: string): string {
  if (present === 0) return total === 1 ? `absent in the 1 ${noun}` : `absent in all ${count(total, noun)}`;
  return `absent in ${total - present} of ${count(total, noun)}`;
}

function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false;
  }
}

/** The JSON types a schema allows, from `type`, else from `const` or `enum`; undefined: any. */
function declaredTypes(schema: Record<string, unknown>): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type.filter((t): t is string => typeof t === 'string'));
  if ('const' in schema) return new Set([jsonTypeOf(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonTypeOf));
  return undefined;
}

function accepts(types: ReadonlySet<string>, kind: ShapeKind, wire: boolean): boolean {
  if (wire && kind !== 'array' && kind !== 'object' && (types.has('string') || types.has('array'))) return true;
  switch (kind) {
    case 'integer':
      return types.has('integer') || types.has('number');
    case 'binary':
      return types.has('string');
    default:
      return types.has(kind);
  }
}

/** The shape split by kind: one part per JSON type seen. */
function partsOf(shape: Shape): Shape[] {
  return kindsOf(shape).map((kind): Shape => {
    switch (kind) {
      case 'object':
        return { count: shape.object!.count, object: shape.object! };
      case 'array':
        return { count: shape.array!.count, array: shape.array! };
      case 'string':
        return { count: shape.string!.count, string: shape.string! };
      default:
        return { count: shape[kind]!, [kind]: shape[kind] };
    }
  });
}

function scalarPart(shape: Shape): Shape {
  const part: Shape = { count: 0 };
  for (const kind of ['integer', 'number', 'boolean', 'binary'] as const) {
    if (shape[kind]) {
      part[kind] = shape[kind];
      part.count += shape[kind]!;
    }
  }
  if (shape.string) {
    part.string = shape.string;
    part.count += shape.string.count;
  }
  return part;
}
