/**
 * The suggestions `docgen validate` lists after the schema check. Rules that catch what the
 * OpenAPI specification itself forbids (but its JSON schema cannot express) are errors; the
 * rest are warnings. Every rule tolerates a schema-invalid document.
 */
import type { Finding } from './finding.js';
import { isObject, operations, parametersOf, templateNames, type Obj, type OperationEntry } from './spec.js';
import { child, localPointer, valueAt } from '../openapi/json-pointer.js';
import { walkRefs } from './walk.js';

/** Rules in the order their findings are listed (errors first), with their severities. */
export const RULES = {
  'unresolved-ref': 'error',
  'duplicate-operation-id': 'error',
  'path-param-undeclared': 'error',
  'path-param-unused': 'error',
  'security-scheme-undefined': 'error',
  'schema-dialect-unknown': 'warning',
  'operation-responses': 'warning',
  'operation-summary': 'warning',
  'unused-component': 'warning',
  'external-ref': 'warning',
} as const satisfies Record<string, Finding['severity']>;

export type RuleId = keyof typeof RULES;

/** The component sections checked for unused entries. */
const COMPONENT_SECTIONS = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'securitySchemes'] as const;

export function lint(document: Obj, version: '3.0' | '3.1'): Finding[] {
  const found: Finding[] = [];
  const report = (rule: RuleId, location: string, message: string): void => {
    found.push({ rule, severity: RULES[rule], location, message });
  };
  const ops = operations(document);
  checkRefs(document, report);
  checkOperationIds(document, report);
  checkPathParams(document, ops, report);
  checkSecurity(document, report);
  for (const entry of unique(ops)) {
    // 3.0's schema already requires responses; 3.1 made them optional.
    if (version === '3.1' && entry.operation.responses === undefined) report('operation-responses', entry.pointer, `${describe(entry)} declares no responses`);
    if (typeof entry.operation.summary !== 'string' || !entry.operation.summary.trim()) report('operation-summary', entry.pointer, `${describe(entry)} has no summary`);
  }
  checkUnusedComponents(document, report);
  return inRuleOrder(found);
}

/** Findings in the order of RULES (errors first); within a rule, in the order given. */
export function inRuleOrder(findings: readonly Finding[]): Finding[] {
  const order: readonly string[] = Object.keys(RULES);
  // sort is stable: within a rule, findings keep document order.
  return [...findings].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule));
}

type Report = (rule: RuleId, location: string, message: string) => void;

function describe(entry: OperationEntry): string {
  return entry.kind === 'path' ? `${entry.method.toUpperCase()} ${entry.key}` : `webhook ${JSON.stringify(entry.key)} ${entry.method.toUpperCase()}`;
}

/** A Path Item shared through `$ref` yields its operations once per use: keep the first. */
function unique(ops: readonly OperationEntry[]): OperationEntry[] {
  const seen = new Set<string>();
  return ops.filter((entry) => !seen.has(entry.pointer) && seen.add(entry.pointer));
}

/**
 * Same-document references must resolve. References to other files or URLs are not followed
 * (a warning), except a URI that some schema in the document declares as its `$id`.
 */
function checkRefs(document: Obj, report: Report): void {
  const { ids, anchors } = identifiers(document);
  walkRefs(document, '', {
    ref(ref, location) {
      const at = child(location, '$ref');
      const pointer = localPointer(ref);
      if (pointer !== undefined) {
        if (valueAt(document, pointer) === undefined) report('unresolved-ref', at, `$ref ${JSON.stringify(ref)} points to nothing in this document`);
      } else if (ref.startsWith('#')) {
        if (!anchors.has(ref.slice(1))) report('unresolved-ref', at, `$ref ${JSON.stringify(ref)}: no schema declares the anchor ${JSON.stringify(ref.slice(1))}`);
      } else if (!ids.has(ref.split('#')[0]!)) {
        report('external-ref', at, `$ref ${JSON.stringify(ref)} is outside this document: it was not followed or checked`);
      }
    },
  });
}

/** The `$id`s and `$anchor`s declared anywhere in the document (3.1 schemas may use them). */
function identifiers(document: Obj): { ids: Map<string, string>; anchors: Set<string> } {
  const ids = new Map<string, string>();
  const anchors = new Set<string>();
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item: unknown, i) => visit(item, child(pointer, i)));
    if (!isObject(node)) return;
    if (typeof node.$id === 'string' && !ids.has(node.$id)) ids.set(node.$id.split('#')[0]!, pointer);
    if (typeof node.$anchor === 'string') anchors.add(node.$anchor);
    if (typeof node.$dynamicAnchor === 'string') anchors.add(node.$dynamicAnchor);
    for (const [key, value] of Object.entries(node)) visit(value, child(pointer, key));
  };
  visit(document, '');
  return { ids, anchors };
}

/** operationIds are unique across the API, callbacks included. */
function checkOperationIds(document: Obj, report: Report): void {
  const first = new Map<string, string>();
  const seenOperations = new Set<unknown>();
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item: unknown, i) => visit(item, child(pointer, i)));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) continue;
      const at = child(pointer, key);
      if (key === 'operationId' && typeof value === 'string' && isOperationPointer(pointer)) {
        if (seenOperations.has(node)) continue;
        seenOperations.add(node);
        const previous = first.get(value);
        if (previous === undefined) first.set(value, at);
        else report('duplicate-operation-id', at, `operationId ${JSON.stringify(value)} is already used at ${previous}`);
      } else if (isObject(value) || Array.isArray(value)) {
        visit(value, at);
      }
    }
  };
  // Operations live under paths, webhooks and callbacks (also in components); nothing else has
  // an operationId field, except Link Objects, which refer to one and are skipped below.
  visit(document, '');
}

/** An operation object's pointer ends in an HTTP method and is not inside a Link Object. */
function isOperationPointer(pointer: string): boolean {
  return /\/(get|put|post|delete|options|head|patch|trace)$/.test(pointer) && !/\/links\//.test(pointer);
}

/**
 * Every `{name}` in a path template needs an `in: path` parameter, and every `in: path`
 * parameter must appear in the template (both are requirements of the specification).
 */
function checkPathParams(document: Obj, ops: readonly OperationEntry[], report: Report): void {
  const reported = new Set<string>();
  for (const entry of ops) {
    if (entry.kind !== 'path') continue;
    const names = templateNames(entry.key);
    const declared = parametersOf(document, entry).filter((p) => p.parameter.in === 'path');
    const declaredNames = new Set(declared.map((p) => p.parameter.name));
    for (const name of names) {
      if (!declaredNames.has(name)) {
        report('path-param-undeclared', entry.pointer, `${describe(entry)}: path parameter ${JSON.stringify(name)} is not declared (no parameter with in: path)`);
      }
    }
    for (const { parameter, pointer } of declared) {
      const name = String(parameter.name);
      // A path-level parameter is shared by the item's operations: report it once.
      if (names.includes(name) || reported.has(pointer)) continue;
      reported.add(pointer);
      report('path-param-unused', pointer, `path parameter ${JSON.stringify(name)} is not in the path ${JSON.stringify(entry.key)}`);
    }
  }
}

/** Security requirements name schemes defined in components.securitySchemes. */
function checkSecurity(document: Obj, report: Report): void {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  walkRefs(document, '', {
    security(requirement, location) {
      for (const name of Object.keys(requirement)) {
        if (!Object.hasOwn(schemes, name)) report('security-scheme-undefined', child(location, name), `security scheme ${JSON.stringify(name)} is not defined in components.securitySchemes`);
      }
    },
  });
}

/**
 * A component is used when something outside components references it, directly or through
 * other used components: one referenced only by unused components is unused too. A document
 * with neither paths nor webhooks is a component library and is not checked.
 */
function checkUnusedComponents(document: Obj, report: Report): void {
  const components = document.components;
  if (!isObject(components) || (document.paths === undefined && document.webhooks === undefined)) return;
  const { ids } = identifiers(document);
  const used = new Set<string>();
  const pending: string[] = [];
  const use = (pointer: string): void => {
    const match = /^\/components\/([^/]+)\/([^/]+)/.exec(pointer);
    if (!match || used.has(match[0])) return;
    used.add(match[0]);
    pending.push(match[0]);
  };
  const visitor = {
    ref(ref: string) {
      const pointer = localPointer(ref) ?? ids.get(ref.split('#')[0]!);
      if (pointer !== undefined) use(pointer);
    },
    security(requirement: Obj) {
      for (const name of Object.keys(requirement)) use(child('/components/securitySchemes', name));
    },
    mapping(target: string) {
      use(target.startsWith('#') || target.includes('/') ? (localPointer(target) ?? '') : child('/components/schemas', target));
    },
  };
  for (const [key, value] of Object.entries(document)) if (key !== 'components') walkRefs(value, child('', key), visitor, key);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) walkRefs(valueAt(document, next), next, visitor);
  for (const section of COMPONENT_SECTIONS) {
    const entries = components[section];
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      const pointer = child('/components', section, name);
      if (!used.has(pointer)) report('unused-component', pointer, `components.${section} ${JSON.stringify(name)} is never referenced`);
    }
  }
}
