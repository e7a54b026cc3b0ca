/**
 * A schema normalized for comparison, so that spellings that mean the same thing compare equal:
 * 3.0 `nullable: true`, 3.1 `type: [..., 'null']`, a `null` enum value and an
 * `anyOf`/`oneOf` branch `{type: 'null'}` all become `nullable`; 3.0's boolean
 * `exclusiveMaximum` and 3.1's numeric one become one bound; `const` becomes a one-value enum;
 * `allOf` and a `$ref` with sibling keywords are merged into one view.
 *
 * Properties, items and branches stay unresolved (`Located`), so a recursive schema is only
 * expanded as far as a comparison walks it.
 */
import { isObject, type JsonObject, type Located, type OpenApiDocument } from './document.js';
import { child } from '../openapi/json-pointer.js';

export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

export type BoundKeyword = 'maximum' | 'minimum' | 'maxLength' | 'minLength' | 'maxItems' | 'minItems';

export interface SchemaView {
  /** Where the schema sits after `$ref` resolution: a shared component has one pointer wherever it is used. */
  readonly pointer: string;
  /**
   * The pointer of the schema this one only wraps (`allOf: [$ref]` with `nullable`, `anyOf:
   * [$ref, null]`), else `pointer`: what recursion through a wrapper is recognized by.
   */
  readonly identity: string;
  /** Accepted types without `null`; undefined when any type is accepted. */
  readonly types: ReadonlySet<string> | undefined;
  readonly nullable: boolean;
  readonly format: string | undefined;
  /** Allowed values without `null`; undefined when not restricted. */
  readonly enumValues: readonly unknown[] | undefined;
  readonly pattern: string | undefined;
  readonly bounds: Readonly<Partial<Record<BoundKeyword, Bound>>>;
  readonly properties: ReadonlyMap<string, Located>;
  readonly required: ReadonlySet<string>;
  readonly items: Located | undefined;
  readonly oneOf: readonly Located[];
  readonly anyOf: readonly Located[];
  /** The one branch an `anyOf`/`oneOf` had (null aside), merged into this view. */
  readonly collapsed: Collapsed | undefined;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
}

export interface Collapsed {
  readonly keyword: 'oneOf' | 'anyOf';
  readonly branch: Located;
}

const BOUND_KEYWORDS: readonly BoundKeyword[] = ['maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems'];

/** Keywords next to a `$ref` that do not change what the schema accepts. */
const ANNOTATIONS = new Set(['description', 'summary', 'title', 'example', 'examples', '$comment', 'externalDocs', 'xml', 'default', 'deprecated']);

/** Keywords a schema that only wraps another one (to make it nullable, say) may have. */
const WRAPPER_KEYWORDS = new Set([...ANNOTATIONS, '$ref', 'allOf', 'anyOf', 'oneOf', 'nullable', 'readOnly', 'writeOnly']);

const anyView = (pointer: string): SchemaView => ({
  pointer,
  identity: pointer,
  types: undefined,
  nullable: false,
  format: undefined,
  enumValues: undefined,
  pattern: undefined,
  bounds: {},
  properties: new Map(),
  required: new Set(),
  items: undefined,
  oneOf: [],
  anyOf: [],
  collapsed: undefined,
  readOnly: false,
  writeOnly: false,
});

/** Views by pointer, per document: shared components are compared once per operation using them. */
const cache = new WeakMap<OpenApiDocument, Map<string, SchemaView>>();

/** `seen` holds the pointers being merged (through `$ref` and `allOf`), so a cycle among them ends. */
export function schemaView(doc: OpenApiDocument, at: Located, seen: ReadonlySet<string> = new Set()): SchemaView {
  // Only views built from the top are cached: inside a merge, `seen` may cut a cycle short.
  if (seen.size > 0) return buildView(doc, at, seen);
  let views = cache.get(doc);
  if (!views) cache.set(doc, (views = new Map()));
  let view = views.get(at.pointer);
  if (!view) views.set(at.pointer, (view = buildView(doc, at, seen)));
  return view;
}

function buildView(doc: OpenApiDocument, at: Located, seen: ReadonlySet<string>): SchemaView {
  const node = at.node;
  if (node === false) return { ...anyView(at.pointer), types: new Set() };
  if (!isObject(node) || seen.has(at.pointer)) return anyView(at.pointer);
  const inside = new Set(seen).add(at.pointer);

  const parts = arrayAt({ node, pointer: at.pointer }, 'allOf').map((branch) => schemaView(doc, branch, inside));
  if (typeof node.$ref === 'string') {
    const target = doc.lookup(node.$ref);
    // An external or dangling reference cannot be compared: it is treated as "any".
    if (!target) return anyView(at.pointer);
    const hasSiblings = Object.keys(node).some((key) => key !== '$ref' && !ANNOTATIONS.has(key));
    if (!hasSiblings) return schemaView(doc, target, inside);
    // 3.1 applies a $ref's siblings too (3.0 ignores them, but writers rely on `nullable` there).
    parts.unshift(schemaView(doc, target, inside));
  }
  return merge(doc, { node, pointer: at.pointer }, parts, inside);
}

/** The own keywords of `node` win over those of `parts` (its `allOf` branches or `$ref` target). */
function merge(doc: OpenApiDocument, at: Located<JsonObject>, parts: readonly SchemaView[], seen: ReadonlySet<string>): SchemaView {
  const node = at.node;
  const own = ownKeywords(node, at.pointer);
  const composed = composition(doc, at, seen);
  const allParts = composed.single ? [...parts, composed.single] : parts;

  const firstDefined = <T>(pick: (view: SchemaView) => T | undefined, ownValue: T | undefined): T | undefined =>
    ownValue !== undefined ? ownValue : allParts.map(pick).find((value) => value !== undefined);

  let types = own.types;
  for (const part of allParts) {
    if (part.types) types = types ? intersectTypes(types, part.types) : part.types;
  }
  const properties = new Map<string, Located>();
  for (const part of allParts) for (const [name, located] of part.properties) if (!properties.has(name)) properties.set(name, located);
  for (const [name, located] of own.properties) properties.set(name, located);
  const required = new Set<string>(own.required);
  for (const part of allParts) for (const name of part.required) required.add(name);
  const bounds: Partial<Record<BoundKeyword, Bound>> = {};
  for (const keyword of BOUND_KEYWORDS) {
    const bound = firstDefined((view) => view.bounds[keyword], own.bounds[keyword]);
    if (bound) bounds[keyword] = bound;
  }
  const items = firstDefined((view) => view.items, own.items);
  if (!types && properties.size > 0) types = new Set(['object']);
  if (!types && items) types = new Set(['array']);

  // Parts decide nullability only when the schema itself says nothing of types (`allOf: [$ref]`).
  const partsNullable = own.types === undefined && allParts.length > 0 && allParts.every((part) => part.nullable);
  const wraps = allParts.length === 1 && Object.keys(node).every((key) => WRAPPER_KEYWORDS.has(key));
  return {
    pointer: at.pointer,
    identity: wraps ? allParts[0]!.identity : at.pointer,
    types,
    nullable: own.nullable || composed.nullable || partsNullable,
    format: firstDefined((view) => view.format, own.format),
    enumValues: firstDefined((view) => view.enumValues, own.enumValues),
    pattern: firstDefined((view) => view.pattern, own.pattern),
    bounds,
    properties,
    required,
    items,
    oneOf: composed.oneOf.length > 0 ? composed.oneOf : (allParts.find((part) => part.oneOf.length > 0)?.oneOf ?? []),
    anyOf: composed.anyOf.length > 0 ? composed.anyOf : (allParts.find((part) => part.anyOf.length > 0)?.anyOf ?? []),
    collapsed: composed.collapsed ?? allParts.find((part) => part.collapsed)?.collapsed,
    readOnly: node.readOnly === true || allParts.some((part) => part.readOnly),
    writeOnly: node.writeOnly === true || allParts.some((part) => part.writeOnly),
  };
}

interface OwnKeywords {
  types: ReadonlySet<string> | undefined;
  nullable: boolean;
  format: string | undefined;
  enumValues: readonly unknown[] | undefined;
  pattern: string | undefined;
  bounds: Partial<Record<BoundKeyword, Bound>>;
  properties: ReadonlyMap<string, Located>;
  required: readonly string[];
  items: Located | undefined;
}

function ownKeywords(node: JsonObject, pointer: string): OwnKeywords {
  let nullable = node.nullable === true;
  let types: Set<string> | undefined;
  if (typeof node.type === 'string' || Array.isArray(node.type)) {
    const listed = (Array.isArray(node.type) ? node.type : [node.type]).filter((type): type is string => typeof type === 'string');
    if (listed.includes('null')) nullable = true;
    types = new Set(listed.filter((type) => type !== 'null'));
  }
  let enumValues: unknown[] | undefined;
  const values = Array.isArray(node.enum) ? node.enum : Object.hasOwn(node, 'const') ? [node.const] : undefined;
  if (values) {
    if (values.includes(null)) nullable = true;
    enumValues = values.filter((value) => value !== null);
    // `enum: [null]` only says "nullable"; it restricts nothing else worth reporting.
    if (enumValues.length === 0) enumValues = undefined;
  }
  const properties = new Map<string, Located>();
  if (isObject(node.properties)) {
    for (const name of Object.keys(node.properties)) properties.set(name, { node: node.properties[name], pointer: child(pointer, 'properties', name) });
  }
  return {
    types,
    nullable,
    format: typeof node.format === 'string' ? node.format : undefined,
    enumValues,
    pattern: typeof node.pattern === 'string' ? node.pattern : undefined,
    bounds: ownBounds(node),
    properties,
    required: Array.isArray(node.required) ? node.required.filter((name): name is string => typeof name === 'string') : [],
    items: node.items !== undefined && !Array.isArray(node.items) ? { node: node.items, pointer: child(pointer, 'items') } : undefined,
  };
}

function ownBounds(node: JsonObject): Partial<Record<BoundKeyword, Bound>> {
  const bounds: Partial<Record<BoundKeyword, Bound>> = {};
  const number = (key: string): number | undefined => (typeof node[key] === 'number' ? (node[key] as number) : undefined);
  for (const keyword of ['maxLength', 'minLength', 'maxItems', 'minItems'] as const) {
    const value = number(keyword);
    if (value !== undefined) bounds[keyword] = { value, exclusive: false };
  }
  // 3.0: `exclusiveMaximum: true` qualifies `maximum`; 3.1: `exclusiveMaximum: 5` is its own bound.
  const pick = (inclusiveKey: string, exclusiveKey: string, tighter: (a: number, b: number) => boolean): Bound | undefined => {
    const inclusive = number(inclusiveKey);
    const exclusive = number(exclusiveKey);
    const flagged = node[exclusiveKey] === true;
    const fromInclusive = inclusive !== undefined ? { value: inclusive, exclusive: flagged } : undefined;
    const fromExclusive = exclusive !== undefined ? { value: exclusive, exclusive: true } : undefined;
    if (!fromInclusive || !fromExclusive) return fromInclusive ?? fromExclusive;
    return tighter(fromInclusive.value, fromExclusive.value) ? fromInclusive : fromExclusive;
  };
  const maximum = pick('maximum', 'exclusiveMaximum', (a, b) => a < b);
  const minimum = pick('minimum', 'exclusiveMinimum', (a, b) => a > b);
  if (maximum) bounds.maximum = maximum;
  if (minimum) bounds.minimum = minimum;
  return bounds;
}

interface Composition {
  readonly oneOf: readonly Located[];
  readonly anyOf: readonly Located[];
  readonly nullable: boolean;
  /** The only branch (`X | null` without its null, or `anyOf: [X]`): merged like an `allOf` branch. */
  readonly single: SchemaView | undefined;
  readonly collapsed: Collapsed | undefined;
}

/** `anyOf`/`oneOf` with their null branches turned into `nullable`, and a lone branch merged. */
function composition(doc: OpenApiDocument, at: Located<JsonObject>, seen: ReadonlySet<string>): Composition {
  let nullable = false;
  const kept: Record<'oneOf' | 'anyOf', Located[]> = { oneOf: [], anyOf: [] };
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    for (const branch of arrayAt(at, keyword)) {
      if (isNullOnly(schemaView(doc, branch, seen))) nullable = true;
      else kept[keyword].push(branch);
    }
  }
  const total = kept.oneOf.length + kept.anyOf.length;
  if (total === 1) {
    const keyword = kept.oneOf.length === 1 ? 'oneOf' : 'anyOf';
    const branch = kept[keyword][0]!;
    return { oneOf: [], anyOf: [], nullable, single: schemaView(doc, branch, seen), collapsed: { keyword, branch } };
  }
  return { oneOf: kept.oneOf, anyOf: kept.anyOf, nullable, single: undefined, collapsed: undefined };
}

const isNullOnly = (view: SchemaView): boolean => view.nullable && view.types !== undefined && view.types.size === 0;

function arrayAt(at: Located<JsonObject>, key: string): Located[] {
  const list = at.node[key];
  return Array.isArray(list) ? list.map((node, index) => ({ node, pointer: child(at.pointer, key, index) })) : [];
}

/** What both accept: `number` and `integer` have `integer` in common. */
const intersectTypes = (a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> =>
  new Set([...[...a].filter((type) => typeCovers(b, type)), ...[...b].filter((type) => typeCovers(a, type))]);

/** Whether a value of `type` is accepted by a schema accepting `types` (an integer is a number). */
export const typeCovers = (types: ReadonlySet<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));

/** The accepted types in words, for messages: `integer (int64)`, `string or number`, `any type`. */
export function describeTypes(view: SchemaView): string {
  if (!view.types) return 'any type';
  if (view.types.size === 0) return 'no value';
  return [...view.types].sort().join(' or ') + (view.format ? ` (${view.format})` : '');
}
