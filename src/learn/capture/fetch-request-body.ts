/**
 * The body of a fetch Request as the app reads it. Cloning the Request would read it whatever
 * the app does, but Deno prints a deprecation warning for every `Deno.serve` request whose
 * `signal` a clone follows, which docgen may not cause. Instead the request's own body methods
 * (`json`, `text`, `arrayBuffer`, `bytes`, `formData`, `blob`: what Hono's `c.req` calls on the
 * raw Request) get own-property wrappers (wrap.ts's `shadow`): each returns the app's own promise, and
 * on the side takes a copy of what it resolves to, before the app's code sees it (the app may
 * change an object it was given). A body the app never reads is not read.
 */
import { markWrapper, shadow, wrap, type AnyFunction } from '../../instrumentation/wrap.js';
import type { ObservedBody } from '../exchange.js';
import { BodyBytes, type CapturedBody } from './body.js';
import { mediaTypeOf } from './media-type.js';

const BODY_METHODS = ['json', 'text', 'arrayBuffer', 'bytes', 'formData', 'blob'] as const;
type BodyMethod = (typeof BODY_METHODS)[number];

interface BodyRead {
  readonly header: string | undefined;
  readonly encoding: string | undefined;
  readonly limit: number;
  /** The first read the app made of the body, as a captured body. */
  read: Promise<CapturedBody> | undefined;
  readonly originals: Partial<Record<BodyMethod, AnyFunction>>;
}

const reads = new WeakMap<object, BodyRead>();

/** Follows the app's reading of `request`'s body (a JSON, form or multipart one within the limit). */
export function followBodyReads(request: Request, header: string | undefined, limit: number): void {
  const state: BodyRead = { header, encoding: request.headers.get('content-encoding') ?? undefined, limit, read: undefined, originals: {} };
  reads.set(request, state);
  for (const key of BODY_METHODS) {
    const inherited = (request as unknown as Record<string, unknown>)[key];
    if (typeof inherited !== 'function') continue;
    const wrapper = wrapperFor(key, inherited as AnyFunction);
    const original = shadow(request, key, wrapper);
    if (original) state.originals[key] = original;
    else wrap(request, key, (own) => ((state.originals[key] = own), wrapper));
  }
}

/** What the app read of the body, once it has; `skipped` (`stream`) when it did not read it by the time it answered. */
export function bodyReadOf(request: Request): Promise<CapturedBody> {
  const state = reads.get(request);
  if (state?.read) return state.read;
  const mediaType = mediaTypeOf(state?.header) ?? undefined;
  return Promise.resolve({ state: 'observed', observed: { kind: 'skipped', mediaType: mediaType?.type, reason: 'stream' } });
}

const wrappers = new Map<BodyMethod, AnyFunction>();

/** One wrapper per method for every request: it finds the request's state by `this`. */
function wrapperFor(key: BodyMethod, original: AnyFunction): AnyFunction {
  let wrapper = wrappers.get(key);
  if (wrapper) return wrapper;
  const method = function (this: Request): unknown {
    const state = reads.get(this);
    const own = state?.originals[key] ?? original;
    // eslint-disable-next-line prefer-rest-params
    const result = own.apply(this, arguments as unknown as unknown[]);
    if (state && state.read === undefined && result instanceof Promise) {
      // The first reaction to the app's promise: it runs before the app's own code gets the value.
      state.read = (result as Promise<unknown>).then(
        (value) => captured(key, value, state),
        (): CapturedBody => ({ state: 'observed', observed: { kind: 'skipped', mediaType: mediaTypeOf(state.header)?.type, reason: 'unparsable' } }),
      );
    }
    return result;
  };
  wrapper = markWrapper(method as AnyFunction, original);
  wrappers.set(key, wrapper);
  return wrapper;
}

function captured(key: BodyMethod, value: unknown, state: BodyRead): CapturedBody | Promise<CapturedBody> {
  const media = mediaTypeOf(state.header);
  const mediaType = media?.type ?? 'application/octet-stream';
  switch (key) {
    case 'json':
      // Taken now, before the app may change the object it was given.
      return { state: 'observed', observed: { kind: 'json', mediaType, value: structuredClone(value) } };
    case 'formData':
      return { state: 'observed', observed: formDataBody(value as FormData, mediaType) };
    case 'blob':
      return (value as Blob).arrayBuffer().then((buffer) => bytesBody(new Uint8Array(buffer), state));
    case 'text':
      return bytesBody(value as string, state);
    case 'arrayBuffer':
    case 'bytes':
      return bytesBody(value instanceof ArrayBuffer ? new Uint8Array(value) : (value as Uint8Array), state);
  }
}

/** What the app read as text or bytes, parsed as the body's media type says (a copy of bytes: the app may reuse its buffer). */
function bytesBody(value: string | Uint8Array, state: BodyRead): CapturedBody {
  const body = new BodyBytes(state.limit);
  body.add(typeof value === 'string' ? value : value.slice(0, state.limit + 1));
  // Text is already decoded; bytes are as the client sent them.
  return { state: 'bytes', header: state.header, encoding: typeof value === 'string' ? undefined : state.encoding, body, complete: true };
}

/** A form read with `formData()`: its field names (with which carried files) for multipart, its fields for a urlencoded form. */
function formDataBody(form: FormData, mediaType: string): ObservedBody {
  if (mediaType === 'application/x-www-form-urlencoded') {
    const value: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    form.forEach((entry, name) => {
      const text = typeof entry === 'string' ? entry : '';
      const seen = value[name];
      value[name] = seen === undefined ? text : typeof seen === 'string' ? [seen, text] : [...seen, text];
    });
    return { kind: 'form', mediaType, value };
  }
  const fields = new Set<string>();
  const files = new Set<string>();
  form.forEach((entry, name) => {
    (typeof entry === 'string' ? fields : files).add(name);
  });
  return { kind: 'multipart', mediaType, fields: [...fields], files: [...files] };
}
