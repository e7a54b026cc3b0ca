/**
 * Shapes: what the learner keeps of the JSON values it sees (bodies, parameters). A value is
 * looked at once and reduced to counts per JSON type, the names of its fields, the string
 * formats every sample matched so far, and its arrays' merged items; the value itself is
 * dropped. Shapes merge: `mergeShapes` is commutative and associative, so the same multiset of
 * samples gives the same shape in any order and any grouping (workers, processes, runs), and a
 * shape grows with the API's structure, never with the number of samples.
 *
 * `shapeToSchema` turns a shape into the JSON Schema (2020-12, as OpenAPI 3.1 uses) a careful
 * person would write: `integer` unless a sample had a fraction, `required` for the fields every
 * sample had, `null` beside the other types, a format only when every string matched it,
 * `additionalProperties` for objects used as maps, and never an `enum` (values are private).
 *
 * Bounds: nesting is cut at MAX_DEPTH (the schema says so) and an object with more than
 * MAX_PROPERTIES distinct field names is described as a map, whatever its keys look like.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { child } from '../openapi/json-pointer.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import { isValueLikeName } from './names.js';

/** Nesting below this many levels is not looked at; the schema says it was cut. */
export const MAX_DEPTH = 10;
/** More distinct field names than this in one object position: it is a map. */
export const MAX_PROPERTIES = 100;

/** The string formats docgen infers, checked with ajv-formats' own definitions (the ones `verify` validates with). */
export type StringFormat = 'date' | 'date-time' | 'email' | 'uri' | 'uuid';
/** Sorted, as shapes keep them. */
export const STRING_FORMATS: readonly StringFormat[] = ['date', 'date-time', 'email', 'uri', 'uuid'];
/** Which format a schema states when several matched every sample. */
const FORMAT_PREFERENCE: readonly StringFormat[] = ['date-time', 'date', 'uuid', 'email', 'uri'];

/** A file part of a multipart body: binary content, never read. */
export const BINARY: unique symbol = Symbol('docgen.binary');

export interface StringShape {
  count: number;
  /** The formats every string sample matched (sorted). */
  formats: StringFormat[];
}

export interface ArrayShape {
  count: number;
  /** All items of all samples, merged; absent when every array was empty. */
  items?: Shape;
}

export interface ObjectShape {
  count: number;
  /** Field name -> the shape of its values; the child's count is in how many objects it was present. */
  properties: Record<string, Shape>;
  /** Values under keys that are values themselves (ids, dates...), or all values once the object is a map. */
  additional?: Shape;
  /** The object had too many distinct field names: every field is described by `additional`. */
  map?: true;
}

export interface Shape {
  /** Samples summarised here. */
  count: number;
  null?: number;
  boolean?: number;
  /** Numbers without a fraction. */
  integer?: number;
  /** Numbers with a fraction. */
  number?: number;
  string?: StringShape;
  array?: ArrayShape;
  object?: ObjectShape;
  /** Files (multipart parts with a filename). */
  binary?: number;
  /** Samples below MAX_DEPTH, not looked at. */
  deeper?: number;
}

/** A record without a prototype: keys seen in traffic (`__proto__`, `constructor`) are plain keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptyShape(): Shape {
  return { count: 0 };
}

export interface SampleOptions {
  /**
   * The value came as text on the wire (a path or query parameter, a form field): `"42"` is an
   * integer sample, `"true"` a boolean one, anything else a string.
   */
  readonly wire?: boolean;
}

/** Adds one sample to `shape` in place: the same result as `mergeShapes(shape, summarize(value))`. */
export function addSample(shape: Shape, value: unknown, options: SampleOptions = {}): void {
  add(shape, value, 0, options.wire === true);
}

/** The shape of one value. */
export function summarize(value: unknown, options: SampleOptions = {}): Shape {
  const shape = emptyShape();
  addSample(shape, value, options);
  return shape;
}

function add(shape: Shape, value: unknown, depth: number, wire: boolean): void {
  if (!isSample(value)) return;
  shape.count++;
  if (depth > MAX_DEPTH) {
    shape.deeper = (shape.deeper ?? 0) + 1;
    return;
  }
  if (value === null) shape.null = (shape.null ?? 0) + 1;
  else if (value === BINARY) shape.binary = (shape.binary ?? 0) + 1;
  else if (typeof value === 'boolean') shape.boolean = (shape.boolean ?? 0) + 1;
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) shape.integer = (shape.integer ?? 0) + 1;
    else shape.number = (shape.number ?? 0) + 1;
  } else if (typeof value === 'string') {
    const wireKind = wire ? wireKindOf(value) : undefined;
    if (wireKind) shape[wireKind] = (shape[wireKind] ?? 0) + 1;
    else addString(shape, value);
  } else if (Array.isArray(value)) {
    const array = (shape.array ??= { count: 0 });
    array.count++;
    for (const item of value) add((array.items ??= emptyShape()), item, depth + 1, wire);
    if (array.items?.count === 0) delete array.items; // only non-samples inside
  } else {
    const object = (shape.object ??= { count: 0, properties: dict() });
    object.count++;
    let named = false;
    for (const key of Object.keys(value as object)) {
      const item = (value as Record<string, unknown>)[key];
      if (!isSample(item)) continue;
      // A key already among the properties was a field name when it was added: no need to look again.
      let into = object.map ? undefined : object.properties[key];
      if (!into) {
        if (object.map || isValueLikeName(key)) into = object.additional ??= emptyShape();
        else {
          into = object.properties[key] = emptyShape();
          named = true;
        }
      }
      add(into, item, depth + 1, wire);
    }
    if (named && Object.keys(object.properties).length > MAX_PROPERTIES) foldIntoMap(object);
  }
}

/** JSON values (and the BINARY marker); anything else (undefined, functions) is no sample. */
function isSample(value: unknown): boolean {
  if (value === null || value === BINARY) return true;
  const type = typeof value;
  if (type === 'number') return Number.isFinite(value);
  return type === 'string' || type === 'boolean' || type === 'object';
}

/** `"42"` on the wire is an integer, `"4.5"` a number, `"true"` a boolean; else a string. */
function wireKindOf(text: string): 'integer' | 'number' | 'boolean' | undefined {
  if (text === 'true' || text === 'false') return 'boolean';
  // 15 digits at most: longer digit strings are ids that do not fit a double, kept as strings.
  if (/^-?(?:0|[1-9]\d{0,14})$/.test(text)) return 'integer';
  if (/^-?(?:0|[1-9]\d{0,14})\.\d{1,15}$/.test(text)) return 'number';
  return undefined;
}

type FormatCheck = (text: string) => boolean;
const FORMAT_CHECKS: Record<StringFormat, FormatCheck> = {
  date: checkOf(fullFormats.date),
  'date-time': checkOf(fullFormats['date-time']),
  email: checkOf(fullFormats.email),
  uri: checkOf(fullFormats.uri),
  uuid: checkOf(fullFormats.uuid),
};

/** ajv-formats defines a format as a RegExp, a function, or `{ validate }` holding either. */
function checkOf(format: unknown): FormatCheck {
  const validate = typeof format === 'object' && format !== null && 'validate' in format ? (format as { validate: unknown }).validate : format;
  if (validate instanceof RegExp) return (text) => validate.test(text);
  if (typeof validate === 'function') return (text) => validate(text) === true;
  throw new Error('ajv-formats changed how it defines formats');
}

/** Shared by every string shape that has no format left (never changed in place: formats are replaced). */
const NO_FORMAT: StringFormat[] = Object.freeze([]) as unknown as StringFormat[];

function addString(shape: Shape, text: string): void {
  const string = shape.string;
  // Only the formats still possible are checked: once none is, strings cost a count.
  const candidates = string ? string.formats : STRING_FORMATS;
  const formats = candidates.length ? stillMatching(candidates, text) : NO_FORMAT;
  if (string) {
    string.count++;
    string.formats = formats;
  } else shape.string = { count: 1, formats };
}

/** The candidates `text` matches; the same array when it matches them all (format lists are never changed in place). */
function stillMatching(candidates: StringFormat[] | readonly StringFormat[], text: string): StringFormat[] {
  let kept: StringFormat[] | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const format = candidates[i]!;
    if (FORMAT_CHECKS[format](text)) kept?.push(format);
    else kept ??= candidates.slice(0, i);
  }
  return kept ?? (candidates === STRING_FORMATS ? [...STRING_FORMATS] : (candidates as StringFormat[]));
}

function foldIntoMap(object: ObjectShape): void {
  const additional = (object.additional ??= emptyShape());
  for (const key of Object.keys(object.properties).sort()) mergeInto(additional, object.properties[key]!);
  object.properties = dict();
  object.map = true;
}

/** A new shape: `a` and `b` merged. Neither is changed. */
export function mergeShapes(a: Shape, b: Shape): Shape {
  const merged = cloneShape(a);
  mergeInto(merged, b);
  return merged;
}

/** Merges `source` into `target` in place; `target` holds no part of `source` afterwards. */
export function mergeInto(target: Shape, source: Shape): void {
  target.count += source.count;
  for (const kind of ['null', 'boolean', 'integer', 'number', 'binary', 'deeper'] as const) {
    const count = source[kind];
    if (count) target[kind] = (target[kind] ?? 0) + count;
  }
  if (source.string) {
    if (target.string) {
      const keep = source.string.formats;
      target.string.count += source.string.count;
      target.string.formats = target.string.formats.filter((format) => keep.includes(format));
    } else target.string = { count: source.string.count, formats: [...source.string.formats] };
  }
  if (source.array) {
    const array = (target.array ??= { count: 0 });
    array.count += source.array.count;
    if (source.array.items) {
      if (array.items) mergeInto(array.items, source.array.items);
      else array.items = cloneShape(source.array.items);
    }
  }
  if (source.object) {
    const object = (target.object ??= { count: 0, properties: dict() });
    object.count += source.object.count;
    for (const key of Object.keys(source.object.properties)) {
      const from = source.object.properties[key]!;
      const into = object.properties[key];
      if (into) mergeInto(into, from);
      else object.properties[key] = cloneShape(from);
    }
    if (source.object.additional) {
      if (object.additional) mergeInto(object.additional, source.object.additional);
      else object.additional = cloneShape(source.object.additional);
    }
    // A map in one sample is a map in all: the union of names decides, in any order.
    if (source.object.map || object.map || Object.keys(object.properties).length > MAX_PROPERTIES) foldIntoMap(object);
  }
}

export function cloneShape(shape: Shape): Shape {
  const copy: Shape = { count: shape.count };
  for (const kind of ['null', 'boolean', 'integer', 'number', 'binary', 'deeper'] as const) if (shape[kind]) copy[kind] = shape[kind];
  if (shape.string) copy.string = { count: shape.string.count, formats: [...shape.string.formats] };
  if (shape.array) copy.array = shape.array.items ? { count: shape.array.count, items: cloneShape(shape.array.items) } : { count: shape.array.count };
  if (shape.object) {
    const properties = dict<Shape>();
    for (const key of Object.keys(shape.object.properties)) properties[key] = cloneShape(shape.object.properties[key]!);
    copy.object = { count: shape.object.count, properties };
    if (shape.object.additional) copy.object.additional = cloneShape(shape.object.additional);
    if (shape.object.map) copy.object.map = true;
  }
  return copy;
}

/** The JSON types a shape saw, in the order schemas list them. */
export type ShapeKind = 'object' | 'array' | 'string' | 'binary' | 'integer' | 'number' | 'boolean' | 'null';
const KIND_ORDER: readonly ShapeKind[] = ['object', 'array', 'string', 'binary', 'integer', 'number', 'boolean', 'null'];

export function kindsOf(shape: Shape): ShapeKind[] {
  return KIND_ORDER.filter((kind) => {
    const part = shape[kind];
    return typeof part === 'number' ? part > 0 : part !== undefined;
  });
}

/** `string`, `integer or null`, `object, array or null`: what was seen, as types, never values. */
export function describeShape(shape: Shape): string {
  if (shape.deeper === shape.count && shape.count > 0) return `values nested deeper than ${MAX_DEPTH} levels`;
  const kinds = kindsOf(shape).map((kind) => (kind === 'binary' ? 'file' : kind));
  if (kinds.length === 0) return 'nothing';
  return kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
}

/**
 * The JSON Schema for a shape. Keys come in one order (type, format, contentMediaType,
 * properties, required, additionalProperties, items), properties and required sorted, so equal
 * shapes give equal text.
 */
export function shapeToSchema(shape: Shape, options: SampleOptions = {}): JsonSchema {
  if (shape.count === 0) return {};
  if (shape.deeper) {
    return { description: `Not learned: nested deeper than ${MAX_DEPTH} levels`, 'x-docgen-learned-depth-limit': MAX_DEPTH };
  }
  return options.wire ? wireSchema(shape) : jsonSchema(shape);
}

const FILE: JsonSchema = { contentMediaType: 'application/octet-stream' };

function jsonSchema(shape: Shape): JsonSchema {
  const others = kindsOf(shape).filter((kind) => kind !== 'binary');
  // A multipart part that always carried a file is raw binary (OpenAPI 3.1 leaves `type` out);
  // one that was sometimes a file and sometimes a field is a string.
  if (shape.binary && others.length === 0) return { ...FILE };
  const types: string[] = [];
  if (shape.object) types.push('object');
  if (shape.array) types.push('array');
  if (shape.string || shape.binary) types.push('string');
  if (shape.number) types.push('number');
  else if (shape.integer) types.push('integer');
  if (shape.boolean) types.push('boolean');
  if (shape.null) types.push('null');
  const schema: JsonSchema = { type: types.length === 1 ? types[0]! : types };
  const format = shape.string && !shape.binary ? preferredFormat(shape.string.formats) : undefined;
  if (format) schema.format = format;
  if (shape.object) Object.assign(schema, objectKeywords(shape.object, {}));
  if (shape.array?.items) schema.items = shapeToSchema(shape.array.items);
  return schema;
}

/**
 * Values that came as text: one type for all of them (`integer` only when every sample was an
 * integer...), `string` as soon as they disagree; a key that was repeated is an array of them.
 */
function wireSchema(shape: Shape): JsonSchema {
  if (shape.object) return { type: 'object', ...objectKeywords(shape.object, { wire: true }) };
  const scalars: Shape = { count: shape.count - (shape.array?.count ?? 0) };
  for (const kind of ['integer', 'number', 'boolean', 'binary'] as const) if (shape[kind]) scalars[kind] = shape[kind];
  if (shape.string) scalars.string = { count: shape.string.count, formats: [...shape.string.formats] };
  if (shape.array) {
    // `?tag=a&tag=b` and `?tag=a`: both are the array parameter `tag`.
    const items = shape.array.items ? mergeShapes(shape.array.items, scalars) : scalars;
    return items.count ? { type: 'array', items: wireScalarSchema(items) } : { type: 'array' };
  }
  return wireScalarSchema(scalars);
}

function wireScalarSchema(shape: Shape): JsonSchema {
  const text = shape.string !== undefined || Boolean(shape.binary);
  const numeric = Boolean(shape.integer || shape.number);
  const boolean = Boolean(shape.boolean);
  if (shape.binary && !shape.string && !numeric && !boolean) return { ...FILE };
  if (text && !numeric && !boolean) {
    const format = shape.binary ? undefined : preferredFormat(shape.string!.formats);
    return format ? { type: 'string', format } : { type: 'string' };
  }
  if (!text && numeric && !boolean) return { type: shape.number ? 'number' : 'integer' };
  if (!text && !numeric && boolean) return { type: 'boolean' };
  return shape.count ? { type: 'string' } : {};
}

/** `properties`, `required` and `additionalProperties` of an object shape (its `type` is the caller's). */
function objectKeywords(object: ObjectShape, options: SampleOptions): JsonSchema {
  const schema: JsonSchema = {};
  const names = Object.keys(object.properties).sort();
  if (names.length) {
    // fromEntries: a field named `__proto__` is a key like any other.
    schema.properties = Object.fromEntries(names.map((name) => [name, shapeToSchema(object.properties[name]!, options)]));
    const required = names.filter((name) => object.properties[name]!.count === object.count);
    if (required.length) schema.required = required;
  }
  if (object.additional) schema.additionalProperties = shapeToSchema(object.additional, options);
  return schema;
}

function preferredFormat(formats: readonly StringFormat[]): StringFormat | undefined {
  return FORMAT_PREFERENCE.find((format) => formats.includes(format));
}

/** The shape's parts in a fixed key order (what the store writes and byte-compares). */
export function shapeToJson(shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = { count: shape.count };
  for (const kind of ['null', 'boolean', 'integer', 'number', 'binary', 'deeper'] as const) if (shape[kind]) out[kind] = shape[kind];
  if (shape.string) out.string = { count: shape.string.count, formats: [...shape.string.formats] };
  if (shape.array) out.array = shape.array.items ? { count: shape.array.count, items: shapeToJson(shape.array.items) } : { count: shape.array.count };
  if (shape.object) {
    const properties = Object.fromEntries(Object.keys(shape.object.properties).sort().map((key) => [key, shapeToJson(shape.object!.properties[key]!)]));
    const object: Record<string, unknown> = { count: shape.object.count, properties };
    if (shape.object.additional) object.additional = shapeToJson(shape.object.additional);
    if (shape.object.map) object.map = true;
    out.object = object;
  }
  return out;
}

/** Thrown by `shapeFromJson` for anything that is not a shape; `at` is a JSON pointer into the input. */
export class ShapeFormatError extends Error {
  constructor(
    readonly at: string,
    reason: string,
  ) {
    super(`${at || '/'}: ${reason}`);
  }
}

/** Reads a shape back from the store, checking every part; throws ShapeFormatError. */
export function shapeFromJson(value: unknown, at: string, depth = 0): Shape {
  const node = objectAt(value, at);
  if (depth > MAX_DEPTH + 2) throw new ShapeFormatError(at, `nested deeper than a shape can be`);
  const shape: Shape = { count: countAt(node.count, `${at}/count`) };
  for (const kind of ['null', 'boolean', 'integer', 'number', 'binary', 'deeper'] as const) {
    if (node[kind] !== undefined) shape[kind] = countAt(node[kind], `${at}/${kind}`);
  }
  if (node.string !== undefined) {
    const string = objectAt(node.string, `${at}/string`);
    const formats = string.formats;
    if (!Array.isArray(formats) || !formats.every((f): f is StringFormat => STRING_FORMATS.includes(f as StringFormat))) {
      throw new ShapeFormatError(`${at}/string/formats`, `expected a list of ${STRING_FORMATS.join(', ')}`);
    }
    shape.string = { count: countAt(string.count, `${at}/string/count`), formats: STRING_FORMATS.filter((f) => formats.includes(f)) };
  }
  if (node.array !== undefined) {
    const array = objectAt(node.array, `${at}/array`);
    shape.array = { count: countAt(array.count, `${at}/array/count`) };
    if (array.items !== undefined) shape.array.items = shapeFromJson(array.items, `${at}/array/items`, depth + 1);
  }
  if (node.object !== undefined) {
    const object = objectAt(node.object, `${at}/object`);
    const properties = dict<Shape>();
    const source = objectAt(object.properties, `${at}/object/properties`);
    for (const key of Object.keys(source)) properties[key] = shapeFromJson(source[key], child(`${at}/object/properties`, key), depth + 1);
    shape.object = { count: countAt(object.count, `${at}/object/count`), properties };
    if (object.additional !== undefined) shape.object.additional = shapeFromJson(object.additional, `${at}/object/additional`, depth + 1);
    if (object.map === true) shape.object.map = true;
    else if (object.map !== undefined) throw new ShapeFormatError(`${at}/object/map`, 'expected true');
  }
  return shape;
}

export function objectAt(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeFormatError(at, 'expected an object');
  return value as Record<string, unknown>;
}

export function countAt(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ShapeFormatError(at, 'expected a count (a non-negative integer)');
  return value;
}
