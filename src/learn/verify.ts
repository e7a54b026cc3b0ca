/**
 * The document as a contract: each Exchange compared with the OpenAPI 3.1 document, listing
 * what contradicts it. An operation the document lacks, a status it does not document, a body
 * that breaks its schema (the JSON pointer of the first mismatch in the body, what the schema
 * wants, what was seen as a type), a missing required field or parameter, an undeclared query
 * parameter, a media type the document does not list.
 *
 * Request parameters and bodies are checked only for requests the app accepted (2xx, 3xx): a
 * request it answered 400 is expected to break the request schema. Responses of every status
 * are checked. Schemas are checked with ajv's JSON Schema 2020-12 implementation (the dialect
 * of OpenAPI 3.1) and ajv-formats; local `$ref`s resolve inside the document.
 *
 * docgen's placeholder response (`default: Default response`, no content: nothing was known)
 * documents every status and any body; a document docgen built without schemas is contradicted
 * only by operations it lacks and undeclared query parameters.
 *
 * Findings hold names the document declares, types and counts, never a value seen in traffic:
 * a body's object keys that look like values (ids, emails) are written `{}` in pointers.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { isPlaceholderResponse } from '../openapi/placeholder.js';
import { isObject, OPENAPI_METHODS } from '../openapi/json.js';
import { child, escapeToken, localPointer, unescapeToken, valueAt } from '../openapi/json-pointer.js';
import { jsonTypeOf } from '../schemas/json-schema.js';
import type { Exchange, ObservedBody } from './exchange.js';
import { isDocumentableHeader } from './headers.js';
import { mediaTypeEssence } from './media-type.js';
import { isValueLikeName, printableName } from './names.js';
import { isAccepted } from './operation.js';
import type { OperationRef } from './to-openapi.js';

export type { OperationRef };

export type FindingKind =
  | 'unknown-operation'
  | 'undocumented-status'
  | 'undocumented-media-type'
  | 'undocumented-request-body'
  | 'missing-request-body'
  | 'schema-mismatch'
  | 'missing-required'
  | 'undeclared-query-parameter'
  | 'unverifiable-schema';

export interface VerifyFinding {
  readonly kind: FindingKind;
  readonly method: string;
  /** The operation's path template, or the request's value-free path shape (`/users/{}`) for an unknown operation. */
  readonly path: string;
  /** `request body application/json`, `response 404 application/json`, `query parameter limit`, `path parameter id`... */
  readonly part?: string;
  readonly status?: number;
  readonly mediaType?: string;
  /** A parameter's or a required property's name (as the document declares it). */
  readonly name?: string;
  /** JSON pointer into the body (or `""` for a parameter's value) where the first mismatch is. */
  readonly pointer?: string;
  /** JSON pointer into the document: the schema keyword that failed. */
  readonly schemaPointer?: string;
  /** What the schema wants: `type integer`, `format email`, `no other properties`. */
  readonly wants?: string;
  /** What was seen, as a type: `string`, `null`, `property "nickname"`. */
  readonly seen?: string;
  /** Why a schema could not be checked (unverifiable-schema). */
  readonly reason?: string;
}

const DOCUMENT_ID = 'docgen:verified-document';

export class Verifier {
  readonly #document: Record<string, unknown>;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction | Error>();
  readonly #covered = new Set<string>();

  /** Throws (code DOCGEN_INVALID_DOCUMENT) for anything but an OpenAPI 3.1 document. */
  constructor(document: unknown) {
    if (!isObject(document) || typeof document.openapi !== 'string' || !/^3\.1\./.test(document.openapi)) {
      throw Object.assign(new Error(`docgen verify reads OpenAPI 3.1 documents; this one says openapi: ${isObject(document) ? String(document.openapi) : 'nothing'}`), { code: 'DOCGEN_INVALID_DOCUMENT' });
    }
    this.#document = document;
    // logger off: ajv would print warnings (unknown formats) into the app's console.
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateSchema: false });
    (addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020)(this.#ajv);
    this.#ajv.addSchema(document as object, DOCUMENT_ID);
  }

  /** The documented operations that exchanges reached so far, and those none reached. */
  coverage(): { covered: OperationRef[]; uncovered: OperationRef[] } {
    const covered: OperationRef[] = [];
    const uncovered: OperationRef[] = [];
    const paths = isObject(this.#document.paths) ? this.#document.paths : {};
    for (const path of Object.keys(paths)) {
      const item = paths[path];
      if (!isObject(item)) continue;
      for (const method of OPENAPI_METHODS) {
        if (!isObject(item[method])) continue;
        (this.#covered.has(`${method} ${path}`) ? covered : uncovered).push({ method, path });
      }
    }
    return { covered, uncovered };
  }

  /** What in `exchange` contradicts the document (empty when nothing does). */
  check(exchange: Exchange): VerifyFinding[] {
    const method = exchange.method.toLowerCase();
    if (exchange.path === null) return [{ kind: 'unknown-operation', method, path: exchange.unmatchedPath ?? '/' }];
    const paths = isObject(this.#document.paths) ? this.#document.paths : {};
    const item = this.#resolve(paths[exchange.path]);
    const op = item ? this.#resolve(item[method]) : undefined;
    if (!item || !op) return [{ kind: 'unknown-operation', method, path: exchange.path }];
    this.#covered.add(`${method} ${exchange.path}`);
    const context: Context = { method, path: exchange.path, pointer: child('/paths', exchange.path, method), findings: [] };
    if (isAccepted(exchange.status)) {
      this.#parameters(context, exchange, [...this.#parametersOf(item, child('/paths', exchange.path)), ...this.#parametersOf(op, context.pointer)]);
      this.#requestBody(context, exchange.requestBody, op.requestBody);
    }
    this.#response(context, exchange, op.responses);
    return context.findings;
  }

  // ---- parameters ----

  #parametersOf(owner: Record<string, unknown>, pointer: string): DeclaredParameter[] {
    if (!Array.isArray(owner.parameters)) return [];
    return owner.parameters.flatMap((value, i) => {
      const param = this.#resolve(value);
      const at = isObject(value) && typeof value.$ref === 'string' ? localPointer(value.$ref)! : child(pointer, 'parameters', i);
      return param && typeof param.name === 'string' && typeof param.in === 'string' ? [{ param, pointer: at }] : [];
    });
  }

  #parameters(context: Context, exchange: Exchange, all: DeclaredParameter[]): void {
    // An operation's parameter overrides the path item's of the same place and name.
    const declared = new Map<string, DeclaredParameter>();
    for (const entry of all) declared.set(`${entry.param.in} ${entry.param.in === 'header' ? String(entry.param.name).toLowerCase() : entry.param.name}`, entry);
    const headers = new Set(exchange.headerNames.map((name) => name.toLowerCase()));
    for (const { param, pointer } of declared.values()) {
      const name = String(param.name);
      if (param.in === 'path') {
        const raw = exchange.pathParams[name];
        if (raw !== undefined) this.#checkValue(context, `path parameter ${name}`, raw, param.schema, child(pointer, 'schema'));
      } else if (param.in === 'query') {
        const schema = this.#resolve(param.schema);
        if (schema?.type === 'object') continue; // arrives as its properties' keys
        const raw = exchange.query[name];
        if (raw === undefined) {
          if (param.required === true) context.findings.push({ kind: 'missing-required', method: context.method, path: context.path, part: 'query parameters', name });
        } else this.#checkValue(context, `query parameter ${name}`, raw, param.schema, child(pointer, 'schema'));
      } else if (param.in === 'header' && param.required === true && isDocumentableHeader(name) && !headers.has(name.toLowerCase())) {
        context.findings.push({ kind: 'missing-required', method: context.method, path: context.path, part: 'header parameters', name });
      }
    }
    for (const key of Object.keys(exchange.query).sort()) {
      if (declared.has(`query ${key}`) || this.#coveredByObjectParameter(key, declared)) continue;
      context.findings.push({ kind: 'undeclared-query-parameter', method: context.method, path: context.path, name: printableName(key) });
    }
  }

  /** `filter[name]` for a deepObject `filter`; `name` for a form-exploded object parameter that has it (or allows any). */
  #coveredByObjectParameter(key: string, declared: Map<string, DeclaredParameter>): boolean {
    const bracket = key.indexOf('[');
    if (bracket > 0 && declared.has(`query ${key.slice(0, bracket)}`)) return true;
    for (const { param } of declared.values()) {
      if (param.in !== 'query') continue;
      const schema = this.#resolve(param.schema);
      if (!schema || schema.type !== 'object') continue;
      if (isObject(schema.properties) && Object.hasOwn(schema.properties, key)) return true;
      if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return true;
    }
    return false;
  }

  #checkValue(context: Context, part: string, raw: string | readonly string[], schema: unknown, schemaPointer: string): void {
    if (schema === undefined) return;
    this.#validate(context, part, coerce(raw, schema, (value) => this.#resolve(value)), schemaPointer);
  }

  // ---- bodies ----

  #requestBody(context: Context, body: ObservedBody, declaredValue: unknown): void {
    const declared = this.#resolve(declaredValue);
    const pointer = isObject(declaredValue) && typeof declaredValue.$ref === 'string' ? localPointer(declaredValue.$ref)! : child(context.pointer, 'requestBody');
    if (body.kind === 'empty') {
      if (declared?.required === true) context.findings.push({ kind: 'missing-request-body', method: context.method, path: context.path, part: 'request body' });
      return;
    }
    const mediaType = mediaTypeEssence(body.mediaType);
    if (!declared) {
      if (body.kind !== 'skipped') context.findings.push({ kind: 'undocumented-request-body', method: context.method, path: context.path, part: 'request body', ...(mediaType ? { mediaType } : {}) });
      return;
    }
    this.#body(context, 'request body', body, declared.content, child(pointer, 'content'));
  }

  #response(context: Context, exchange: Exchange, responsesValue: unknown): void {
    const responses = this.#resolve(responsesValue) ?? {};
    const status = String(exchange.status);
    const range = `${status[0]}XX`;
    const key = Object.hasOwn(responses, status) ? status : (Object.keys(responses).find((k) => k.toUpperCase() === range) ?? (Object.hasOwn(responses, 'default') ? 'default' : undefined));
    if (!key) {
      context.findings.push({ kind: 'undocumented-status', method: context.method, path: context.path, status: exchange.status });
      return;
    }
    const responseValue = responses[key];
    const response = this.#resolve(responseValue);
    if (!response || exchange.responseBody.kind === 'empty' || exchange.method.toLowerCase() === 'head') return;
    // docgen's placeholder says nothing is known about the responses: nothing to contradict.
    if (key === 'default' && isPlaceholderResponse(response)) return;
    const pointer = isObject(responseValue) && typeof responseValue.$ref === 'string' ? localPointer(responseValue.$ref)! : child(context.pointer, 'responses', key);
    this.#body(context, `response ${status}`, exchange.responseBody, response.content, child(pointer, 'content'), exchange.status);
  }

  #body(context: Context, part: string, body: Exclude<ObservedBody, { kind: 'empty' }>, contentValue: unknown, pointer: string, status?: number): void {
    const mediaType = mediaTypeEssence(body.mediaType);
    if (!mediaType) return;
    const content = isObject(contentValue) ? contentValue : {};
    const match = matchMediaType(content, mediaType);
    if (!match) {
      context.findings.push({ kind: 'undocumented-media-type', method: context.method, path: context.path, part, mediaType, ...(status !== undefined ? { status } : {}) });
      return;
    }
    const media = this.#resolve(content[match]);
    if (!media || media.schema === undefined) return;
    const schemaPointer = child(pointer, match, 'schema');
    const label = `${part} ${mediaType}`;
    if (body.kind === 'json') this.#validate(context, label, body.value, schemaPointer);
    else if (body.kind === 'form') this.#validate(context, label, coerce(body.value, media.schema, (value) => this.#resolve(value)), schemaPointer);
    else if (body.kind === 'multipart') this.#multipart(context, label, body, media.schema, schemaPointer);
  }

  /** Multipart bodies: only the part names are known, checked against `required` and closed objects. */
  #multipart(context: Context, part: string, body: Extract<ObservedBody, { kind: 'multipart' }>, schemaValue: unknown, schemaPointer: string): void {
    const schema = this.#resolve(schemaValue);
    if (!schema) return;
    const names = new Set([...body.fields, ...body.files]);
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof name === 'string' && !names.has(name)) context.findings.push({ kind: 'missing-required', method: context.method, path: context.path, part, pointer: '', name });
    }
    if (schema.additionalProperties === false) {
      const properties = isObject(schema.properties) ? schema.properties : {};
      for (const name of [...names].sort()) {
        if (!Object.hasOwn(properties, name)) {
          context.findings.push({ kind: 'schema-mismatch', method: context.method, path: context.path, part, pointer: '', schemaPointer: child(schemaPointer, 'additionalProperties'), wants: 'no other properties', seen: `part "${printableName(name)}"` });
        }
      }
    }
  }

  // ---- ajv ----

  #validate(context: Context, part: string, value: unknown, schemaPointer: string): void {
    const validate = this.#validator(schemaPointer);
    if (validate instanceof Error) {
      context.findings.push({ kind: 'unverifiable-schema', method: context.method, path: context.path, part, schemaPointer, reason: validate.message });
      return;
    }
    if (validate(value)) return;
    const errors = validate.errors ?? [];
    // Alternatives: ajv lists each branch's error, then the anyOf/oneOf itself: that one is the mismatch.
    const last = errors.at(-1);
    const error = last && (last.keyword === 'anyOf' || last.keyword === 'oneOf') ? last : errors[0];
    if (!error) return;
    const pointer = safePointer(value, error.instancePath);
    const at = this.#schemaPointerOf(error, schemaPointer);
    if (error.keyword === 'required') {
      const name = String((error.params as { missingProperty?: unknown }).missingProperty);
      context.findings.push({ kind: 'missing-required', method: context.method, path: context.path, part, pointer, schemaPointer: at, name });
      return;
    }
    context.findings.push({ kind: 'schema-mismatch', method: context.method, path: context.path, part, pointer, schemaPointer: at, wants: wants(error), seen: seen(value, error) });
  }

  #validator(schemaPointer: string): ValidateFunction | Error {
    let validate = this.#validators.get(schemaPointer);
    if (!validate) {
      // A URI fragment: the pointer's (already ~-escaped) tokens, percent-encoded (`{id}` -> `%7Bid%7D`).
      const fragment = schemaPointer.split('/').map(encodeURIComponent).join('/');
      try {
        validate = this.#ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      } catch (error) {
        validate = new Error((error as Error).message);
      }
      this.#validators.set(schemaPointer, validate);
    }
    return validate;
  }

  /**
   * ajv's schemaPath as a pointer into the document. It is either a URI or a pointer from the
   * document's root (a keyword reached through a `$ref` ajv compiled on its own), or relative to
   * the schema compiled (then `$ref`s ajv inlined are followed here, as it did).
   */
  #schemaPointerOf(error: ErrorObject, base: string): string {
    const hash = error.schemaPath.indexOf('#');
    const absolute = hash > 0; // `docgen:verified-document#/paths/~1users~1%7Bid%7D/...`
    const tokens = (hash === -1 ? error.schemaPath : error.schemaPath.slice(hash + 1)).split('/').slice(1).map((token) => unescapeToken(decoded(token)));
    const fromRoot = absolute || ((tokens[0] === 'components' || tokens[0] === 'paths') && valueAt(this.#document, child('', ...tokens.slice(0, 2))) !== undefined);
    // Either way, ajv may have inlined `$ref`s on the way: the walk follows them.
    let pointer = fromRoot ? '' : base;
    let node = valueAt(this.#document, pointer);
    for (const token of tokens) {
      for (let hops = 0; isObject(node) && !Object.hasOwn(node, token) && typeof node.$ref === 'string' && hops < 32; hops++) {
        pointer = localPointer(node.$ref) ?? pointer;
        node = valueAt(this.#document, pointer);
      }
      pointer = child(pointer, token);
      node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
    }
    return pointer;
  }

  #resolve(value: unknown): Record<string, unknown> | undefined {
    let node = value;
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
      const pointer = localPointer(node.$ref);
      node = pointer === undefined ? undefined : valueAt(this.#document, pointer);
    }
    return isObject(node) ? node : undefined;
  }
}

interface Context {
  readonly method: string;
  readonly path: string;
  readonly pointer: string;
  readonly findings: VerifyFinding[];
}

interface DeclaredParameter {
  readonly param: Record<string, unknown>;
  readonly pointer: string;
}

function decoded(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}

/**
 * Text from the wire as the schema's type: `"42"` as 42 for an integer, `"true"` as true for a
 * boolean, a single value as a one-item array for an array, a form's fields each by its property.
 */
function coerce(raw: unknown, schemaValue: unknown, resolve: (value: unknown) => Record<string, unknown> | undefined): unknown {
  const schema = resolve(schemaValue);
  if (!schema) return raw;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (isObject(raw)) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    return Object.fromEntries(Object.keys(raw).map((key) => [key, coerce(raw[key], Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties, resolve)]));
  }
  if (types.includes('array')) {
    const items = Array.isArray(raw) ? raw : [raw];
    return items.map((item) => coerce(item, schema.items, resolve));
  }
  if (typeof raw !== 'string') return raw;
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.includes('null') && raw === 'null') return null;
  return raw;
}

/** The instance pointer with object keys that look like values written `{}` (array indexes stay). */
function safePointer(root: unknown, instancePath: string): string {
  if (instancePath === '') return '';
  let node = root;
  const tokens: string[] = [];
  for (const raw of instancePath.slice(1).split('/')) {
    const key = unescapeToken(raw);
    if (Array.isArray(node)) {
      tokens.push(key);
      node = node[Number(key)];
    } else {
      tokens.push(escapeToken(printableName(key)));
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return `/${tokens.join('/')}`;
}

function wants(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `type ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}`;
    case 'format':
      return `format ${String(params.format)}`;
    case 'enum':
      return 'one of the declared values';
    case 'const':
      return 'the declared constant';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'no other properties';
    case 'anyOf':
      return 'one of the alternatives (anyOf)';
    case 'oneOf':
      return 'exactly one of the alternatives (oneOf)';
    case 'not':
      return 'not the excluded schema';
    case 'false schema':
      return 'nothing (the schema is false)';
    case 'pattern':
      return `pattern ${String(params.pattern)}`;
    case 'uniqueItems':
      return 'unique items';
    default:
      // minimum, maxLength, minItems, multipleOf...: the limit is the schema's, not traffic's.
      return 'limit' in params ? `${error.keyword} ${String(params.limit)}` : error.keyword;
  }
}

function seen(root: unknown, error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if ((error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') && typeof (params.additionalProperty ?? params.unevaluatedProperty) === 'string') {
    const name = String(params.additionalProperty ?? params.unevaluatedProperty);
    return isValueLikeName(name) ? 'a property named by a value (an id, a date...)' : `property "${name}"`;
  }
  const value = valueAt(root, error.instancePath);
  const type = jsonTypeOf(value);
  if (error.keyword === 'format') return `a ${type} that is not ${String(params.format)}`;
  return type;
}

/** `application/json` in content keyed `application/json` (any parameters), `application/*` or `*\/*`. */
function matchMediaType(content: Record<string, unknown>, mediaType: string): string | undefined {
  const keys = Object.keys(content);
  const essence = (key: string) => key.split(';')[0]!.trim().toLowerCase();
  return keys.find((key) => essence(key) === mediaType) ?? keys.find((key) => essence(key) === `${mediaType.split('/')[0]}/*`) ?? keys.find((key) => essence(key) === '*/*');
}

/** One line for a finding, as `docgen verify` prints it. */
export function describeFinding(finding: VerifyFinding): string {
  const op = `${finding.method.toUpperCase()} ${finding.path}`;
  switch (finding.kind) {
    case 'unknown-operation':
      return `${op}: the document has no such operation`;
    case 'undocumented-status':
      return `${op}: status ${finding.status} is not documented`;
    case 'undocumented-media-type':
      return `${op}: ${finding.part} has media type ${finding.mediaType}, which the document does not list`;
    case 'undocumented-request-body':
      return `${op}: a request body${finding.mediaType ? ` (${finding.mediaType})` : ''} was accepted, but the document declares none`;
    case 'missing-request-body':
      return `${op}: a request without a body was accepted, but the document declares the body required`;
    case 'missing-required':
      return `${op}: ${finding.part}${finding.pointer ? ` at ${finding.pointer}` : ''}: required ${finding.part?.endsWith('parameters') ? 'parameter' : 'property'} "${finding.name}" is missing`;
    case 'undeclared-query-parameter':
      return `${op}: query parameter "${finding.name}" is not declared`;
    case 'schema-mismatch':
      return `${op}: ${finding.part}${finding.pointer ? ` at ${finding.pointer}` : ''}: the schema wants ${finding.wants}, seen ${finding.seen} (${finding.schemaPointer})`;
    case 'unverifiable-schema':
      return `${op}: ${finding.part}: the schema at ${finding.schemaPointer} cannot be checked (${finding.reason})`;
  }
}
