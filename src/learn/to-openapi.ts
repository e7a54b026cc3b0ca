/**
 * Fills a built OpenAPI 3.1 document with what traffic taught, declared first:
 *
 * - What the document declares (validators, JSDoc, route declarations) wins. A learned shape
 *   that contradicts a declared schema is not merged: it is returned as a Contradiction (the
 *   operation, the part, a JSON pointer to the declared node, what it declares, what was seen
 *   as a type or a count, never a value) for the caller to report.
 * - Learned fills the rest: a path parameter's type where docgen wrote its placeholder
 *   (`{ type: 'string' }` with nothing else), query and header parameters the operation lacks,
 *   a request body or its media types, responses (replacing docgen's lone `default: Default
 *   response` placeholder), content for a declared response that has none, the places a declared
 *   schema leaves open (`{}`, as the handler's code writes a field it reads or sends without a
 *   known type: fill-open.ts), security schemes
 *   and the operation's `security`. An object shape learned under one property name in several
 *   operations becomes a named component (src/learn/components.ts).
 * - Each learned part carries `x-docgen-learned: true`; each operation traffic reached carries
 *   `x-docgen-learned: { exchanges, accepted, skippedBodies? }`.
 *
 * The input document is not changed; the result's keys come in one order, so the same
 * document and learned state give the same bytes.
 */
import { STATUS_CODES } from 'node:http';
import type { ComponentSecurityScheme, LearnedMarker, OpenApiDocument, OperationObject, ParameterObject, ResponseObject, SecuritySchemeObject } from '../openapi/document.js';
import { isPlaceholderResponse } from '../openapi/placeholder.js';
import { OPENAPI_METHODS, isObject } from '../openapi/json.js';
import { child, localPointer, valueAt } from '../openapi/json-pointer.js';
import type { MediaObject } from '../schemas/document-schemas.js';
import { canonical, type JsonSchema, type JsonValue } from '../schemas/json-schema.js';
import { count } from '../plural.js';
import { absence, shapeConflicts } from './compat.js';
import { fillOpen } from './fill-open.js';
import { nameRepeatedShapes, type LearnedMedia } from './components.js';
import type { LearnedState } from './learned.js';
import { isTextual, isJsonMediaType } from './media-type.js';
import { ANY_MEDIA_TYPE, SKIP_REASONS, type MediaState, type OperationState, type ParameterState, type ResponseState } from './operation.js';
import { shapeToSchema } from './shape.js';

export interface Contradiction {
  readonly method: string;
  readonly path: string;
  /** `path parameter id`, `query parameter limit`, `request body application/json`, `response 200 application/json`... */
  readonly part: string;
  /** JSON pointer into the returned document: the declared node traffic contradicts. */
  readonly pointer: string;
  readonly declared: string;
  /** As types or counts: never a value. */
  readonly seen: string;
}

export interface OperationRef {
  readonly method: string;
  readonly path: string;
}

export interface ApplyOptions {
  /** Write the learned (redacted) examples (DOCGEN_LEARN_EXAMPLES=1). Off by default. */
  readonly examples?: boolean;
}

export interface ApplyResult {
  readonly document: OpenApiDocument;
  readonly contradictions: readonly Contradiction[];
  /** Documented operations that traffic reached, in document order. */
  readonly covered: readonly OperationRef[];
  /** Documented operations that no traffic reached. */
  readonly uncovered: readonly OperationRef[];
  /** Operations learned that the document lacks (a route since removed, another app's). */
  readonly unknown: ReadonlyArray<OperationRef & { readonly exchanges: number }>;
  /** Traffic that reached no documented operation, by method and value-free path shape. */
  readonly unmatched: ReadonlyArray<OperationRef & { readonly exchanges: number }>;
}

export function applyLearned(input: OpenApiDocument, learned: LearnedState, options: ApplyOptions = {}): ApplyResult {
  const document = structuredClone(input);
  const schemes = new SchemeNames(document);
  const contradictions: Contradiction[] = [];
  const covered: OperationRef[] = [];
  const uncovered: OperationRef[] = [];
  const learnedMedia: LearnedMedia[] = [];
  for (const path of Object.keys(document.paths)) {
    const item = document.paths[path]!;
    for (const method of Object.keys(item)) {
      if (!OPENAPI_METHODS.includes(method)) continue;
      const state = learned.paths[path]?.[method];
      if (!state || state.exchanges === 0) {
        uncovered.push({ method, path });
        continue;
      }
      covered.push({ method, path });
      const filler = new OperationFiller(document, path, method, state, schemes, options.examples === true, learnedMedia);
      item[method] = filler.fill(item[method]!);
      contradictions.push(...filler.contradictions);
    }
  }
  schemes.write();
  nameRepeatedShapes(document, learnedMedia);
  const ordered = orderDocument(document);
  const unknown: Array<OperationRef & { exchanges: number }> = [];
  for (const path of Object.keys(learned.paths).sort()) {
    for (const method of Object.keys(learned.paths[path]!).sort()) {
      if (!document.paths[path]?.[method]) unknown.push({ method, path, exchanges: learned.paths[path]![method]!.exchanges });
    }
  }
  const unmatched = Object.keys(learned.unmatched)
    .sort()
    .map((key) => {
      const space = key.indexOf(' ');
      return { method: key.slice(0, space), path: key.slice(space + 1), exchanges: learned.unmatched[key]! };
    });
  return { document: ordered, contradictions, covered, uncovered, unknown, unmatched };
}

/** The document's top-level keys in the specification's order (a `components` docgen adds goes after `paths`). */
const DOCUMENT_KEYS = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'];

function orderDocument(document: OpenApiDocument): OpenApiDocument {
  return orderKeys(document as unknown as Record<string, unknown>, DOCUMENT_KEYS) as unknown as OpenApiDocument;
}

/** `keys` first in that order, the others after them in their own order. */
function orderKeys(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of keys) if (object[key] !== undefined) ordered[key] = object[key];
  for (const key of Object.keys(object)) if (!(key in ordered)) ordered[key] = object[key];
  return ordered;
}

/** The keys of an operation object in the order docgen writes them; others follow in their own order. */
const OPERATION_KEYS = [
  'operationId', 'summary', 'description', 'tags', 'externalDocs', 'deprecated', 'parameters', 'requestBody', 'responses',
  'callbacks', 'security', 'servers', 'x-docgen-source', 'x-docgen-middleware', 'x-docgen-learned',
];

const PLACEHOLDER_PATH_SCHEMA = canonical({ type: 'string' });

class OperationFiller {
  readonly contradictions: Contradiction[] = [];
  readonly #pointer: string;

  constructor(
    readonly document: OpenApiDocument,
    readonly path: string,
    readonly method: string,
    readonly state: OperationState,
    readonly schemes: SchemeNames,
    readonly examples: boolean,
    /** Every media object this pass writes, for `nameRepeatedShapes`. */
    readonly written: LearnedMedia[],
  ) {
    this.#pointer = child('/paths', path, method);
  }

  fill(declared: OperationObject): OperationObject {
    const op: OperationObject = { ...declared };
    const parameters = this.parameters(op.parameters ?? []);
    if (parameters.length) op.parameters = parameters;
    const requestBody = this.requestBody(op.requestBody);
    if (requestBody) op.requestBody = requestBody;
    op.responses = this.responses(op.responses);
    if (op.security === undefined) {
      const security = this.security();
      if (security) op.security = security;
    }
    op['x-docgen-learned'] = this.marker();
    return orderKeys(op as unknown as Record<string, unknown>, OPERATION_KEYS) as unknown as OperationObject;
  }

  #contradict(part: string, conflicts: ReadonlyArray<{ pointer: string; declared: string; seen: string }>): void {
    for (const conflict of conflicts) this.contradictions.push({ method: this.method, path: this.path, part, ...conflict });
  }

  // ---- parameters ----

  parameters(declared: readonly ParameterObject[]): ParameterObject[] {
    const out = declared.map((param) => ({ ...param }));
    // Parameters the path item declares for all its operations count as declared too.
    const pathLevel = (this.document.paths[this.path] as Record<string, unknown>).parameters;
    const all = [
      ...out.map((param, i) => ({ param: this.#resolved(param), pointer: child(this.#pointer, 'parameters', i), own: param })),
      ...(Array.isArray(pathLevel) ? pathLevel.map((param, i) => ({ param: this.#resolved(param), pointer: child('/paths', this.path, 'parameters', i), own: undefined })) : []),
    ];
    const find = (where: string, name: string) => all.find(({ param }) => param?.in === where && (where === 'header' ? String(param.name).toLowerCase() === name : param.name === name));

    for (const name of Object.keys(this.state.pathParams).sort()) {
      const learned = this.state.pathParams[name]!;
      const found = find('path', name);
      if (!found?.param) continue; // not a parameter of this path template
      const schema = found.param.schema;
      // docgen's own `{ type: 'string' }` on a parameter of this operation (not a $ref, not a wildcard).
      const placeholder = found.own !== undefined && found.param === found.own && isObject(schema) && canonical(schema as JsonValue) === PLACEHOLDER_PATH_SCHEMA && !found.param['x-docgen-wildcard'];
      const learnedSchema = shapeToSchema(learned.shape, { wire: true });
      if (placeholder && canonical(learnedSchema) !== PLACEHOLDER_PATH_SCHEMA) {
        found.own!.schema = learnedSchema;
        this.#example(found.own!, learned, learnedSchema);
        found.own!['x-docgen-learned'] = true;
      } else if (!placeholder) {
        this.#contradict(`path parameter ${name}`, shapeConflicts(learned.shape, schema, child(found.pointer, 'schema'), { document: this.document, wire: true }));
      }
    }

    const added: ParameterObject[] = [];
    for (const name of Object.keys(this.state.query).sort()) {
      const learned = this.state.query[name]!;
      const found = find('query', name) ?? this.#objectQueryParameter(all, name);
      const wire = shapeToSchema(learned.shape, { wire: true });
      const filled = found && this.#fillOpenParameter(found, learned.shape.count, wire);
      if (filled) {
        this.#example(filled, learned, wire);
        continue;
      }
      if (found) {
        // Declared (a `deepObject` parameter's `filter[name]` keys are declared without a schema to check).
        if (found.param) this.#contradict(`query parameter ${name}`, shapeConflicts(learned.shape, found.param.schema, child(found.pointer, 'schema'), { document: this.document, wire: true }));
        continue;
      }
      const schema = wire;
      const param: ParameterObject = { name, in: 'query', ...(learned.shape.count === this.state.accepted ? { required: true } : {}), schema };
      this.#example(param, learned, schema);
      param['x-docgen-learned'] = true;
      added.push(param);
    }
    for (const name of Object.keys(this.state.headers).sort()) {
      const present = this.state.headers[name]!;
      const found = find('header', name);
      if (found) {
        this.#fillOpenParameter(found, present, { type: 'string' });
        continue;
      }
      added.push({ name, in: 'header', ...(present === this.state.accepted ? { required: true } : {}), schema: { type: 'string' }, 'x-docgen-learned': true });
    }

    // Declared as required, yet accepted requests went without it.
    if (this.state.accepted > 0) {
      for (const { param, pointer } of all) {
        if (!param || param.required !== true || (param.in !== 'query' && param.in !== 'header')) continue;
        // Names dropped for being too many: whether this one was there is not known.
        if (this.state.tooManyNames?.[param.in === 'query' ? 'query' : 'headers']) continue;
        // An object parameter arrives as its properties' keys, never under its own name.
        if (this.#resolved(param.schema)?.type === 'object') continue;
        const name = String(param.name);
        const present = param.in === 'query' ? (this.state.query[name]?.shape.count ?? 0) : (this.state.headers[name.toLowerCase()] ?? 0);
        if (present < this.state.accepted) {
          const seen = absence(present, this.state.accepted, 'accepted request');
          this.#contradict(`${param.in} parameter ${name}`, [{ pointer: child(pointer, 'required'), declared: 'required', seen }]);
        }
      }
    }
    return [...out, ...added];
  }

  /**
   * A parameter the handler's code reads with no type known (`schema: {}`, nothing said of
   * `required`: src/openapi/source-docs.ts) takes what traffic shows: its schema, and `required`
   * when every accepted request sent it. Returns the parameter when it was such a one.
   */
  #fillOpenParameter(found: { param?: unknown; own?: ParameterObject | undefined }, present: number, schema: JsonSchema): ParameterObject | undefined {
    const own = found.own;
    // The parameter itself (not a key of a declared object parameter, `filter[age]` of `filter`).
    if (!own || found.param !== (own as unknown) || !isObject(own.schema) || Object.keys(own.schema).length !== 0 || own.required !== undefined) return undefined;
    own.schema = schema;
    if (present === this.state.accepted && this.state.accepted > 0) own.required = true;
    own['x-docgen-learned'] = true;
    return own;
  }

  /** A query key that is a property of a declared object parameter (`form` explode, `deepObject`). */
  #objectQueryParameter(all: ReadonlyArray<{ param: Record<string, unknown> | undefined; pointer: string }>, name: string) {
    const bracket = name.indexOf('[');
    for (const entry of all) {
      const { param } = entry;
      if (param?.in !== 'query') continue;
      if (bracket > 0 && param.name === name.slice(0, bracket)) return { ...entry, param: undefined };
      const schema = this.#resolved(param.schema);
      if (schema && (schema.type === 'object' || isObject(schema.properties)) && param.style !== 'deepObject') {
        if (isObject(schema.properties) && Object.hasOwn(schema.properties, name)) return { param: { ...param, schema: schema.properties[name] }, pointer: child(entry.pointer, 'schema', 'properties', name) };
        if (schema.additionalProperties !== false && schema.additionalProperties !== undefined) return { ...entry, param: undefined };
      }
    }
    return undefined;
  }

  #example(param: ParameterObject, learned: ParameterState, schema: JsonSchema): void {
    if (this.examples && learned.example !== undefined) param.example = wireExample(learned.example, schema);
  }

  /** A parameter, body, response or schema, through its local `$ref`s. */
  #resolved(value: unknown): Record<string, unknown> | undefined {
    let node = value;
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
      const pointer = localPointer(node.$ref);
      node = pointer === undefined ? undefined : valueAt(this.document, pointer);
    }
    return isObject(node) ? node : undefined;
  }

  // ---- request body ----

  requestBody(declared: OperationObject['requestBody']): OperationObject['requestBody'] {
    const learned = Object.keys(this.state.requestBody).sort();
    if (learned.length === 0) return declared;
    const presentInAll = this.state.withoutBody === 0;
    const pointer = child(this.#pointer, 'requestBody');
    if (!declared) {
      const content: Record<string, MediaObject> = {};
      for (const mediaType of learned) content[mediaType] = this.#media(mediaType, this.state.requestBody[mediaType]!);
      return { required: presentInAll, content };
    }
    const body = this.#resolved(declared);
    if (!body) return declared;
    const isRef = body !== (declared as unknown);
    if (body.required === true && !presentInAll) {
      this.#contradict('request body', [{ pointer: child(isRef ? this.#refPointer(declared) : pointer, 'required'), declared: 'required', seen: `no body in ${this.state.withoutBody} of ${count(this.state.accepted, 'accepted request')}` }]);
    }
    const declaredContent = isObject(body.content) ? body.content : {};
    const bodyPointer = isRef ? this.#refPointer(declared) : pointer;
    const addedContent: Record<string, MediaObject> = {};
    for (const mediaType of learned) {
      const match = matchMediaType(declaredContent, mediaType);
      const filled = match && this.#checkMedia(`request body ${mediaType}`, this.state.requestBody[mediaType]!, mediaType, declaredContent[match], child(bodyPointer, 'content', match));
      if (filled) addedContent[match] = filled;
      else if (!match) addedContent[mediaType] = this.#media(mediaType, this.state.requestBody[mediaType]!);
    }
    if (isRef || Object.keys(addedContent).length === 0) return declared;
    return { ...declared, content: { ...declared.content, ...addedContent } };
  }

  #refPointer(value: unknown): string {
    return (isObject(value) && typeof value.$ref === 'string' && localPointer(value.$ref)) || this.#pointer;
  }

  /** Checks a declared media object against traffic; returns it with the places its schema left open (`{}`) filled, if any. */
  #checkMedia(part: string, learned: MediaState, mediaType: string, declared: unknown, pointer: string): MediaObject | undefined {
    if (!isObject(declared) || declared.schema === undefined) return undefined;
    const shape = learned.json ?? learned.form ?? learned.multipart;
    if (!shape) return undefined;
    this.#contradict(part, shapeConflicts(shape, declared.schema, child(pointer, 'schema'), { document: this.document, wire: shape === learned.form }));
    const filled = fillOpen(declared.schema as JsonValue, mediaSchema(mediaType, learned));
    return filled ? { ...(declared as MediaObject), schema: filled } : undefined;
  }

  #media(mediaType: string, learned: MediaState): MediaObject {
    const schema = mediaSchema(mediaType, learned);
    const media: MediaObject = { schema };
    if (this.examples && learned.example !== undefined) media.example = learned.form ? wireExample(learned.example, schema) : learned.example;
    media['x-docgen-learned'] = true;
    this.written.push({ operation: `${this.method} ${this.path}`, media });
    return media;
  }

  // ---- responses ----

  responses(declared: Record<string, ResponseObject>): Record<string, ResponseObject> {
    const statuses = Object.keys(this.state.responses);
    if (statuses.length === 0) return declared;
    // docgen's `default` (alone, or kept beside the statuses the handler's code sends) goes once
    // traffic shows real ones, as a later part's responses drop it (src/openapi/document.ts).
    // `declaredStatus` never matches it.
    const out: Record<string, ResponseObject> = { ...declared };
    if (isPlaceholderResponse(out.default)) delete out.default;
    for (const status of statuses) {
      const learned = this.state.responses[status]!;
      const key = declaredStatus(declared, status);
      if (!key) {
        out[status] = this.#response(status, learned);
        continue;
      }
      const response = this.#resolved(declared[key]);
      if (!response) continue;
      const isRef = response !== (declared[key] as unknown);
      const pointer = isRef ? this.#refPointer(declared[key]) : child(this.#pointer, 'responses', key);
      const declaredContent = isObject(response.content) ? response.content : undefined;
      const learnedTypes = Object.keys(learned.content).sort();
      if (!declaredContent || Object.keys(declaredContent).length === 0) {
        // A declared status without content: what traffic showed fills it (if it is not a $ref).
        if (learnedTypes.length && !isRef && key === status) out[key] = { ...declared[key]!, content: this.#content(learned) };
        continue;
      }
      if (learnedTypes.length === 0 && learned.empty === learned.count && learned.empty > 0) {
        this.#contradict(`response ${status}`, [{ pointer: child(pointer, 'content'), declared: `content ${Object.keys(declaredContent).sort().join(', ')}`, seen: learned.empty === 1 ? 'no body in the 1 response' : `no body in all ${count(learned.empty, 'response')}` }]);
      }
      const added: Record<string, MediaObject> = {};
      for (const mediaType of learnedTypes) {
        const match = matchMediaType(declaredContent, mediaType);
        const filled = match && this.#checkMedia(`response ${status} ${mediaType}`, learned.content[mediaType]!, mediaType, declaredContent[match], child(pointer, 'content', match));
        if (filled) added[match] = filled;
        else if (!match) added[mediaType] = this.#media(mediaType, learned.content[mediaType]!);
      }
      // New media types join an explicit status; a range (`2XX`) or a $ref is left as declared.
      if (Object.keys(added).length && !isRef && key === status) out[key] = { ...declared[key]!, content: { ...declared[key]!.content, ...added } };
    }
    return sortResponses(out);
  }

  #response(status: string, learned: ResponseState): ResponseObject {
    const response: ResponseObject = { description: STATUS_CODES[Number(status)] ?? `Status ${status}` };
    if (Object.keys(learned.content).length) response.content = this.#content(learned);
    response['x-docgen-learned'] = true;
    return response;
  }

  #content(learned: ResponseState): Record<string, MediaObject> {
    const content: Record<string, MediaObject> = {};
    for (const mediaType of Object.keys(learned.content).sort()) content[mediaType] = this.#media(mediaType, learned.content[mediaType]!);
    return content;
  }

  // ---- security ----

  security(): Array<Record<string, string[]>> | undefined {
    const entries = Object.entries(this.state.security);
    const accepted = entries.filter(([, count]) => count.accepted > 0).map(([key]) => key);
    // Without any accepted request, the credentials the rejected ones carried still name the schemes.
    const combinations = accepted.length ? accepted : entries.filter(([key, count]) => key !== '' && count.rejected > 0).map(([key]) => key);
    if (combinations.every((key) => key === '')) return undefined;
    const requirements = combinations
      .filter((key) => key !== '')
      .sort()
      .map((key) => {
        const requirement: Record<string, string[]> = {};
        for (const credential of key.split(' ')) requirement[this.schemes.nameFor(credential)] = [];
        return requirement;
      });
    // Called both with and without credentials: the empty requirement says they are optional.
    if (combinations.includes('')) requirements.push({});
    return requirements;
  }

  marker(): LearnedMarker {
    const marker: LearnedMarker = { exchanges: this.state.exchanges, accepted: this.state.accepted };
    const skipped: NonNullable<LearnedMarker['skippedBodies']> = {};
    for (const side of ['request', 'response'] as const) {
      const reasons = SKIP_REASONS.filter((reason) => this.state.skipped[side][reason]);
      if (reasons.length) skipped[side] = Object.fromEntries(reasons.map((reason) => [reason, this.state.skipped[side][reason]!]));
    }
    if (Object.keys(skipped).length) marker.skippedBodies = skipped;
    // Parameter names were dropped: say so, rather than let a short list look complete.
    const tooMany = (['headers', 'query'] as const).filter((where) => this.state.tooManyNames?.[where]);
    if (tooMany.length) marker.tooManyNames = tooMany;
    return marker;
  }
}

/** The schema of a learned media type: its shape's, else what its media type says (text, binary). */
export function mediaSchema(mediaType: string, learned: MediaState): JsonSchema {
  if (learned.json) return shapeToSchema(learned.json);
  if (learned.form) return shapeToSchema(learned.form, { wire: true });
  if (learned.multipart) return shapeToSchema(learned.multipart);
  // JSON bodies docgen skipped (too large): any JSON; too many media types merged: anything.
  if (isJsonMediaType(mediaType) || mediaType === ANY_MEDIA_TYPE) return {};
  if (isTextual(mediaType)) return { type: 'string' };
  return { contentMediaType: mediaType };
}

/** A wire example (`"42"`) written as the type its schema says (`42`). */
function wireExample(example: JsonValue, schema: JsonSchema): JsonValue {
  const type = schema.type;
  if (typeof example === 'string') {
    if (type === 'integer' || type === 'number') return Number(example);
    if (type === 'boolean') return example === 'true';
    return example;
  }
  if (Array.isArray(example)) {
    const items = isObject(schema.items) ? (schema.items as JsonSchema) : {};
    return type === 'array' ? example.map((item) => wireExample(item, items)) : example;
  }
  if (example && typeof example === 'object') {
    const properties = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
    const additional = isObject(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : {};
    return Object.fromEntries(
      Object.keys(example).map((key) => {
        const sub = Object.hasOwn(properties, key) ? properties[key]! : additional;
        // A single value of an array field (`?tag=a`) is still an array.
        const value = example[key]!;
        return [key, sub.type === 'array' && !Array.isArray(value) ? [wireExample(value, isObject(sub.items) ? (sub.items as JsonSchema) : {})] : wireExample(value, sub)];
      }),
    );
  }
  return example;
}

/** `application/json` in content keyed `application/json`, `application/*` or `*\/*`. */
function matchMediaType(content: Record<string, unknown>, mediaType: string): string | undefined {
  const keys = Object.keys(content);
  const essence = (key: string) => key.split(';')[0]!.trim().toLowerCase();
  return (
    keys.find((key) => essence(key) === mediaType) ??
    keys.find((key) => essence(key) === `${mediaType.split('/')[0]}/*`) ??
    keys.find((key) => essence(key) === '*/*')
  );
}

/** The declared response a learned status falls under: `200`, else `2XX`. `default` does not count: the status is added. */
function declaredStatus(declared: Record<string, unknown>, status: string): string | undefined {
  if (Object.hasOwn(declared, status)) return status;
  const range = `${status[0]}XX`;
  return Object.keys(declared).find((key) => key.toUpperCase() === range);
}

/** Status codes in numeric order, ranges after their codes, `default` last. */
function sortResponses(responses: Record<string, ResponseObject>): Record<string, ResponseObject> {
  const rank = (key: string): string => (key === 'default' ? '9ZZ' : key.toUpperCase());
  const out: Record<string, ResponseObject> = {};
  for (const key of Object.keys(responses).sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0))) out[key] = responses[key]!;
  return out;
}

/**
 * Security scheme names in `components.securitySchemes`: `bearerAuth`, `basicAuth`,
 * `apiKeyHeader_<header>`, `apiKeyCookie_<cookie>`. A scheme the document already has (same
 * type, scheme, place and name) keeps its name; a name taken by a different scheme gets `_2`...
 */
class SchemeNames {
  readonly #existing: Record<string, ComponentSecurityScheme>;
  readonly #added = new Map<string, { name: string; scheme: SecuritySchemeObject }>();

  constructor(readonly document: OpenApiDocument) {
    this.#existing = { ...(document.components?.securitySchemes ?? {}) };
  }

  nameFor(credential: string): string {
    const known = this.#added.get(credential);
    if (known) return known.name;
    const [scheme, preferred] = schemeOf(credential);
    const same = Object.keys(this.#existing).sort().find((name) => sameScheme(this.#existing[name], scheme));
    let name = same;
    if (!name) {
      name = preferred;
      for (let n = 2; Object.hasOwn(this.#existing, name); n++) name = `${preferred}_${n}`;
      this.#existing[name] = scheme;
    }
    this.#added.set(credential, { name, scheme });
    return name;
  }

  /** Adds the schemes used to `components.securitySchemes`, names sorted. */
  write(): void {
    if (this.#added.size === 0) return;
    const declared = this.document.components?.securitySchemes ?? {};
    const schemes: Record<string, ComponentSecurityScheme> = { ...declared };
    for (const { name, scheme } of this.#added.values()) if (!Object.hasOwn(schemes, name)) schemes[name] = { ...scheme, 'x-docgen-learned': true };
    const sorted: Record<string, ComponentSecurityScheme> = {};
    for (const name of Object.keys(schemes).sort()) sorted[name] = schemes[name]!;
    this.document.components = { ...(this.document.components ?? {}), securitySchemes: sorted };
  }
}

function schemeOf(credential: string): [SecuritySchemeObject, string] {
  if (credential === 'bearer') return [{ type: 'http', scheme: 'bearer' }, 'bearerAuth'];
  if (credential === 'basic') return [{ type: 'http', scheme: 'basic' }, 'basicAuth'];
  const colon = credential.indexOf(':');
  const where = credential.slice(0, colon) === 'cookie' ? 'cookie' : 'header';
  const name = credential.slice(colon + 1);
  // Component names are [a-zA-Z0-9._-]; header and cookie names may hold other token characters.
  const safe = name.replace(/[^a-zA-Z0-9._-]/g, '_');
  return [{ type: 'apiKey', in: where, name }, `${where === 'cookie' ? 'apiKeyCookie' : 'apiKeyHeader'}_${safe}`];
}

function sameScheme(a: unknown, b: SecuritySchemeObject): boolean {
  if (!isObject(a) || a.type !== b.type) return false;
  if (b.type === 'http') return typeof a.scheme === 'string' && a.scheme.toLowerCase() === b.scheme;
  return a.in === b.in && (b.in === 'header' ? String(a.name).toLowerCase() === b.name.toLowerCase() : a.name === b.name);
}

