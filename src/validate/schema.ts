/**
 * Checks a document against the official OpenAPI 3.0/3.1 JSON schema and turns the validator's
 * AJV errors into short findings located at the offending value.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { ErrorObject } from 'ajv';
import type { Finding } from './finding.js';
import { isObject } from './spec.js';
import { child, valueAt } from '../openapi/json-pointer.js';
import { count } from '../plural.js';

export type AjvError = ErrorObject;

const RULE = 'schema';

/** Runs the official schema; returns the readable errors (empty when the document conforms). */
export async function schemaErrors(document: Readonly<Record<string, unknown>>): Promise<Finding[]> {
  // The validator may write into the document it checks. allErrors: every problem at once,
  // rather than the first one only; readable() removes what that adds in noise.
  const result = await new Validator({ allErrors: true }).validate(structuredClone(document) as Record<string, unknown>);
  if (result.valid) return [];
  if (typeof result.errors === 'string') {
    // After a schema pass the validator also checks $refs; the unresolved-ref rule reports
    // those with a location (and without stopping at the first).
    return /^Can't resolve /.test(result.errors) ? [] : [error('', result.errors)];
  }
  return readable(result.errors ?? [], document);
}

export function error(location: string, message: string): Finding {
  return { rule: RULE, severity: 'error', location, message };
}

/**
 * AJV reports every alternative of a failed `oneOf`/`anyOf` (a Reference Object, each
 * parameter location, each security scheme type...) plus the combinator itself. What helps is
 * the error in the alternative the author meant, so:
 * - per object that failed a combinator, the alternative that fits best (fewest errors, then
 *   fewest enum/const mismatches) is kept and the others dropped; when that alternative only
 *   rejects one value's type or enum, every alternative's verdict on it is merged
 *   ("must be of type object or boolean");
 * - "must have $ref" is dropped when something else is wrong there (it was not meant as one);
 * - an unevaluated property that has errors of its own is not reported as unexpected;
 * - combinators and `if` are dropped when a more specific error exists at or below them.
 */
export function readable(errors: readonly AjvError[], document: unknown): Finding[] {
  const atOrBelow = (e: AjvError, path: string): boolean => e.instancePath === path || e.instancePath.startsWith(`${path}/`);
  const chosen = chooseAlternatives(errors);
  const specific = chosen.filter((e) => !isCombinator(e) && !isMissing(e, '$ref'));
  const failedCombinators = new Set(chosen.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept = chosen.filter((e) => {
    if (isCombinator(e)) return !chosen.some((s) => !isCombinator(s) && atOrBelow(s, e.instancePath));
    // A value that failed alternatives: when one of them got as far as an item or property of
    // it (`type: ["string", "nul"]` reaches "nul"), the others' verdicts on the whole value
    // (not one of the type names) are beside the point.
    if ((isChoice(e) || e.keyword === 'type') && failedCombinators.has(e.instancePath)) {
      if (specific.some((s) => s.instancePath.startsWith(`${e.instancePath}/`))) return false;
    }
    if (isMissing(e, '$ref')) return !specific.some((s) => atOrBelow(s, e.instancePath));
    if (e.keyword === 'unevaluatedProperties') {
      // A property declared by a failing `then` counts as unevaluated: its own error says more.
      const property = child(e.instancePath, String(e.params.unevaluatedProperty));
      return !specific.some((s) => atOrBelow(s, property));
    }
    return true;
  });

  // Errors of one kind at one location are merged: enum/const values, types, and alternatives
  // that each require a different property (schema or content).
  const merged = new Map<string, unknown[]>();
  for (const e of kept) {
    const values = isChoice(e) ? allowedValues(e) : e.keyword === 'type' ? [e.params.type].flat() : isAlternativeRequired(e) ? [e.params.missingProperty] : undefined;
    if (values) merged.set(mergeKey(e), [...(merged.get(mergeKey(e)) ?? []), ...values]);
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const finding = toFinding(e, document, [...new Set(merged.get(mergeKey(e)) ?? [])]);
    const key = `${finding.location}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function isCombinator(e: AjvError): boolean {
  return ['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword);
}

function isChoice(e: AjvError): boolean {
  return e.keyword === 'enum' || e.keyword === 'const';
}

function kind(e: AjvError): string {
  return isChoice(e) ? 'choice' : isAlternativeRequired(e) ? 'alternative-required' : e.keyword;
}

function mergeKey(e: AjvError): string {
  return `${e.instancePath}\u0000${kind(e)}`;
}

/**
 * When an alternative only rejects one value's type or enum, or only lacks the property it is
 * named for: that location and kind.
 */
function singleVerdict(group: readonly AjvError[]): { instancePath: string; kind: string } | undefined {
  const first = group[0];
  if (!first || !['choice', 'type', 'alternative-required'].includes(kind(first))) return undefined;
  return group.every((e) => e.instancePath === first.instancePath && kind(e) === kind(first)) ? { instancePath: first.instancePath, kind: kind(first) } : undefined;
}

/**
 * The object an error is about and the (sub)schema that raised it: an error on a property
 * (`.../properties/in/enum` at `/parameters/0/in`) belongs to the object holding the property.
 */
function subject(e: AjvError): { instance: string; schema: string } {
  const property = /^(.*)\/properties\/[^/]+\/[^/]+$/.exec(e.schemaPath);
  if (property && e.instancePath.includes('/')) return { instance: e.instancePath.slice(0, e.instancePath.lastIndexOf('/')), schema: property[1]! };
  return { instance: e.instancePath, schema: e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/')) };
}

function chooseAlternatives(errors: readonly AjvError[]): AjvError[] {
  const owners = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const byOwner = new Map<string, Map<string, AjvError[]>>();
  for (const e of errors) {
    if (isCombinator(e) || isMissing(e, '$ref')) continue;
    const { instance, schema } = subject(e);
    if (!owners.has(instance)) continue;
    const alternatives = byOwner.get(instance) ?? new Map<string, AjvError[]>();
    alternatives.set(schema, [...(alternatives.get(schema) ?? []), e]);
    byOwner.set(instance, alternatives);
  }
  const dropped = new Set<AjvError>();
  for (const alternatives of byOwner.values()) {
    const groups = [...alternatives.values()];
    if (groups.length < 2) continue;
    // Fewest errors wins; an alternative that rejects the value's own type (JSON Schema's
    // `type: "strng"` is not the array form) was not the one meant; then fewest enum misses.
    const score = (g: readonly AjvError[]): number => g.length * 1000 + g.filter((e) => e.keyword === 'type').length * 500 + g.filter(isChoice).length;
    const best = groups.reduce((a, b) => (score(b) < score(a) ? b : a));
    const verdict = singleVerdict(best);
    for (const group of groups) {
      for (const e of group) {
        const keep = verdict ? e.instancePath === verdict.instancePath && kind(e) === verdict.kind : group === best;
        if (!keep) dropped.add(e);
      }
    }
  }
  return errors.filter((e) => !dropped.has(e));
}

function isAlternativeRequired(e: AjvError): boolean {
  return e.keyword === 'required' && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath);
}

function isMissing(e: AjvError, property: string): boolean {
  return e.keyword === 'required' && e.params.missingProperty === property;
}

function allowedValues(e: AjvError): unknown[] {
  if (e.keyword === 'const') return [e.params.allowedValue];
  const values: unknown = e.params.allowedValues;
  return Array.isArray(values) ? values : [];
}

function quote(name: string): string {
  return `'${name}'`;
}

const NO_RESPONSES = "must declare at least one response (a status code or 'default')";

function isEmptyResponses(at: string, value: unknown): boolean {
  return /\/responses$/.test(at) && isObject(value) && Object.keys(value).length === 0;
}

/** A short rendering of a found value for messages. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `merged`: the values merged from every error of this kind at this location (mergeKey). */
function toFinding(e: AjvError, document: unknown, merged: readonly unknown[]): Finding {
  const at = e.instancePath;
  const value = valueAt(document, at);
  const params = e.params;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (isAlternativeRequired(e) && merged.length > 1) return error(at, `must have one of the properties ${merged.map((n) => quote(String(n))).join(', ')}`);
      // 3.1's schema says "if no status code, then require default" for an empty Responses Object.
      if (missing === 'default' && isEmptyResponses(at, value)) return error(at, NO_RESPONSES);
      return error(at, `missing required property ${quote(missing)}`);
    }
    case 'minProperties':
      return error(at, isEmptyResponses(at, value) ? NO_RESPONSES : `must have at least ${count(Number(params.limit), 'property', 'properties')}`);
    case 'maxProperties':
      return error(at, `must have at most ${count(Number(params.limit), 'property', 'properties')}`);
    case 'minItems':
    case 'maxItems':
      return error(at, `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${count(Number(params.limit), 'item')}`);
    case 'minLength':
    case 'maxLength':
      return error(at, `must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${count(Number(params.limit), 'character')} long`);
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const hint = at === '/paths' && !name.startsWith('/') ? ` (path templates start with '/')` : '';
      return error(child(at, name), `unexpected property ${quote(name)}${hint}`);
    }
    case 'enum':
    case 'const': {
      const choices = [...new Set(merged.map((v) => JSON.stringify(v)))];
      return error(at, `must be ${choices.length === 1 ? '' : 'one of '}${choices.join(', ')}, not ${shown(value)}`);
    }
    case 'type':
      return error(at, `must be of type ${merged.map(String).join(' or ')}, not ${shown(value)}`);
    case 'pattern':
      return error(at, `must match the pattern ${String(params.pattern)}, not ${shown(value)}`);
    case 'format':
      return error(at, `must be a valid ${String(params.format)}, not ${shown(value)}`);
    default:
      return error(at, e.message ?? `fails the schema's ${e.keyword} rule`);
  }
}
