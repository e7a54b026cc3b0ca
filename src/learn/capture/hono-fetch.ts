/**
 * Hono's `fetch`: what `app.request()`, `app.fetch()` in-process, `Deno.serve(app.fetch)` and any
 * fetch-style server hand a Hono app. Each app's (and `basePath()` clone's) own `fetch` is wrapped
 * through wrap.ts when the app is made. The wrapper returns exactly what Hono's returns (a
 * Response, or the same Promise). On the side, the request's body is seen as the app reads it
 * (fetch-request-body.ts), and the Response is cloned as it comes out, before anyone reads it,
 * and the clone read up to the size limit (past it the clone's branch is cancelled; the original
 * stream goes on as before). Only JSON, form and multipart bodies are read at all. A response
 * Deno.serve sends is read without making a stream of a body Deno would send whole (see
 * `denoResponseBody`): Deno would send it otherwise.
 *
 * A request @hono/node-server serves is already followed on Node's HTTP channel (it passes
 * `{ incoming, outgoing }` as the app's env): that one is left to the HTTP capture, so no
 * exchange is counted twice. At most `maxPending` exchanges are followed at once; more are let
 * through unobserved and counted as dropped.
 */
import { markWrapper, unwrap, wrap, type AnyFunction } from '../../instrumentation/wrap.js';
import { BodyBytes, type CapturedBody } from './body.js';
import type { RequestHeaders } from './credentials.js';
import type { RawExchange } from './exchange-of.js';
import { bodyReadOf, followBodyReads } from './fetch-request-body.js';
import { mediaTypeOf, readingFor } from './media-type.js';
import { isDeno } from '../../runtime/index.js';

export interface HonoFetchOptions {
  readonly limit: number;
  readonly maxPending: number;
  /** Whether Node's HTTP capture already follows the request behind this env (@hono/node-server's `outgoing`). */
  readonly followedElsewhere: (env: unknown) => boolean;
  readonly finished: (raw: RawExchange) => void;
  readonly dropped: () => void;
  /** Whether learning's budget of time lets this request be followed (budget.ts); every request when absent. */
  readonly admit?: () => boolean;
  readonly onError: (error: unknown) => void;
}

export interface HonoFetchCapture {
  /** Wraps one app's `fetch`. */
  observe(app: object): void;
  /** Puts back every `fetch` it wrapped. */
  stop(): void;
}

export function captureHonoFetch(options: HonoFetchOptions): HonoFetchCapture {
  let pendingCount = 0;
  const wrapped: Array<WeakRef<object>> = [];
  let stopped = false;

  const begin = (request: unknown, env: unknown): (() => Promise<CapturedBody>) | undefined => {
    // Asked first: a request @hono/node-server makes is a lazy object that questions would build.
    if (stopped || options.followedElsewhere(env) || !isRequest(request)) return undefined;
    if (options.admit && !options.admit()) return undefined;
    if (pendingCount >= options.maxPending) {
      options.dropped();
      return undefined;
    }
    return requestBody(request, options.limit);
  };

  const observe = (app: object): void => {
    const result = wrap(app, 'fetch', (original) => {
      const fetch = function (this: unknown, request: unknown, env?: unknown): unknown {
        let body: (() => Promise<CapturedBody>) | undefined;
        try {
          body = begin(request, env);
        } catch (error) {
          options.onError(error);
        }
        // eslint-disable-next-line prefer-rest-params
        const result = original.apply(this, arguments as unknown as unknown[]);
        if (body) {
          pendingCount++;
          try {
            follow(request as Request, body, result, servedByDeno(env), options).then(
              () => pendingCount--,
              (error: unknown) => {
                pendingCount--;
                options.onError(error);
              },
            );
          } catch (error) {
            pendingCount--;
            options.onError(error);
          }
        }
        return result;
      };
      return markWrapper(fetch as AnyFunction, original);
    });
    if (!result.ok || !result.installed) return;
    // Test suites make an app per test: the apps gone are forgotten now and then.
    if (wrapped.length >= 1024) wrapped.splice(0, wrapped.length, ...wrapped.filter((ref) => ref.deref() !== undefined));
    wrapped.push(new WeakRef(app));
  };

  return {
    observe,
    stop() {
      stopped = true;
      for (const ref of wrapped.splice(0)) {
        const app = ref.deref();
        if (app) unwrap(app, 'fetch');
      }
    },
  };
}

/**
 * Waits for Hono's response, clones it before anyone reads it, and hands the exchange on once
 * both bodies are read. A response promise that fails is Hono's to report: nothing is observed.
 */
async function follow(request: Request, requestBodyRead: () => Promise<CapturedBody>, result: unknown, wire: boolean, options: HonoFetchOptions): Promise<void> {
  // The clone is made in the first reaction to the promise, before the caller's own.
  const observe = cloneFor(request, options.limit, wire);
  const response = isThenable(result) ? await result.then(observe, () => undefined) : observe(result);
  if (!response) return;
  // By the time the app answered, it has read the body it was going to read.
  const [requestBody, responseBody] = await Promise.all([requestBodyRead(), response.body]);
  options.finished({ method: request.method, target: request.url, headers: headersOf(request.headers), requestBody, status: response.status, responseBody });
}

interface ClonedResponse {
  readonly status: number;
  readonly body: Promise<CapturedBody>;
}

function cloneFor(request: Request, limit: number, wire: boolean): (value: unknown) => ClonedResponse | undefined {
  return (value) => {
    if (!(value instanceof Response)) return undefined;
    return { status: value.status, body: wire ? denoResponseBody(request, value, limit) : responseBody(request, value, limit) };
  };
}

function responseBody(request: Request, response: Response, limit: number): Promise<CapturedBody> {
  const { status } = response;
  if (request.method === 'HEAD' || status < 200 || status === 204 || status === 304 || response.body === null) return Promise.resolve({ state: 'empty' });
  const header = response.headers.get('content-type') ?? undefined;
  const reading = readingFor(header);
  if (reading === undefined || reading === 'other') return Promise.resolve(knownLength(response.headers) === 0 ? { state: 'empty' } : { state: 'unread', header });
  const encoding = response.headers.get('content-encoding') ?? undefined;
  return readUpTo(response.clone().body!, limit).then(({ body, complete }) => ({ state: 'bytes', header, encoding, body, complete }));
}

/**
 * A response Deno.serve sends. Deno sends a body it was given whole (a string, bytes) in one
 * piece with a Content-Length, but chunked once anyone asked for it as a stream (`body`,
 * `clone()`), so such a body is read where Deno keeps it, and the stream is never asked for. A
 * body that is a stream already is sent chunked either way: it is read from a clone, as
 * in-process. Where Deno keeps it in a way not known here, it is described by its status and
 * headers only (`stream`), and the client's bytes are unchanged.
 */
function denoResponseBody(request: Request, response: Response, limit: number): Promise<CapturedBody> {
  const { status } = response;
  if (request.method === 'HEAD' || status < 200 || status === 204 || status === 304 || knownLength(response.headers) === 0) return Promise.resolve({ state: 'empty' });
  const header = response.headers.get('content-type') ?? undefined;
  const reading = readingFor(header);
  if (reading === undefined || reading === 'other') return Promise.resolve({ state: 'unread', header });
  const kept = denoKeptBody(response);
  if (kept.kind === 'stream') return responseBody(request, response, limit);
  if (kept.kind === 'none') return Promise.resolve({ state: 'empty' });
  if (kept.kind !== 'whole') return Promise.resolve({ state: 'observed', observed: { kind: 'skipped', mediaType: mediaTypeOf(header)?.type, reason: 'stream' } });
  const body = new BodyBytes(limit);
  body.add(kept.bytes);
  return Promise.resolve({ state: 'bytes', header, encoding: response.headers.get('content-encoding') ?? undefined, body, complete: true });
}

type DenoKeptBody = { readonly kind: 'whole'; readonly bytes: string | Uint8Array } | { readonly kind: 'stream' } | { readonly kind: 'none' } | { readonly kind: 'unknown' };

/**
 * How Deno 2 keeps a Response's body, read from its fields without calling a getter: the inner
 * response's body (`streamOrStatic`: a ReadableStream, or `{ body, consumed }` for a body given
 * whole), or, while that is null, the body given whole that Deno has not made a body of yet
 * (`lazy static body`, Deno 2.5 on). Anything else is `unknown`.
 */
function denoKeptBody(response: Response): DenoKeptBody {
  const symbols = Object.getOwnPropertySymbols(response);
  const field = (description: string): unknown => {
    const symbol = symbols.find((s) => s.description === description);
    return symbol === undefined ? undefined : (response as unknown as Record<symbol, unknown>)[symbol];
  };
  const whole = (value: unknown): value is string | Uint8Array => typeof value === 'string' || value instanceof Uint8Array;
  const inner = field('response');
  if (typeof inner !== 'object' || inner === null || !('body' in inner)) return { kind: 'unknown' };
  const { body } = inner;
  if (body === null) {
    const lazy = field('lazy static body');
    if (whole(lazy)) return { kind: 'whole', bytes: lazy };
    return lazy === null || lazy === undefined ? { kind: 'none' } : { kind: 'unknown' };
  }
  const kept = typeof body === 'object' && 'streamOrStatic' in body ? body.streamOrStatic : undefined;
  if (kept instanceof ReadableStream) return { kind: 'stream' };
  if (typeof kept === 'object' && kept !== null && 'body' in kept && 'consumed' in kept && kept.consumed === false && whole(kept.body)) return { kind: 'whole', bytes: kept.body };
  return { kind: 'unknown' };
}

/** Deno.serve calls its handler with the connection's info (`remoteAddr`, `completed`) as the second argument. */
function servedByDeno(env: unknown): boolean {
  return isDeno && typeof env === 'object' && env !== null && 'remoteAddr' in env && 'completed' in env;
}

/** The request body, as far as its headers tell; for a JSON, form or multipart one within the limit, the app's reading of it is followed. */
function requestBody(request: Request, limit: number): () => Promise<CapturedBody> {
  const known = (body: CapturedBody) => () => Promise.resolve(body);
  const length = knownLength(request.headers);
  const header = request.headers.get('content-type') ?? undefined;
  // Deno.serve gives a body stream to requests without one (a DELETE): as in HTTP, a body has a
  // length, a transfer coding, or (a Request made in-process, whose length is not known yet) a type.
  const sent = length !== undefined ? length > 0 : request.headers.has('transfer-encoding') || header !== undefined;
  if (request.body === null || !sent) return known({ state: 'empty' });
  const reading = readingFor(header);
  if (reading === undefined || reading === 'other') return known({ state: 'unread', header });
  if (length !== undefined && length > limit) return known({ state: 'too-large', header });
  followBodyReads(request, header, limit);
  return () => bodyReadOf(request);
}

/** Reads a clone's stream into a BodyBytes; past the limit the clone is cancelled (the original branch goes on). */
async function readUpTo(stream: ReadableStream<Uint8Array>, limit: number): Promise<{ body: BodyBytes; complete: boolean }> {
  const body = new BodyBytes(limit);
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { body, complete: true };
      body.add(value);
      if (body.over) {
        await reader.cancel();
        return { body, complete: true };
      }
    }
  } catch {
    return { body, complete: false };
  }
}

function knownLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null) return undefined;
  const length = Number(value);
  return Number.isFinite(length) ? length : undefined;
}

function headersOf(headers: Headers): RequestHeaders {
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * A fetch Request by its shape: @hono/node-server puts a Request class of its own in the global
 * scope, and requests made before that are not its instances.
 */
function isRequest(value: unknown): value is Request {
  const request = value as Partial<Request> | null;
  return typeof value === 'object' && value !== null && typeof request!.method === 'string' && typeof request!.url === 'string' && typeof request!.clone === 'function' && typeof request!.headers === 'object';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
