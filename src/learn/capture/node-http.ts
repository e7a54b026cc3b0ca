/**
 * Node's HTTP server (and Deno's node:http, which publishes the same channels): every request
 * of every `http.Server` in the process, Express, Koa, Hono on @hono/node-server or plain, seen
 * through `node:diagnostics_channel` rather than by patching http.
 *
 * `http.server.request.start` is published when a request's headers are parsed, before the
 * parser pushes any of its body and before the server's `request` listeners run. There the
 * capture gives that request and its response own properties over the inherited `push`, `write`,
 * `end` and `writeHead` (wrap.ts's `shadow`): each passes its arguments to the original and
 * returns what it returns, untouched and at once, and on the side keeps the bytes of a JSON, form or
 * multipart body up to the size limit (of any other body, only that there was one).
 * `http.server.response.finish` hands the exchange on. The bytes the client receives, and when,
 * are what they would be without docgen; a response that never finishes (the client went away)
 * leaves nothing behind: its state goes with the request's objects (a WeakMap's entries).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { builtins } from '../../runtime/builtins.js';
import { markWrapper, shadow, wrap, type AnyFunction } from '../../instrumentation/wrap.js';
import { BodyBytes, type CapturedBody } from './body.js';
import type { RequestHeaders } from './credentials.js';
import type { RawExchange } from './exchange-of.js';
import { readingFor } from './media-type.js';

export interface NodeHttpCapture {
  /**
   * Whether this response is the capture's: one of Node's HTTP server, followed or let go (a Hono
   * app served by @hono/node-server leaves it to the capture).
   */
  follows(response: unknown): boolean;
  stop(): void;
}

interface ChannelMessage {
  readonly request?: IncomingMessage;
  readonly response?: ServerResponse;
}

const REQUEST_START = 'http.server.request.start';
const RESPONSE_FINISH = 'http.server.response.finish';

/** One request under way. */
class PendingExchange {
  readonly method: string;
  readonly target: string;
  readonly headers: RequestHeaders;
  readonly limit: number;
  /** The request body: known at the start (none, unread, too large), or being collected. */
  request: CapturedBody | BodyBytes;
  requestEnded = false;
  /** Decided at the first byte of the response: whether its bytes are kept. */
  response: 'undecided' | 'unread' | BodyBytes = 'undecided';
  responseHeader: string | undefined;
  responseSent = false;
  /** Headers given to `writeHead()` directly (they may never reach `getHeader()`). */
  headArgument: unknown;
  /** While `end()` runs: a `write()` it makes is part of the end already seen. */
  ending = false;
  /** Handed on: what comes later (a write after the end, the rest of a body nobody read) is not looked at. */
  done = false;
  push: AnyFunction | undefined;
  write: AnyFunction | undefined;
  end: AnyFunction | undefined;
  writeHead: AnyFunction | undefined;

  constructor(request: IncomingMessage, limit: number) {
    this.method = request.method ?? 'GET';
    this.target = request.url ?? '/';
    this.headers = request.headers;
    this.limit = limit;
    this.request = requestPlan(this.headers, limit);
  }
}

/** What becomes of the request body, from its headers alone; a BodyBytes when its bytes are to be kept. */
function requestPlan(headers: RequestHeaders, limit: number): CapturedBody | BodyBytes {
  const length = headers['content-length'];
  const chunked = headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || length === '0')) return { state: 'empty' };
  const header = single(headers['content-type']);
  const reading = readingFor(header);
  if (reading === undefined || reading === 'other') return { state: 'unread', header };
  if (!chunked && Number(length) > limit) return { state: 'too-large', header };
  return new BodyBytes(limit);
}

const pending = new WeakMap<object, PendingExchange>();

/** Where a failure of the capture's own goes (the running capture's `onError`): never to the app. */
let reportError: (error: unknown) => void = () => {};

export interface NodeHttpOptions {
  /** The most bytes of a body kept. */
  readonly limit: number;
  readonly finished: (raw: RawExchange) => void;
  readonly onError: (error: unknown) => void;
  /** Whether learning's budget of time lets this request be followed; every request when absent. */
  readonly admit?: () => boolean;
  /** With DOCGEN_PERFORMANCE_METRICS: a clock (CPU ms), and where the time following a request takes is added. */
  readonly clock?: { readonly now: () => number; readonly add: (ms: number) => void };
}

export function captureNodeHttp({ limit, finished, onError, admit, clock }: NodeHttpOptions): NodeHttpCapture {
  const { http } = builtins;
  reportError = onError;
  const wrappers = sharedWrappers(http.IncomingMessage.prototype, http.ServerResponse.prototype);

  /** Follows one request: its state, and the wrappers that keep its bodies' bytes. */
  const follow = (request: IncomingMessage, response: ServerResponse): void => {
    const exchange = new PendingExchange(request, limit);
    pending.set(response, exchange);
    if (exchange.request instanceof BodyBytes) {
      pending.set(request, exchange);
      exchange.push = install(request, 'push', wrappers.push);
    }
    exchange.write = install(response, 'write', wrappers.write);
    exchange.end = install(response, 'end', wrappers.end);
    exchange.writeHead = install(response, 'writeHead', wrappers.writeHead);
  };
  // With the metrics on, the time following a request takes is read on the CPU clock (a system
  // call): for the requests followed only, not for those the budget lets go.
  const followed = clock
    ? (request: IncomingMessage, response: ServerResponse): void => {
        const started = clock.now();
        try {
          follow(request, response);
        } finally {
          clock.add(clock.now() - started);
        }
      }
    : follow;

  const onStart = (message: unknown): void => {
    try {
      const { request, response } = message as ChannelMessage;
      if (!request || !response || pending.has(response)) return;
      if (admit && !admit()) return;
      followed(request, response);
    } catch (error) {
      onError(error);
    }
  };

  const onFinish = (message: unknown): void => {
    try {
      const { request, response } = message as ChannelMessage;
      const exchange = response && pending.get(response);
      if (!request || !response || !exchange || exchange.done) return;
      // Its entries stay (they go with the request's objects): a late write still finds its original.
      exchange.done = true;
      finished({
        method: exchange.method,
        target: exchange.target,
        headers: exchange.headers,
        requestBody: requestBodyOf(exchange),
        status: response.statusCode,
        responseBody: responseBodyOf(exchange, response),
      });
    } catch (error) {
      onError(error);
    }
  };

  const channels = builtins.diagnosticsChannel;
  channels.subscribe(REQUEST_START, onStart);
  channels.subscribe(RESPONSE_FINISH, onFinish);
  return {
    // Every response of Node's HTTP server is this capture's to follow or to let go (learning's budget spent).
    follows: (response) => typeof response === 'object' && response !== null && (pending.has(response) || response instanceof http.ServerResponse),
    stop() {
      channels.unsubscribe(REQUEST_START, onStart);
      channels.unsubscribe(RESPONSE_FINISH, onFinish);
    },
  };
}

/**
 * The wrapper over one request's or response's function; what it stands in for. The request's
 * objects are fresh and inherit the function (`shadow`, cheap); should another party have given
 * one its own already, `wrap` puts the wrapper over that.
 */
function install(holder: object, key: string, wrapper: AnyFunction): AnyFunction | undefined {
  const inherited = shadow(holder, key, wrapper);
  if (inherited) return inherited;
  let original: AnyFunction | undefined;
  wrap(holder, key, (own) => ((original = own), wrapper));
  return original;
}

function requestBodyOf(exchange: PendingExchange): CapturedBody {
  const { request } = exchange;
  if (!(request instanceof BodyBytes)) return request;
  const header = single(exchange.headers['content-type']);
  return { state: 'bytes', header, encoding: single(exchange.headers['content-encoding']), body: request, complete: exchange.requestEnded };
}

function responseBodyOf(exchange: PendingExchange, response: ServerResponse): CapturedBody {
  const status = response.statusCode;
  // What the client receives: no body for HEAD, 1xx, 204 and 304, whatever was written.
  if (exchange.method === 'HEAD' || status < 200 || status === 204 || status === 304) return { state: 'empty' };
  const body = exchange.response;
  if (body === 'undecided' || (body === 'unread' && !exchange.responseSent)) return { state: 'empty' };
  if (body === 'unread') return { state: 'unread', header: exchange.responseHeader };
  if (body.size === 0 && !body.over) return { state: 'empty' };
  return { state: 'bytes', header: exchange.responseHeader, encoding: responseHeader(response, exchange, 'content-encoding'), body, complete: true };
}

/** A response header, from `setHeader()` or, when the app gave it to `writeHead()` alone, from there. */
function responseHeader(response: ServerResponse, exchange: PendingExchange, name: string): string | undefined {
  const value = response.getHeader(name) ?? headerIn(exchange.headArgument, name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}

/** `writeHead(status, { 'Content-Type': ... })`, or its array forms `[name, value, ...]` and `[[name, value], ...]`. */
function headerIn(headers: unknown, name: string): string | number | readonly string[] | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (Array.isArray(headers)) {
    const pairs = Array.isArray(headers[0]) ? (headers as unknown[][]) : chunkPairs(headers);
    const pair = pairs.find((p) => typeof p[0] === 'string' && p[0].toLowerCase() === name);
    return pair ? (pair[1] as string) : undefined;
  }
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return (headers as Record<string, string | number | string[]>)[key];
  return undefined;
}

function chunkPairs(flat: readonly unknown[]): unknown[][] {
  const pairs: unknown[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs;
}

/** At the response's first byte (its headers are set by then): keep its bytes only when its media type is read. */
function decide(exchange: PendingExchange, response: ServerResponse): void {
  exchange.responseHeader = responseHeader(response, exchange, 'content-type');
  const reading = readingFor(exchange.responseHeader);
  exchange.response = reading === undefined || reading === 'other' ? 'unread' : new BodyBytes(exchange.limit);
}

function seeResponseChunk(exchange: PendingExchange, response: ServerResponse, chunk: unknown, encoding: unknown): void {
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return;
  if (chunk.length === 0) return;
  if (exchange.response === 'undecided') decide(exchange, response);
  if (exchange.response === 'unread') exchange.responseSent = true;
  else if (exchange.response instanceof BodyBytes) exchange.response.add(chunk, encoding);
}

interface SharedWrappers {
  readonly push: AnyFunction;
  readonly write: AnyFunction;
  readonly end: AnyFunction;
  readonly writeHead: AnyFunction;
}

let shared: SharedWrappers | undefined;

/**
 * One wrapper of each kind for every request, made once: each finds its request's state by
 * `this`, and the original it stands in for there (what was inherited when it went in).
 */
function sharedWrappers(requestProto: object, responseProto: object): SharedWrappers {
  if (shared) return shared;
  const original = (proto: object, key: string): AnyFunction => (proto as Record<string, AnyFunction>)[key]!;

  const push = function (this: IncomingMessage, chunk: unknown, encoding?: unknown): unknown {
    const exchange = pending.get(this);
    try {
      if (exchange && !exchange.done && exchange.request instanceof BodyBytes) {
        if (chunk === null) exchange.requestEnded = true;
        else exchange.request.add(chunk, encoding);
      }
    } catch (error) {
      reportError(error);
    }
    // eslint-disable-next-line prefer-rest-params
    return (exchange?.push ?? inherited(this, 'push', push)).apply(this, arguments as unknown as unknown[]);
  };

  const write = function (this: ServerResponse, chunk: unknown, encoding?: unknown): unknown {
    const exchange = pending.get(this);
    try {
      if (exchange && !exchange.ending && !exchange.done) seeResponseChunk(exchange, this, chunk, encoding);
    } catch (error) {
      reportError(error);
    }
    // eslint-disable-next-line prefer-rest-params
    return (exchange?.write ?? inherited(this, 'write', write)).apply(this, arguments as unknown as unknown[]);
  };

  const end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown): unknown {
    const exchange = pending.get(this);
    const original = exchange?.end ?? inherited(this, 'end', end);
    if (!exchange) return original.apply(this, arguments as unknown as unknown[]);
    try {
      if (!exchange.ending && !exchange.done && typeof chunk !== 'function') seeResponseChunk(exchange, this, chunk, encoding);
    } catch (error) {
      reportError(error);
    }
    exchange.ending = true;
    try {
      return original.apply(this, arguments as unknown as unknown[]);
    } finally {
      exchange.ending = false;
    }
  };

  const writeHead = function (this: ServerResponse, _status: unknown, reasonOrHeaders?: unknown, headers?: unknown): unknown {
    const exchange = pending.get(this);
    if (exchange) exchange.headArgument = typeof reasonOrHeaders === 'string' ? headers : reasonOrHeaders;
    // eslint-disable-next-line prefer-rest-params
    return (exchange?.writeHead ?? inherited(this, 'writeHead', writeHead)).apply(this, arguments as unknown as unknown[]);
  };

  shared = {
    push: markWrapper(push as AnyFunction, original(requestProto, 'push')),
    write: markWrapper(write as AnyFunction, original(responseProto, 'write')),
    end: markWrapper(end as AnyFunction, original(responseProto, 'end')),
    writeHead: markWrapper(writeHead as AnyFunction, original(responseProto, 'writeHead')),
  };
  return shared;
}

/** The function `key` of `self`'s prototype chain past `wrapper`: for a wrapper called on an object the capture does not follow. */
function inherited(self: object, key: string, wrapper: unknown): AnyFunction {
  let holder: object | null = self;
  while (holder && (holder as Record<string, unknown>)[key] === wrapper) holder = Object.getPrototypeOf(holder) as object | null;
  return (holder as Record<string, AnyFunction>)[key]!;
}

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
