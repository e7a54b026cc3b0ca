/**
 * Matches the operations of two documents and compares each pair: parameters, request body,
 * responses and security. Paths match by shape (`/users/{id}` is `/users/{userId}`), path
 * parameters by position, other parameters by (in, name) with header names case-insensitive.
 */
import { compareSchemas, sentence, show, type Emit, type SchemaSite, type Side } from './compare-schema.js';
import { entriesOf, isObject, type JsonObject, type Located, type OpenApiDocument } from './document.js';
import { child } from '../openapi/json-pointer.js';
import { OPENAPI_METHODS } from '../openapi/json.js';
import type { Change, Severity } from './types.js';
import { UnchangedSchemas } from './unchanged.js';

/** The methods of a Path Item Object, in the order OpenAPI lists them. */

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly pathItem: Located<JsonObject>;
  readonly operation: Located<JsonObject>;
}

/** Everything one matched pair of operations needs to report its changes. */
interface Pair {
  readonly oldDoc: OpenApiDocument;
  readonly newDoc: OpenApiDocument;
  readonly before: Operation;
  readonly after: Operation;
  readonly emit: Emit;
  readonly unchanged: UnchangedSchemas;
}

const shapeOf = (template: string): string => template.replace(/\{[^}]*\}/g, '{}');
const pathParamNames = (template: string): string[] => [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
const title = (op: Operation): string => `${op.method.toUpperCase()} ${op.template}`;

function operationsOf(doc: OpenApiDocument): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [template, item] of entriesOf(doc.root.paths)) {
    const pathItem = doc.deref({ node: item, pointer: child('', 'paths', template) });
    if (!pathItem) continue;
    for (const method of OPENAPI_METHODS) {
      const operation = pathItem.node[method];
      const key = `${shapeOf(template)} ${method}`;
      // Two templates of one shape are invalid OpenAPI; the first one listed is used.
      if (!isObject(operation) || operations.has(key)) continue;
      operations.set(key, { template, method, pathItem, operation: { node: operation, pointer: child(pathItem.pointer, method) } });
    }
  }
  return operations;
}

export function diffOperations(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): Change[] {
  const changes: Change[] = [];
  const emitFor = (op: Operation): Emit => (rule, severity, location, message) =>
    changes.push({ rule, severity, method: op.method, path: op.template, location, message });
  const unchanged = new UnchangedSchemas(oldDoc, newDoc);
  const oldOps = operationsOf(oldDoc);
  const newOps = operationsOf(newDoc);
  for (const [key, after] of newOps) {
    if (!oldOps.has(key)) emitFor(after)('operation-added', 'non-breaking', after.operation.pointer, `The operation ${title(after)} was added.`);
  }
  for (const [key, before] of oldOps) {
    const after = newOps.get(key);
    if (!after) {
      emitFor(before)('operation-removed', 'breaking', before.operation.pointer, `The operation ${title(before)} was removed.`);
      continue;
    }
    const pair: Pair = { oldDoc, newDoc, before, after, emit: emitFor(after), unchanged };
    compareDeprecation(pair);
    compareParameters(pair);
    compareRequestBody(pair);
    compareResponses(pair);
    compareSecurity(pair);
  }
  return changes;
}

function compareDeprecation({ before, after, emit }: Pair): void {
  const was = before.operation.node.deprecated === true;
  const is = after.operation.node.deprecated === true;
  if (!was && is) emit('operation-deprecated', 'non-breaking', after.operation.pointer, `The operation ${title(after)} was deprecated.`);
  if (was && !is) emit('operation-reactivated', 'non-breaking', after.operation.pointer, `The operation ${title(after)} is no longer deprecated.`);
}

/** Where a schema is, for labels: `the request body (application/json)` and its properties. */
function site(side: Side, prefix: string, label: string, propertyLabel: (namePath: string) => string): SchemaSite {
  return { side, prefix, label, namePath: '', nested: (namePath) => (namePath === '[]' ? `the items of ${label}` : propertyLabel(namePath)) };
}

/** Compares the schemas at two places, each comparison with its own record of visited pairs. */
function schemas(pair: Pair, where: SchemaSite, before: Located, after: Located): void {
  compareSchemas({ oldDoc: pair.oldDoc, newDoc: pair.newDoc, emit: pair.emit, visited: new Set(), unchanged: pair.unchanged }, where, before, after);
}

/** The schema of a parameter or header: `schema`, or the one of its single `content` entry. */
function schemaOf(at: Located<JsonObject>): Located {
  if (at.node.schema !== undefined) return { node: at.node.schema, pointer: child(at.pointer, 'schema') };
  const [entry] = entriesOf(at.node.content);
  if (entry && isObject(entry[1])) return { node: entry[1].schema, pointer: child(at.pointer, 'content', entry[0], 'schema') };
  return { node: undefined, pointer: child(at.pointer, 'schema') };
}

// ---------------------------------------------------------------------------------------------
// Parameters

interface Parameter {
  readonly in: string;
  readonly name: string;
  readonly required: boolean;
  readonly deprecated: boolean;
  readonly at: Located<JsonObject>;
}

/** OpenAPI says these header parameters are ignored: the media types and security describe them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Path-level and operation-level parameters, the operation's overriding, by matching key. */
function parametersOf(doc: OpenApiDocument, op: Operation): Map<string, Parameter> {
  const pathNames = pathParamNames(op.template);
  const parameters = new Map<string, Parameter>();
  for (const owner of [op.pathItem, op.operation]) {
    const list = owner.node.parameters;
    if (!Array.isArray(list)) continue;
    list.forEach((raw, index) => {
      const at = doc.deref({ node: raw, pointer: child(owner.pointer, 'parameters', index) });
      const where = at?.node.in;
      const name = at?.node.name;
      if (!at || typeof where !== 'string' || typeof name !== 'string') return;
      if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) return;
      const position = where === 'path' ? pathNames.indexOf(name) : -1;
      const key = position >= 0 ? `path#${position}` : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
      parameters.set(key, { in: where, name, required: where === 'path' || at.node.required === true, deprecated: at.node.deprecated === true, at });
    });
  }
  return parameters;
}

const describeParameter = (parameter: Parameter): string => `the ${parameter.in} parameter ${show(parameter.name)}`;

function compareParameters(pair: Pair): void {
  const { emit, before, after } = pair;
  const oldNames = pathParamNames(before.template);
  const newNames = pathParamNames(after.template);
  const oldParams = parametersOf(pair.oldDoc, before);
  const newParams = parametersOf(pair.newDoc, after);

  oldNames.forEach((oldName, position) => {
    const newName = newNames[position]!;
    if (oldName === newName) return;
    const location = newParams.get(`path#${position}`)?.at.pointer ?? after.pathItem.pointer;
    emit('path-parameter-renamed', 'non-breaking', location, `The path parameter ${show(oldName)} was renamed to ${show(newName)}.`);
  });

  const removed = [...oldParams].filter(([key]) => !newParams.has(key));
  const added = [...newParams].filter(([key]) => !oldParams.has(key));
  const moved = new Set<string>();
  for (const [key, parameter] of added) {
    // A path parameter missing on one side is only undeclared: the path template has it.
    if (key.startsWith('path#')) continue;
    const from = removed.find(([oldKey, old]) => !moved.has(oldKey) && old.in !== parameter.in && old.name.toLowerCase() === parameter.name.toLowerCase());
    if (from) {
      moved.add(from[0]);
      emit('request-parameter-location-changed', 'breaking', parameter.at.pointer, sentence(`${describeParameter(from[1])} moved to the ${parameter.in}.`));
    } else if (parameter.required) {
      emit('new-required-request-parameter', 'breaking', parameter.at.pointer, sentence(`${describeParameter(parameter)} was added as required.`));
    } else {
      emit('new-optional-request-parameter', 'non-breaking', parameter.at.pointer, sentence(`${describeParameter(parameter)} was added as optional.`));
    }
  }
  for (const [key, parameter] of removed) {
    if (key.startsWith('path#') || moved.has(key)) continue;
    // oasdiff warns here: the client still sends it, and whatever it did is gone.
    emit('request-parameter-removed', 'breaking', parameter.at.pointer, sentence(`${describeParameter(parameter)} was removed.`));
  }

  for (const [key, was] of oldParams) {
    const is = newParams.get(key);
    if (!is) continue;
    const label = describeParameter(is);
    if (!was.required && is.required) emit('request-parameter-became-required', 'breaking', is.at.pointer, sentence(`${label} became required.`));
    if (was.required && !is.required) emit('request-parameter-became-optional', 'non-breaking', is.at.pointer, sentence(`${label} became optional.`));
    if (!was.deprecated && is.deprecated) emit('request-parameter-deprecated', 'non-breaking', is.at.pointer, sentence(`${label} was deprecated.`));
    const where = site('request', 'request-parameter', label, (namePath) => `the property ${show(namePath)} of ${label}`);
    schemas(pair, where, schemaOf(was.at), schemaOf(is.at));
  }
}

// ---------------------------------------------------------------------------------------------
// Request body and media types

/** Media types by lower-cased name. */
function contentOf(at: Located<JsonObject>): Map<string, Located<JsonObject>> {
  const content = new Map<string, Located<JsonObject>>();
  for (const [mediaType, media] of entriesOf(at.node.content)) {
    if (isObject(media)) content.set(mediaType.toLowerCase(), { node: media, pointer: child(at.pointer, 'content', mediaType) });
  }
  return content;
}

const schemaIn = (media: Located<JsonObject>): Located => ({ node: media.node.schema, pointer: child(media.pointer, 'schema') });

function compareRequestBody(pair: Pair): void {
  const { emit } = pair;
  const was = optionalAt(pair.oldDoc, pair.before.operation, 'requestBody');
  const is = optionalAt(pair.newDoc, pair.after.operation, 'requestBody');
  if (!was && !is) return;
  if (!was && is) {
    if (is.node.required === true) emit('request-body-added-required', 'breaking', is.pointer, 'A required request body was added.');
    else emit('request-body-added-optional', 'non-breaking', is.pointer, 'An optional request body was added.');
    return;
  }
  if (was && !is) {
    emit('request-body-removed', 'breaking', was.pointer, 'The request body was removed.');
    return;
  }
  if (!was || !is) return;
  const wasRequired = was.node.required === true;
  const isRequired = is.node.required === true;
  if (!wasRequired && isRequired) emit('request-body-became-required', 'breaking', is.pointer, 'The request body became required.');
  if (wasRequired && !isRequired) emit('request-body-became-optional', 'non-breaking', is.pointer, 'The request body became optional.');

  const oldContent = contentOf(was);
  const newContent = contentOf(is);
  for (const [mediaType, media] of oldContent) {
    const match = newContent.get(mediaType);
    if (!match) {
      emit('request-body-media-type-removed', 'breaking', media.pointer, `The request body no longer accepts the media type ${show(mediaType)}.`);
      continue;
    }
    const label = `the request body (${mediaType})`;
    const where = site('request', 'request-body', label, (namePath) => `the request property ${show(namePath)} (${mediaType})`);
    schemas(pair, where, schemaIn(media), schemaIn(match));
  }
  for (const [mediaType, media] of newContent) {
    if (oldContent.has(mediaType)) continue;
    emit('request-body-media-type-added', 'non-breaking', media.pointer, `The request body now accepts the media type ${show(mediaType)}.`);
  }
}

function optionalAt(doc: OpenApiDocument, owner: Located<JsonObject>, key: string): Located<JsonObject> | undefined {
  return owner.node[key] === undefined ? undefined : doc.deref({ node: owner.node[key], pointer: child(owner.pointer, key) });
}

// ---------------------------------------------------------------------------------------------
// Responses

/** Responses by status (`2xx` written as `2XX`). */
function responsesOf(doc: OpenApiDocument, op: Operation): Map<string, Located<JsonObject>> {
  const responses = new Map<string, Located<JsonObject>>();
  const base = child(op.operation.pointer, 'responses');
  for (const [status, raw] of entriesOf(op.operation.node.responses)) {
    const at = doc.deref({ node: raw, pointer: child(base, status) });
    if (at) responses.set(status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(), at);
  }
  return responses;
}

const isSuccess = (status: string): boolean => status.startsWith('2');

function compareResponses(pair: Pair): void {
  const { emit } = pair;
  const oldResponses = responsesOf(pair.oldDoc, pair.before);
  const newResponses = responsesOf(pair.newDoc, pair.after);
  for (const [status, was] of oldResponses) {
    const is = newResponses.get(status);
    const kind = isSuccess(status) ? 'success' : 'non-success';
    if (!is) {
      // A client coded against a success status breaks; one error status fewer is only a shrinking contract.
      const severity = isSuccess(status) ? 'breaking' : 'non-breaking';
      emit(`response-${kind}-status-removed`, severity, was.pointer, `The ${kind} response with status ${status} was removed.`);
      continue;
    }
    compareHeaders(pair, status, was, is);
    const oldContent = contentOf(was);
    const newContent = contentOf(is);
    for (const [mediaType, media] of oldContent) {
      const match = newContent.get(mediaType);
      if (!match) {
        emit('response-media-type-removed', 'breaking', media.pointer, `The response with status ${status} no longer has the media type ${show(mediaType)}.`);
        continue;
      }
      const qualifier = `(${status}, ${mediaType})`;
      const where = site('response', 'response-body', `the response body ${qualifier}`, (namePath) => `the response property ${show(namePath)} ${qualifier}`);
      schemas(pair, where, schemaIn(media), schemaIn(match));
    }
    for (const [mediaType, media] of newContent) {
      if (oldContent.has(mediaType)) continue;
      emit('response-media-type-added', 'non-breaking', media.pointer, `The response with status ${status} now has the media type ${show(mediaType)}.`);
    }
  }
  for (const [status, is] of newResponses) {
    if (oldResponses.has(status)) continue;
    const kind = isSuccess(status) ? 'success' : 'non-success';
    emit(`response-${kind}-status-added`, 'non-breaking', is.pointer, `A ${kind} response with status ${status} was added.`);
  }
}

/** Headers by lower-cased name, `Content-Type` left out as OpenAPI says. */
function headersOf(doc: OpenApiDocument, response: Located<JsonObject>): Map<string, { name: string; at: Located<JsonObject> }> {
  const headers = new Map<string, { name: string; at: Located<JsonObject> }>();
  for (const [name, raw] of entriesOf(response.node.headers)) {
    if (name.toLowerCase() === 'content-type') continue;
    const at = doc.deref({ node: raw, pointer: child(response.pointer, 'headers', name) });
    if (at) headers.set(name.toLowerCase(), { name, at });
  }
  return headers;
}

function compareHeaders(pair: Pair, status: string, before: Located<JsonObject>, after: Located<JsonObject>): void {
  const { emit } = pair;
  const oldHeaders = headersOf(pair.oldDoc, before);
  const newHeaders = headersOf(pair.newDoc, after);
  for (const [key, was] of oldHeaders) {
    const is = newHeaders.get(key);
    const label = `the response header ${show(is?.name ?? was.name)} (${status})`;
    if (!is) {
      emit('response-header-removed', 'breaking', was.at.pointer, sentence(`${label} was removed.`));
      continue;
    }
    if (was.at.node.required === true && is.at.node.required !== true) {
      emit('response-header-became-optional', 'breaking', is.at.pointer, sentence(`${label} became optional.`));
    }
    const where = site('response', 'response-header', label, (namePath) => `the property ${show(namePath)} of ${label}`);
    schemas(pair, where, schemaOf(was.at), schemaOf(is.at));
  }
  for (const [key, is] of newHeaders) {
    if (oldHeaders.has(key)) continue;
    emit('response-header-added', 'non-breaking', is.at.pointer, `The response header ${show(is.name)} (${status}) was added.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Security

/** One alternative of a security requirement list: scheme name to its sorted scopes. */
type Requirement = ReadonlyMap<string, readonly string[]>;

interface Security {
  /** Alternatives by their sorted scheme names (`''` for `{}`, anonymous access). */
  readonly alternatives: ReadonlyMap<string, Requirement>;
  readonly pointer: string;
}

/** The operation's `security`, else the document's. */
function securityOf(doc: OpenApiDocument, op: Operation): Security {
  const own = op.operation.node.security;
  const list = own !== undefined ? own : doc.root.security;
  const pointer = own !== undefined ? child(op.operation.pointer, 'security') : doc.root.security !== undefined ? '/security' : op.operation.pointer;
  const alternatives = new Map<string, Requirement>();
  for (const raw of Array.isArray(list) ? list : []) {
    const requirement = new Map<string, readonly string[]>();
    for (const [scheme, scopes] of entriesOf(raw)) {
      requirement.set(scheme, (Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : []).sort());
    }
    const key = [...requirement.keys()].sort().join(' + ');
    if (!alternatives.has(key)) alternatives.set(key, requirement);
  }
  return { alternatives, pointer };
}

/** No alternative, or only `{}`: anyone may call. */
const isOpen = (security: Security): boolean => [...security.alternatives.keys()].every((key) => key === '');

const describeRequirement = (key: string): string => (key === '' ? 'no authentication' : show(key));

function compareSecurity(pair: Pair): void {
  const { emit } = pair;
  const was = securityOf(pair.oldDoc, pair.before);
  const is = securityOf(pair.newDoc, pair.after);
  const listed = (security: Security): string => [...security.alternatives.keys()].map(describeRequirement).join(' or ');
  if (isOpen(was) && isOpen(is)) return;
  if (isOpen(was)) {
    emit('security-added', 'breaking', is.pointer, `The operation now requires authentication: ${listed(is)}.`);
    return;
  }
  if (isOpen(is)) {
    emit('security-removed', 'non-breaking', is.pointer, 'The operation no longer requires authentication.');
    return;
  }
  for (const [key, requirement] of was.alternatives) {
    const match = is.alternatives.get(key);
    if (!match) {
      emit('security-requirement-removed', 'breaking', is.pointer, `The security requirement ${describeRequirement(key)} is no longer accepted.`);
      continue;
    }
    for (const [scheme, scopes] of requirement) {
      const newScopes = match.get(scheme) ?? [];
      const report = (rule: string, severity: Severity, scope: string, verb: string): void =>
        emit(rule, severity, is.pointer, `The scope ${show(scope)} ${verb} the security scheme ${show(scheme)}.`);
      for (const scope of newScopes) if (!scopes.includes(scope)) report('security-scope-added', 'breaking', scope, 'is now required by');
      for (const scope of scopes) if (!newScopes.includes(scope)) report('security-scope-removed', 'non-breaking', scope, 'is no longer required by');
    }
  }
  for (const key of is.alternatives.keys()) {
    if (was.alternatives.has(key)) continue;
    emit('security-requirement-added', 'non-breaking', is.pointer, `The security requirement ${describeRequirement(key)} is now accepted as an alternative.`);
  }
}
