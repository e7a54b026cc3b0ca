/**
 * Compares two schemas found at the same place of an operation. The severity of a change
 * depends on the direction data flows: a request schema that accepts less breaks clients that
 * send what it used to accept; a response schema that allows more breaks clients that read
 * what it used to promise. Rule ids carry the side (`request-property-...`,
 * `response-body-...`), so each id always has the same severity.
 */
import { canonical, type Located, type OpenApiDocument } from './document.js';
import { child } from '../openapi/json-pointer.js';
import { describeTypes, schemaView, typeCovers, type Bound, type BoundKeyword, type SchemaView } from './schema.js';
import type { Severity } from './types.js';
import type { UnchangedSchemas } from './unchanged.js';

export type Side = 'request' | 'response';

/** What a change does to the set of values the schema allows. */
type Effect = 'narrows' | 'widens' | 'incomparable';

export const severityOf = (side: Side, effect: Effect): Severity =>
  effect === 'incomparable' || (effect === 'narrows') === (side === 'request') ? 'breaking' : 'non-breaking';

/** Where in the operation a schema is, for rule ids and messages. */
export interface SchemaSite {
  readonly side: Side;
  /** `request-body`, `request-parameter`, `request-property`, `response-body`, `response-property`, `response-header`. */
  readonly prefix: string;
  /** `the request body (application/json)` */
  readonly label: string;
  /** Dotted name of the property being compared below the root ('' at the root). */
  readonly namePath: string;
  /** The label of a property below the root, by its dotted name. */
  readonly nested: (namePath: string) => string;
}

export type Emit = (rule: string, severity: Severity, location: string, message: string) => void;

export interface SchemaComparison {
  readonly oldDoc: OpenApiDocument;
  readonly newDoc: OpenApiDocument;
  readonly emit: Emit;
  /** Pairs of schema pointers already compared from this root: ends recursion through `$ref`. */
  readonly visited: Set<string>;
  readonly unchanged: UnchangedSchemas;
}

/** A safety net under the `visited` pairs, for documents nested absurdly deep without `$ref`. */
const MAX_DEPTH = 64;

export function compareSchemas(cmp: SchemaComparison, site: SchemaSite, oldAt: Located, newAt: Located, depth = 0): void {
  if (cmp.unchanged.has(oldAt, newAt)) return;
  const before = schemaView(cmp.oldDoc, oldAt);
  const after = schemaView(cmp.newDoc, newAt);
  const pair = `${before.pointer}\n${after.pointer}`;
  if (cmp.visited.has(pair) || depth > MAX_DEPTH) return;
  cmp.visited.add(pair);

  // A change to the schema's own keywords is located at the schema in the new document.
  const report: Report = (suffix, effect, text) =>
    cmp.emit(`${site.prefix}-${suffix}`, severityOf(site.side, effect), after.pointer, sentence(`${site.label} ${text}`));

  if (branchesOnOneSide(before, after) || branchesOnOneSide(after, before)) {
    // `oneOf: [A]` against `oneOf: [A, B]`: only the branches compare; A's merged keywords on
    // one side would otherwise read as removed from the other.
    compareNullable(before, after, report);
    for (const keyword of ['oneOf', 'anyOf'] as const) compareBranches(cmp, site, keyword, branchesOf(before, keyword), branchesOf(after, keyword), depth);
    return;
  }
  if (!compareTypes(site, before, after, report)) return;
  compareNullable(before, after, report);
  compareEnums(before, after, report);
  compareBounds(before, after, report);
  comparePattern(before, after, report);
  // Below a wrapper (`anyOf: [$ref, null]`) is the wrapped schema, maybe compared already.
  const identities = `${before.identity}\n${after.identity}`;
  if (identities !== pair) {
    if (cmp.visited.has(identities)) return;
    cmp.visited.add(identities);
  }
  compareProperties(cmp, site, before, after, depth);
  if (before.items || after.items) {
    const itemsPath = site.namePath + '[]';
    const itemsSite = { ...site, prefix: `${site.side}-property`, namePath: itemsPath, label: site.nested(itemsPath) };
    compareSchemas(cmp, itemsSite, before.items ?? missing(before, 'items'), after.items ?? missing(after, 'items'), depth + 1);
  }
  compareBranches(cmp, site, 'oneOf', before.oneOf, after.oneOf, depth);
  compareBranches(cmp, site, 'anyOf', before.anyOf, after.anyOf, depth);
}

/** One side is a lone branch merged in, the other lists several under the same keyword. */
const branchesOnOneSide = (lone: SchemaView, other: SchemaView): boolean =>
  lone.collapsed !== undefined && other[lone.collapsed.keyword].length > 1;

const branchesOf = (view: SchemaView, keyword: 'oneOf' | 'anyOf'): readonly Located[] =>
  view.collapsed?.keyword === keyword ? [view.collapsed.branch] : view[keyword];

type Report = (suffix: string, effect: Effect, text: string) => void;

const missing = (view: SchemaView, key: string): Located => ({ node: undefined, pointer: child(view.pointer, key) });

/** The rule suffix for a type change, by what it does on this side. */
function typeSuffix(effect: Effect, side: Side): string {
  if (effect === 'incomparable') return 'type-changed';
  if (effect === 'widens') return side === 'request' ? 'type-generalized' : 'type-changed';
  return side === 'request' ? 'type-changed' : 'type-specialized';
}

/** Returns false when the types have nothing in common, as nothing below is then worth comparing. */
function compareTypes(site: SchemaSite, before: SchemaView, after: SchemaView, report: Report): boolean {
  const typeChange = typeEffect(before.types, after.types);
  if (typeChange) {
    report(typeSuffix(typeChange, site.side), typeChange, `changed type from ${describeTypes(before)} to ${describeTypes(after)}.`);
    return typeChange !== 'incomparable';
  }
  const formatChange = formatEffect(before, after);
  const format = (view: SchemaView): string => (view.format === undefined ? 'none' : show(view.format));
  if (formatChange) report(typeSuffix(formatChange, site.side), formatChange, `changed format from ${format(before)} to ${format(after)}.`);
  return true;
}

function typeEffect(before: ReadonlySet<string> | undefined, after: ReadonlySet<string> | undefined): Effect | undefined {
  if (!before && !after) return undefined;
  if (!before) return 'narrows';
  if (!after) return 'widens';
  const widens = [...before].every((type) => typeCovers(after, type));
  const narrows = [...after].every((type) => typeCovers(before, type));
  if (widens && narrows) return undefined;
  return widens ? 'widens' : narrows ? 'narrows' : 'incomparable';
}

/** Formats one of which holds every value of the other. */
const WIDER_FORMAT: Readonly<Record<string, string>> = { int32: 'int64', float: 'double' };

function formatEffect(before: SchemaView, after: SchemaView): Effect | undefined {
  if (before.format === after.format) return undefined;
  if (before.format === undefined) return 'narrows';
  if (after.format === undefined) return 'widens';
  if (WIDER_FORMAT[before.format] === after.format) return 'widens';
  if (WIDER_FORMAT[after.format] === before.format) return 'narrows';
  return 'incomparable';
}

/** Not typed, enumerated or composed: it allows null already, whatever `nullable` says. */
const unconstrained = (view: SchemaView): boolean =>
  view.types === undefined && view.enumValues === undefined && view.oneOf.length === 0 && view.anyOf.length === 0;

function compareNullable(before: SchemaView, after: SchemaView, report: Report): void {
  if (unconstrained(before) || unconstrained(after)) return;
  if (!before.nullable && after.nullable) report('became-nullable', 'widens', 'became nullable.');
  if (before.nullable && !after.nullable) report('became-not-nullable', 'narrows', 'is no longer nullable.');
}

function compareEnums(before: SchemaView, after: SchemaView, report: Report): void {
  if (!before.enumValues && after.enumValues) {
    report('became-enum', 'narrows', `was restricted to the values ${after.enumValues.map(show).join(', ')}.`);
    return;
  }
  if (before.enumValues && !after.enumValues) {
    report('became-not-enum', 'widens', 'is no longer restricted to a list of values.');
    return;
  }
  if (!before.enumValues || !after.enumValues) return;
  const oldKeys = new Set(before.enumValues.map(canonical));
  const newKeys = new Set(after.enumValues.map(canonical));
  for (const value of before.enumValues) {
    if (!newKeys.has(canonical(value))) report('enum-value-removed', 'narrows', `no longer allows the value ${show(value)}.`);
  }
  for (const value of after.enumValues) {
    if (!oldKeys.has(canonical(value))) report('enum-value-added', 'widens', `now allows the value ${show(value)}.`);
  }
}

/** Rule names and words per bound keyword; `upper` bounds narrow when they decrease. */
const BOUNDS: readonly { keyword: BoundKeyword; rule: string; words: string; upper: boolean }[] = [
  { keyword: 'maximum', rule: 'max', words: 'maximum', upper: true },
  { keyword: 'minimum', rule: 'min', words: 'minimum', upper: false },
  { keyword: 'maxLength', rule: 'max-length', words: 'maxLength', upper: true },
  { keyword: 'minLength', rule: 'min-length', words: 'minLength', upper: false },
  { keyword: 'maxItems', rule: 'max-items', words: 'maxItems', upper: true },
  { keyword: 'minItems', rule: 'min-items', words: 'minItems', upper: false },
];

function compareBounds(before: SchemaView, after: SchemaView, report: Report): void {
  for (const { keyword, rule, words, upper } of BOUNDS) {
    const was = before.bounds[keyword];
    const is = after.bounds[keyword];
    if (!was && !is) continue;
    if (!was) {
      report(`${rule}-set`, 'narrows', `now has a ${words} of ${showBound(is!)}.`);
      continue;
    }
    if (!is) {
      report(`${rule}-unset`, 'widens', `no longer has a ${words} (was ${showBound(was)}).`);
      continue;
    }
    // Where the new bound sits relative to the old. At the same value an exclusive bound is the
    // tighter one: below an inclusive maximum, above an inclusive minimum.
    const tighter = Number(is.exclusive) - Number(was.exclusive);
    const order = is.value !== was.value ? Math.sign(is.value - was.value) : upper ? -tighter : tighter;
    if (order === 0) continue;
    const narrows = upper ? order < 0 : order > 0;
    const direction = order < 0 ? 'decreased' : 'increased';
    report(`${rule}-${direction}`, narrows ? 'narrows' : 'widens', `${words} ${direction} from ${showBound(was)} to ${showBound(is)}.`);
  }
}

function comparePattern(before: SchemaView, after: SchemaView, report: Report): void {
  if (before.pattern === after.pattern) return;
  if (before.pattern === undefined) report('pattern-added', 'narrows', `must now match the pattern ${show(after.pattern)}.`);
  else if (after.pattern === undefined) report('pattern-removed', 'widens', `no longer has to match the pattern ${show(before.pattern)}.`);
  // Whether one regular expression accepts all that another does is not decidable here.
  else report('pattern-changed', 'incomparable', `pattern changed from ${show(before.pattern)} to ${show(after.pattern)}.`);
}

/** Properties present on this side: a request never carries readOnly ones, a response never writeOnly ones. */
function visibleProperties(doc: OpenApiDocument, side: Side, view: SchemaView): Map<string, { at: Located; view: SchemaView }> {
  const visible = new Map<string, { at: Located; view: SchemaView }>();
  for (const [name, at] of view.properties) {
    const property = schemaView(doc, at);
    if (side === 'request' ? property.readOnly : property.writeOnly) continue;
    visible.set(name, { at, view: property });
  }
  return visible;
}

function compareProperties(cmp: SchemaComparison, site: SchemaSite, before: SchemaView, after: SchemaView, depth: number): void {
  const oldProps = visibleProperties(cmp.oldDoc, site.side, before);
  const newProps = visibleProperties(cmp.newDoc, site.side, after);
  const namePath = (name: string): string => (site.namePath ? `${site.namePath}.${name}` : name);
  const emit = (name: string, rule: string, severity: Severity, location: string, text: string): void =>
    cmp.emit(rule, severity, location, sentence(`${site.nested(namePath(name))} ${text}`));
  for (const [name, was] of oldProps) {
    const is = newProps.get(name);
    if (!is) {
      emit(name, `${site.side}-property-removed`, 'breaking', was.at.pointer, 'was removed.');
      continue;
    }
    const wasRequired = before.required.has(name);
    const isRequired = after.required.has(name);
    if (wasRequired === isRequired && cmp.unchanged.has(was.at, is.at)) continue;
    // Required asks more of a request, and promises more in a response.
    if (!wasRequired && isRequired) {
      emit(name, `${site.side}-property-became-required`, site.side === 'request' ? 'breaking' : 'non-breaking', is.at.pointer, 'became required.');
    }
    if (wasRequired && !isRequired) {
      emit(name, `${site.side}-property-became-optional`, site.side === 'response' ? 'breaking' : 'non-breaking', is.at.pointer, 'became optional.');
    }
    const path = namePath(name);
    compareSchemas(cmp, { ...site, prefix: `${site.side}-property`, namePath: path, label: site.nested(path) }, was.at, is.at, depth + 1);
  }
  for (const [name, is] of newProps) {
    if (oldProps.has(name)) continue;
    if (site.side === 'response') emit(name, 'response-property-added', 'non-breaking', is.at.pointer, 'was added.');
    else if (after.required.has(name)) emit(name, 'new-required-request-property', 'breaking', is.at.pointer, 'was added as required.');
    else emit(name, 'new-optional-request-property', 'non-breaking', is.at.pointer, 'was added as optional.');
  }
}

/** Branches are matched by the component they reference, else by title, else by position. */
function branchKey(at: Located, index: number): string {
  const node = at.node as { $ref?: unknown; title?: unknown } | null;
  if (node && typeof node.$ref === 'string') return `ref:${node.$ref}`;
  if (node && typeof node.title === 'string') return `title:${node.title}`;
  return `index:${index}`;
}

function compareBranches(
  cmp: SchemaComparison,
  site: SchemaSite,
  keyword: 'oneOf' | 'anyOf',
  before: readonly Located[],
  after: readonly Located[],
  depth: number,
): void {
  const kebab = keyword === 'oneOf' ? 'one-of' : 'any-of';
  const oldBranches = new Map(before.map((at, index) => [branchKey(at, index), at]));
  const newBranches = new Map(after.map((at, index) => [branchKey(at, index), at]));
  const describe = (key: string): string => (key.startsWith('index:') ? `#${Number(key.slice(6)) + 1}` : show(key.slice(key.indexOf(':') + 1)));
  for (const [key, at] of oldBranches) {
    const match = newBranches.get(key);
    if (match) compareSchemas(cmp, site, at, match, depth + 1);
    else {
      const text = sentence(`${site.label} no longer accepts the ${keyword} branch ${describe(key)}.`);
      cmp.emit(`${site.prefix}-${kebab}-removed`, severityOf(site.side, 'narrows'), at.pointer, text);
    }
  }
  for (const [key, at] of newBranches) {
    if (oldBranches.has(key)) continue;
    const text = sentence(`${site.label} gained the ${keyword} branch ${describe(key)}.`);
    cmp.emit(`${site.prefix}-${kebab}-added`, severityOf(site.side, 'widens'), at.pointer, text);
  }
}

export const show = (value: unknown): string => canonical(value);

const showBound = (bound: Bound): string => (bound.exclusive ? `${bound.value} (exclusive)` : String(bound.value));

/** Upper-cases the first letter: labels start with "the". */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
