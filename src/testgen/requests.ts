/**
 * What each generated test sends: the concrete path, the required query/header/cookie
 * parameters serialized as OpenAPI's default styles describe, a sample body and the statuses
 * the operation declares.
 */
import { isObject, operations, parametersOf, type Obj, type OperationEntry } from '../validate/spec.js';
import { deref, firstExample, NONE, sampler, type Sampler } from './samples.js';

export interface RequestPlan {
  /** `GET /books/{id}`: the test's name. */
  readonly name: string;
  readonly method: string;
  /** The path with parameters filled in and percent-encoded. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly mediaType: string; readonly value: unknown } | undefined;
  /** Declared status codes and ranges (`200`, `2XX`); undefined: any status is accepted. */
  readonly statuses: readonly string[] | undefined;
  /** Caveats shown as comments above the test. */
  readonly notes: readonly string[];
  /** Why the test cannot run (it is written with `test.skip`, which uvu counts as skipped). */
  readonly skip: string | undefined;
}

/** Header parameters OpenAPI says to ignore: fetch and the body's media type set them. */
const IGNORED_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'authorization']);

export function requestPlans(document: Obj): RequestPlan[] {
  return operations(document)
    .filter((entry) => entry.kind === 'path')
    .map((entry) => plan(document, entry));
}

function plan(document: Obj, entry: OperationEntry): RequestPlan {
  const method = entry.method.toUpperCase();
  const samples = sampler(document);
  const notes = samples.notes;
  const pathValues = new Map<string, string>();
  const query: [string, string][] = [];
  const headers: Record<string, string> = Object.create(null) as Record<string, string>; // names come from the document
  const cookies: string[] = [];

  for (const { parameter } of parametersOf(document, entry)) {
    const name = String(parameter.name);
    const where = String(parameter.in);
    if (where !== 'path' && parameter.required !== true) continue;
    const value = parameterValue(document, parameter, samples, `${where} parameter ${JSON.stringify(name)}`);
    if (value === NONE) {
      notes.push(`${where} parameter ${JSON.stringify(name)}: no sample could be built (its schema refers to itself), so it is left out`);
      continue;
    }
    const serialized = isObject(parameter.content) ? contentString(parameter.content, value) : undefined;
    if (where === 'path') pathValues.set(name, serialized !== undefined ? encodeURIComponent(serialized) : pathValue(parameter, value));
    else if (where === 'query') query.push(...(serialized !== undefined ? [[name, serialized] as [string, string]] : queryPairs(parameter, value)));
    else if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) notes.push(`header parameter ${JSON.stringify(name)} is not sent: OpenAPI ignores Accept, Content-Type and Authorization header parameters`);
    else if (where === 'header') headers[name] = serialized ?? simple(value, parameter.explode === true);
    else if (where === 'cookie') cookies.push(`${name}=${encodeURIComponent(serialized ?? simple(value, false))}`);
  }
  if (cookies.length) headers.cookie = cookies.join('; ');

  const path = entry.key
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const name = /^\{([^{}]+)\}$/.exec(part)?.[1];
      // Literal text goes into the URL as written, except what would end the path there.
      if (name === undefined) return part.replace(/[?#]/g, (c) => encodeURIComponent(c));
      const value = pathValues.get(name);
      if (value !== undefined) return value;
      notes.push(`path parameter ${JSON.stringify(name)} is not declared: "example" is sent`);
      return 'example';
    })
    .join('');

  const security = entry.operation.security ?? document.security;
  const schemes = Array.isArray(security) && !security.some((r) => isObject(r) && Object.keys(r).length === 0) ? security.flatMap((r) => (isObject(r) ? Object.keys(r) : [])) : [];
  if (schemes.length) notes.push(`needs ${[...new Set(schemes)].map((s) => JSON.stringify(s)).join(' or ')} security: the suite sends no credentials`);

  const skip = method === 'TRACE' ? 'fetch cannot send TRACE requests: this test is skipped' : undefined;
  return { name: `${method} ${entry.key}`, method, path, query, headers, body: body(document, entry, method, samples), statuses: statuses(entry.operation, notes), notes, skip };
}

function parameterValue(document: Obj, parameter: Obj, samples: Sampler, label: string): unknown {
  if ('example' in parameter) return parameter.example;
  const listed = firstExample(document, parameter.examples);
  if (listed.found) return listed.value;
  if (isObject(parameter.content)) {
    const [, media] = Object.entries(parameter.content)[0] ?? [];
    return mediaExample(document, media, samples, label);
  }
  return samples.fromSchema(parameter.schema ?? true, label);
}

/** The example of a Media Type Object, else a sample of its schema. */
function mediaExample(document: Obj, raw: unknown, samples: Sampler, label: string): unknown {
  const media = deref(document, raw);
  if (!isObject(media)) return {};
  if ('example' in media) return media.example;
  const listed = firstExample(document, media.examples);
  if (listed.found) return listed.value;
  return media.schema === undefined ? undefined : samples.fromSchema(media.schema, label);
}

/** A parameter given by `content` is serialized whole with its (only) media type. */
function contentString(content: Obj, value: unknown): string {
  const mediaType = Object.keys(content)[0] ?? '';
  return isJson(mediaType) || typeof value !== 'string' ? JSON.stringify(value) ?? '' : value;
}

export function isJson(mediaType: string): boolean {
  return /^application\/json\b|\+json\b|^\*\/\*$/i.test(mediaType.trim());
}

function scalar(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The `simple` style: arrays and objects become comma-separated lists. */
function simple(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(scalar).join(',');
  if (isObject(value)) return Object.entries(value).map(([k, v]) => (explode ? `${k}=${scalar(v)}` : `${k},${scalar(v)}`)).join(',');
  return scalar(value);
}

/** Path parameters: `simple` (the default), `label` or `matrix` style, each value encoded. */
function pathValue(parameter: Obj, value: unknown): string {
  const style = parameter.style;
  const name = encodeURIComponent(String(parameter.name));
  const encode = (v: unknown): string => encodeURIComponent(scalar(v));
  if (!Array.isArray(value) && !isObject(value)) return style === 'label' ? `.${encode(value)}` : style === 'matrix' ? `;${name}=${encode(value)}` : encode(value);
  const explode = parameter.explode === true;
  // `parts`: the unexploded list (v1,v2 or k1,v1,k2,v2); `pairs`: the exploded one (name=v or k=v).
  const parts = Array.isArray(value) ? value.map(encode) : Object.entries(value).flatMap(([k, v]) => [encodeURIComponent(k), encode(v)]);
  const pairs = Array.isArray(value) ? value.map((v) => `${name}=${encode(v)}`) : Object.entries(value).map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`);
  const exploded = Array.isArray(value) ? parts : pairs;
  if (style === 'label') return `.${explode ? exploded.join('.') : parts.join(',')}`;
  if (style === 'matrix') return explode ? pairs.map((p) => `;${p}`).join('') : `;${name}=${parts.join(',')}`;
  return explode ? exploded.join(',') : parts.join(',');
}

/** Query parameters: `form` (the default, exploded), the delimited styles, or `deepObject`. */
function queryPairs(parameter: Obj, value: unknown): [string, string][] {
  const name = String(parameter.name);
  const style = typeof parameter.style === 'string' ? parameter.style : 'form';
  const explode = typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form';
  if (Array.isArray(value)) {
    if (explode) return value.map((v) => [name, scalar(v)]);
    const separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[name, value.map(scalar).join(separator)]];
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (style === 'deepObject') return entries.map(([k, v]) => [`${name}[${k}]`, scalar(v)]);
    if (explode) return entries.map(([k, v]) => [k, scalar(v)]);
    return [[name, entries.map(([k, v]) => `${k},${scalar(v)}`).join(',')]];
  }
  return [[name, scalar(value)]];
}

/**
 * The request body, in the first JSON media type the operation accepts (else its first one),
 * from the media type's example or a minimal instance of its schema. GET and HEAD requests
 * cannot carry a body in fetch: it is left out, with a note.
 */
function body(document: Obj, entry: OperationEntry, method: string, samples: Sampler): RequestPlan['body'] {
  const requestBody = deref(document, entry.operation.requestBody);
  if (!isObject(requestBody) || !isObject(requestBody.content)) return undefined;
  const types = Object.keys(requestBody.content);
  const declared = types.find(isJson) ?? types[0];
  if (declared === undefined) return undefined;
  if (method === 'GET' || method === 'HEAD') {
    samples.notes.push(`the request body is not sent: fetch cannot send one with ${method}`);
    return undefined;
  }
  const value = mediaExample(document, requestBody.content[declared], samples, 'body');
  // A wildcard is not a media type one can send: pick a concrete one.
  const mediaType = declared.includes('*') ? (/^text\//i.test(declared) ? 'text/plain' : 'application/json') : declared;
  if (value === NONE) {
    samples.notes.push('no body sample could be built (its schema refers to itself): an empty object is sent');
    return { mediaType, value: {} };
  }
  return { mediaType, value: value === undefined ? (isJson(mediaType) ? {} : '') : value };
}

function statuses(operation: Obj, notes: string[]): readonly string[] | undefined {
  const responses = isObject(operation.responses) ? Object.keys(operation.responses).filter((k) => !k.startsWith('x-')) : [];
  if (responses.length === 0) {
    notes.push('no responses are declared: any status is accepted');
    return undefined;
  }
  if (responses.includes('default')) {
    notes.push('"default" is declared: any status is accepted');
    return undefined;
  }
  return responses;
}
