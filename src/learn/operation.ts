/**
 * What the learner keeps of one operation: counts and shapes, built from Exchanges and merged
 * across workers, processes and runs.
 *
 * - The request side (path, query and header parameters, request bodies) learns only from
 *   requests the app accepted (2xx, 3xx): a request answered 400 must not widen what the
 *   document says the operation takes.
 * - The response side learns from every status, each with its media types and body shapes, or
 *   "no content".
 * - Credentials are kept as the kinds and names of schemes (bearer, basic, an API key header or
 *   cookie), per combination seen, with how many accepted and rejected requests carried it.
 * - Bodies docgen did not read (too large, a stream, unparsable) are counted per operation.
 *
 * `mergeOperationInto` is commutative and associative (sums, shape merges, a stable pick of
 * examples), which is what makes the store's content independent of arrival order.
 */
import { child } from '../openapi/json-pointer.js';
import type { JsonValue } from '../schemas/json-schema.js';
import type { Exchange, ObservedBody, ObservedCredential } from './exchange.js';
import { isDocumentableHeader } from './headers.js';
import { mediaTypeEssence } from './media-type.js';
import { isValueLikeName } from './names.js';
import { exampleOf, preferredExample } from './redact.js';
import { addSample, BINARY, cloneShape, countAt, dict, emptyShape, mergeInto, objectAt, shapeFromJson, ShapeFormatError, shapeToJson, type Shape } from './shape.js';

export interface ParameterState {
  /** Samples of the parameter's value as text on the wire; `shape.count` = requests that carried it. */
  shape: Shape;
  /** With examples on: the example picked so far (raw, redacted). */
  example?: JsonValue;
}

/** Bodies of one media type. */
export interface MediaState {
  /** Bodies of this media type, read or not. */
  count: number;
  /** Parsed JSON bodies. */
  json?: Shape;
  /** `application/x-www-form-urlencoded` bodies (values as text on the wire). */
  form?: Shape;
  /** `multipart/form-data` bodies: field names as strings, files as binary. */
  multipart?: Shape;
  /** Bodies of a media type docgen does not read (text, binary). */
  other?: number;
  /** Bodies not read: over the size limit, a stream, unparsable. */
  skipped?: number;
  example?: JsonValue;
}

export interface ResponseState {
  count: number;
  /** Responses of this status with no body at all. */
  empty: number;
  content: Record<string, MediaState>;
}

export type SkipReason = 'too-large' | 'stream' | 'unparsable';
export const SKIP_REASONS: readonly SkipReason[] = ['stream', 'too-large', 'unparsable'];

export interface SecurityCount {
  accepted: number;
  rejected: number;
}

export interface OperationState {
  /** Exchanges observed, any status. */
  exchanges: number;
  /** Of them, answered 2xx or 3xx. */
  accepted: number;
  pathParams: Record<string, ParameterState>;
  query: Record<string, ParameterState>;
  /** Documentable request header (lower case) -> accepted requests that carried it. */
  headers: Record<string, number>;
  /**
   * More than MAX_NAMES distinct query (or header) names were seen (a fuzzer, random keys): the
   * names are dropped and no more are kept, so that the state stays bounded. Sticky, and decided
   * by the union of names, so it does not depend on arrival order.
   */
  tooManyNames?: { query?: true; headers?: true };
  /** Request bodies of accepted requests, by media type. */
  requestBody: Record<string, MediaState>;
  /** Accepted requests that had no body. */
  withoutBody: number;
  /** By status code (`"200"`). */
  responses: Record<string, ResponseState>;
  /** By credential combination (`"bearer"`, `"cookie:sid header:x-api-key"`; `""` for none). */
  security: Record<string, SecurityCount>;
  skipped: { request: Partial<Record<SkipReason, number>>; response: Partial<Record<SkipReason, number>> };
}

export interface LearnOptions {
  /** Keep one redacted example per schema (DOCGEN_LEARN_EXAMPLES=1). Off by default. */
  readonly examples?: boolean;
}

export function emptyOperation(): OperationState {
  return {
    exchanges: 0,
    accepted: 0,
    pathParams: dict(),
    query: dict(),
    headers: dict(),
    requestBody: dict(),
    withoutBody: 0,
    responses: dict(),
    security: dict(),
    skipped: { request: {}, response: {} },
  };
}

/**
 * Bounds on what traffic can make grow: distinct query names, header names and media types per
 * operation (bodies' field names are bounded by the shapes' own MAX_PROPERTIES). Beyond it, names
 * are dropped (see `tooManyNames`) and media types are merged under `*\/*`.
 */
export const MAX_NAMES = 100;
export const ANY_MEDIA_TYPE = '*/*';

export function isAccepted(status: number): boolean {
  return status >= 200 && status < 400;
}

/** One credential as a part of a combination key: its kind and name, never its value. */
export function credentialKey(credential: ObservedCredential): string | undefined {
  switch (credential.kind) {
    case 'bearer':
      return 'bearer';
    case 'basic':
      return 'basic';
    case 'apiKeyHeader':
      return isValueLikeName(credential.name) ? undefined : `header:${credential.name.toLowerCase()}`;
    case 'apiKeyCookie':
      return isValueLikeName(credential.name) ? undefined : `cookie:${credential.name}`;
  }
}

/** The combination of credentials one request carried, as a stable key (`""`: none). */
export function credentialsKey(credentials: readonly ObservedCredential[]): string {
  if (credentials.length === 0) return '';
  if (credentials.length === 1) return credentialKey(credentials[0]!) ?? '';
  const keys = new Set<string>();
  for (const credential of credentials) {
    const key = credentialKey(credential);
    if (key) keys.add(key);
  }
  return [...keys].sort().join(' ');
}

/** Adds one exchange to an operation's state, in place. Values are read here and dropped. */
export function observeExchange(op: OperationState, exchange: Exchange, options: LearnOptions = {}): void {
  const examples = options.examples === true;
  const accepted = isAccepted(exchange.status);
  op.exchanges++;
  if (accepted) op.accepted++;

  const security = (op.security[credentialsKey(exchange.credentials)] ??= { accepted: 0, rejected: 0 });
  if (accepted) security.accepted++;
  else security.rejected++;

  if (exchange.requestBody.kind === 'skipped') count(op.skipped.request, exchange.requestBody.reason);
  if (exchange.responseBody.kind === 'skipped') count(op.skipped.response, exchange.responseBody.reason);

  if (accepted) {
    for (const name of Object.keys(exchange.pathParams)) observeParameter(op.pathParams, name, exchange.pathParams[name]!, examples);
    if (!op.tooManyNames?.query) {
      for (const name of Object.keys(exchange.query)) {
        // `?1712345` or `?user@example.com`: the name is a value, not a parameter.
        if (!isValueLikeName(name)) observeParameter(op.query, name, exchange.query[name]!, examples);
      }
    }
    if (!op.tooManyNames?.headers) {
      const credentialHeaders = new Set(exchange.credentials.flatMap((c) => (c.kind === 'apiKeyHeader' ? [c.name.toLowerCase()] : [])));
      for (const name of new Set(exchange.headerNames.map((h) => h.toLowerCase()))) {
        if (isDocumentableHeader(name) && !credentialHeaders.has(name) && !isValueLikeName(name)) op.headers[name] = (op.headers[name] ?? 0) + 1;
      }
    }
    bound(op);
    if (exchange.requestBody.kind === 'empty') op.withoutBody++;
    else {
      observeBody(op.requestBody, exchange.requestBody, examples);
      op.requestBody = boundMedia(op.requestBody);
    }
  }

  const response = (op.responses[String(exchange.status)] ??= { count: 0, empty: 0, content: dict() });
  response.count++;
  // A HEAD response has no body by definition: it says nothing about the GET it mirrors.
  if (exchange.method.toLowerCase() === 'head') return;
  if (exchange.responseBody.kind === 'empty') response.empty++;
  else {
    observeBody(response.content, exchange.responseBody, examples);
    response.content = boundMedia(response.content);
  }
}

/** Applies MAX_NAMES: the same result whether names arrived one by one or in merged states. */
function bound(op: OperationState): void {
  if (Object.keys(op.query).length > MAX_NAMES) {
    op.query = dict();
    (op.tooManyNames ??= {}).query = true;
  }
  if (Object.keys(op.headers).length > MAX_NAMES) {
    op.headers = dict();
    (op.tooManyNames ??= {}).headers = true;
  }
}

/** Media types beyond MAX_NAMES (or once folded): all of them as one `*\/*` entry. */
function boundMedia(content: Record<string, MediaState>): Record<string, MediaState> {
  const types = Object.keys(content);
  if (types.length <= MAX_NAMES && !(types.length > 1 && content[ANY_MEDIA_TYPE])) return content;
  const any: MediaState = { count: 0 };
  for (const type of types.sort()) mergeMediaInto(any, content[type]!);
  const folded = dict<MediaState>();
  folded[ANY_MEDIA_TYPE] = any;
  return folded;
}

function count(counts: Partial<Record<SkipReason, number>>, reason: SkipReason): void {
  if (SKIP_REASONS.includes(reason)) counts[reason] = (counts[reason] ?? 0) + 1;
}

function observeParameter(into: Record<string, ParameterState>, name: string, value: string | readonly string[], examples: boolean): void {
  const state = (into[name] ??= { shape: emptyShape() });
  addSample(state.shape, value, { wire: true });
  if (examples) state.example = preferredExample(state.example, exampleOf(value, name));
}

const DEFAULT_MEDIA_TYPE: Record<Exclude<ObservedBody['kind'], 'empty'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  other: 'application/octet-stream',
  skipped: 'application/octet-stream',
};

function observeBody(content: Record<string, MediaState>, body: Exclude<ObservedBody, { kind: 'empty' }>, examples: boolean): void {
  const essence = mediaTypeEssence(body.mediaType);
  // `Content-Type: */*` names no media type (and `*/*` is where too many of them are merged).
  const given = essence?.includes('*') ? undefined : essence;
  // A skipped body without a Content-Type says nothing about the media type: only counted.
  if (body.kind === 'skipped' && !given) return;
  const mediaType = content[ANY_MEDIA_TYPE] ? ANY_MEDIA_TYPE : (given ?? DEFAULT_MEDIA_TYPE[body.kind]);
  const media = (content[mediaType] ??= { count: 0 });
  media.count++;
  switch (body.kind) {
    case 'json':
      addSample((media.json ??= emptyShape()), body.value);
      if (examples) media.example = preferredExample(media.example, exampleOf(body.value));
      break;
    case 'form':
      addSample((media.form ??= emptyShape()), body.value, { wire: true });
      if (examples) media.example = preferredExample(media.example, exampleOf(body.value));
      break;
    case 'multipart':
      addSample((media.multipart ??= emptyShape()), multipartSample(body.fields, body.files));
      break;
    case 'other':
      media.other = (media.other ?? 0) + 1;
      break;
    case 'skipped':
      media.skipped = (media.skipped ?? 0) + 1;
      break;
  }
}

/** A multipart body as a value of its shape: each field a string, each file BINARY, a repeated name an array. */
function multipartSample(fields: readonly string[], files: readonly string[]): Record<string, unknown> {
  const parts = new Map<string, unknown[]>();
  for (const name of fields) parts.set(name, [...(parts.get(name) ?? []), '']);
  for (const name of files) parts.set(name, [...(parts.get(name) ?? []), BINARY]);
  const sample: Record<string, unknown> = dict();
  for (const [name, values] of parts) sample[name] = values.length === 1 ? values[0] : values;
  return sample;
}

export function mergeOperationInto(target: OperationState, source: OperationState): void {
  target.exchanges += source.exchanges;
  target.accepted += source.accepted;
  target.withoutBody += source.withoutBody;
  mergeRecords(target.pathParams, source.pathParams, mergeParameterInto, cloneParameter);
  if (source.tooManyNames?.query) (target.tooManyNames ??= {}).query = true;
  if (source.tooManyNames?.headers) (target.tooManyNames ??= {}).headers = true;
  if (target.tooManyNames?.query) target.query = dict();
  else mergeRecords(target.query, source.query, mergeParameterInto, cloneParameter);
  if (target.tooManyNames?.headers) target.headers = dict();
  else for (const name of Object.keys(source.headers)) target.headers[name] = (target.headers[name] ?? 0) + source.headers[name]!;
  bound(target);
  mergeRecords(target.requestBody, source.requestBody, mergeMediaInto, cloneMedia);
  target.requestBody = boundMedia(target.requestBody);
  mergeRecords(target.responses, source.responses, mergeResponseInto, cloneResponse);
  mergeRecords(target.security, source.security, (into, from) => {
    into.accepted += from.accepted;
    into.rejected += from.rejected;
  }, (from) => ({ ...from }));
  for (const side of ['request', 'response'] as const) {
    for (const reason of SKIP_REASONS) {
      const n = source.skipped[side][reason];
      if (n) target.skipped[side][reason] = (target.skipped[side][reason] ?? 0) + n;
    }
  }
}

function mergeRecords<T>(target: Record<string, T>, source: Record<string, T>, merge: (into: T, from: T) => void, clone: (from: T) => T): void {
  for (const key of Object.keys(source)) {
    const into = target[key];
    if (into) merge(into, source[key]!);
    else target[key] = clone(source[key]!);
  }
}

function mergeParameterInto(into: ParameterState, from: ParameterState): void {
  mergeInto(into.shape, from.shape);
  const example = preferredExample(into.example, from.example);
  if (example !== undefined) into.example = example;
}

function cloneParameter(from: ParameterState): ParameterState {
  return from.example === undefined ? { shape: cloneShape(from.shape) } : { shape: cloneShape(from.shape), example: structuredClone(from.example) };
}

function mergeMediaInto(into: MediaState, from: MediaState): void {
  into.count += from.count;
  for (const kind of ['json', 'form', 'multipart'] as const) {
    const shape = from[kind];
    if (!shape) continue;
    const target = into[kind];
    if (target) mergeInto(target, shape);
    else into[kind] = cloneShape(shape);
  }
  if (from.other) into.other = (into.other ?? 0) + from.other;
  if (from.skipped) into.skipped = (into.skipped ?? 0) + from.skipped;
  const example = preferredExample(into.example, from.example);
  if (example !== undefined) into.example = example;
}

function cloneMedia(from: MediaState): MediaState {
  const media: MediaState = { count: 0 };
  mergeMediaInto(media, from);
  if (media.example !== undefined) media.example = structuredClone(media.example);
  return media;
}

function mergeResponseInto(into: ResponseState, from: ResponseState): void {
  into.count += from.count;
  into.empty += from.empty;
  mergeRecords(into.content, from.content, mergeMediaInto, cloneMedia);
  into.content = boundMedia(into.content);
}

function cloneResponse(from: ResponseState): ResponseState {
  const response: ResponseState = { count: 0, empty: 0, content: dict() };
  mergeResponseInto(response, from);
  return response;
}

export function cloneOperation(op: OperationState): OperationState {
  const copy = emptyOperation();
  mergeOperationInto(copy, op);
  return copy;
}

/** Drops every example (the store keeps none unless the run opted in). */
export function stripExamples(op: OperationState): void {
  for (const param of [...Object.values(op.pathParams), ...Object.values(op.query)]) delete param.example;
  for (const media of Object.values(op.requestBody)) delete media.example;
  for (const response of Object.values(op.responses)) for (const media of Object.values(response.content)) delete media.example;
}

// ---- the store's JSON form: fixed key order, sorted names, zero counts left out ----

export function operationToJson(op: OperationState): Record<string, unknown> {
  const out: Record<string, unknown> = { exchanges: op.exchanges, accepted: op.accepted };
  if (Object.keys(op.pathParams).length) out.pathParams = sortedMap(op.pathParams, parameterToJson);
  if (Object.keys(op.query).length) out.query = sortedMap(op.query, parameterToJson);
  if (Object.keys(op.headers).length) out.headers = sortedMap(op.headers, (n) => n);
  if (op.tooManyNames) out.tooManyNames = { ...(op.tooManyNames.headers ? { headers: true } : {}), ...(op.tooManyNames.query ? { query: true } : {}) };
  if (Object.keys(op.requestBody).length) out.requestBody = sortedMap(op.requestBody, mediaToJson);
  if (op.withoutBody) out.withoutBody = op.withoutBody;
  if (Object.keys(op.responses).length) {
    out.responses = sortedMap(op.responses, (response) => ({ count: response.count, ...(response.empty ? { empty: response.empty } : {}), ...(Object.keys(response.content).length ? { content: sortedMap(response.content, mediaToJson) } : {}) }));
  }
  if (Object.keys(op.security).length) out.security = sortedMap(op.security, (s) => ({ accepted: s.accepted, rejected: s.rejected }));
  const skipped: Record<string, unknown> = {};
  for (const side of ['request', 'response'] as const) {
    const reasons = SKIP_REASONS.filter((reason) => op.skipped[side][reason]);
    if (reasons.length) skipped[side] = Object.fromEntries(reasons.map((reason) => [reason, op.skipped[side][reason]]));
  }
  if (Object.keys(skipped).length) out.skipped = skipped;
  return out;
}

function sortedMap<T>(record: Record<string, T>, write: (value: T) => unknown): Record<string, unknown> {
  // fromEntries: a parameter named `__proto__` is a key like any other.
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, write(record[key]!)]));
}

function parameterToJson(param: ParameterState): Record<string, unknown> {
  return param.example === undefined ? { shape: shapeToJson(param.shape) } : { example: param.example, shape: shapeToJson(param.shape) };
}

function mediaToJson(media: MediaState): Record<string, unknown> {
  const out: Record<string, unknown> = { count: media.count };
  if (media.example !== undefined) out.example = media.example;
  for (const kind of ['form', 'json', 'multipart'] as const) if (media[kind]) out[kind] = shapeToJson(media[kind]);
  if (media.other) out.other = media.other;
  if (media.skipped) out.skipped = media.skipped;
  return out;
}

/** Reads an operation's state back from the store, checking every part; throws ShapeFormatError. */
export function operationFromJson(value: unknown, at: string): OperationState {
  const node = objectAt(value, at);
  const op = emptyOperation();
  op.exchanges = countAt(node.exchanges, `${at}/exchanges`);
  op.accepted = countAt(node.accepted, `${at}/accepted`);
  op.withoutBody = node.withoutBody === undefined ? 0 : countAt(node.withoutBody, `${at}/withoutBody`);
  readMap(node.pathParams, `${at}/pathParams`, op.pathParams, parameterFromJson);
  readMap(node.query, `${at}/query`, op.query, parameterFromJson);
  readMap(node.headers, `${at}/headers`, op.headers, countAt);
  if (node.tooManyNames !== undefined) {
    const flags = objectAt(node.tooManyNames, `${at}/tooManyNames`);
    for (const key of Object.keys(flags)) {
      if ((key !== 'query' && key !== 'headers') || flags[key] !== true) throw new ShapeFormatError(`${at}/tooManyNames/${key}`, 'expected "query" or "headers": true');
      (op.tooManyNames ??= {})[key] = true;
    }
  }
  readMap(node.requestBody, `${at}/requestBody`, op.requestBody, mediaFromJson);
  readMap(node.responses, `${at}/responses`, op.responses, (response, here) => {
    const r = objectAt(response, here);
    const state: ResponseState = { count: countAt(r.count, `${here}/count`), empty: r.empty === undefined ? 0 : countAt(r.empty, `${here}/empty`), content: dict() };
    readMap(r.content, `${here}/content`, state.content, mediaFromJson);
    return state;
  });
  readMap(node.security, `${at}/security`, op.security, (s, here) => {
    const counts = objectAt(s, here);
    return { accepted: countAt(counts.accepted, `${here}/accepted`), rejected: countAt(counts.rejected, `${here}/rejected`) };
  });
  if (node.skipped !== undefined) {
    const skipped = objectAt(node.skipped, `${at}/skipped`);
    for (const side of ['request', 'response'] as const) {
      if (skipped[side] === undefined) continue;
      const reasons = objectAt(skipped[side], `${at}/skipped/${side}`);
      for (const reason of Object.keys(reasons)) {
        if (!SKIP_REASONS.includes(reason as SkipReason)) throw new ShapeFormatError(`${at}/skipped/${side}/${reason}`, `expected one of ${SKIP_REASONS.join(', ')}`);
        op.skipped[side][reason as SkipReason] = countAt(reasons[reason], `${at}/skipped/${side}/${reason}`);
      }
    }
  }
  return op;
}

function parameterFromJson(value: unknown, at: string): ParameterState {
  const node = objectAt(value, at);
  const param: ParameterState = { shape: shapeFromJson(node.shape, `${at}/shape`) };
  if (node.example !== undefined) param.example = node.example as JsonValue;
  return param;
}

function mediaFromJson(value: unknown, at: string): MediaState {
  const node = objectAt(value, at);
  const media: MediaState = { count: countAt(node.count, `${at}/count`) };
  for (const kind of ['json', 'form', 'multipart'] as const) if (node[kind] !== undefined) media[kind] = shapeFromJson(node[kind], `${at}/${kind}`);
  if (node.other !== undefined) media.other = countAt(node.other, `${at}/other`);
  if (node.skipped !== undefined) media.skipped = countAt(node.skipped, `${at}/skipped`);
  if (node.example !== undefined) media.example = node.example as JsonValue;
  return media;
}

function readMap<T>(value: unknown, at: string, into: Record<string, T>, read: (value: unknown, at: string) => T): void {
  if (value === undefined) return;
  const node = objectAt(value, at);
  for (const key of Object.keys(node)) into[key] = read(node[key], child(at, key));
}
