/**
 * How a request authenticated, as kinds of credential, and which of its headers may be
 * parameters of the operation. Only names are read here: a token, a password, a key or a
 * cookie's value never leaves this module (no value is even copied).
 */
import type { ObservedCredential } from '../exchange.js';

/** The request headers, by lower-case name, as Node gives them (`set-cookie` aside, a string; joined when repeated). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Headers that carry an API key or a token by convention (the ones API gateways, clouds and
 * common middleware use). The `Authorization` header is read for its scheme instead.
 */
export const API_KEY_HEADERS: readonly string[] = [
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-api-token',
  'x-auth-token',
  'x-access-token',
  'x-session-token',
  'x-token',
  'x-auth',
  'x-functions-key',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
];
const API_KEY_HEADER_SET = new Set(API_KEY_HEADERS);

/**
 * Cookie names that hold a session or a key: the defaults of the common session middleware
 * (express-session's `connect.sid`, koa-session's `koa.sess`, Java's `JSESSIONID`, PHP's
 * `PHPSESSID`...) and names that say so. A `__Host-`/`__Secure-` prefix is read past.
 */
export const CREDENTIAL_COOKIES: readonly string[] = [
  'connect.sid',
  'koa.sess',
  'koa:sess',
  'sid',
  'sess',
  'session',
  'sessionid',
  'session_id',
  'session-id',
  'jsessionid',
  'phpsessid',
  'asp.net_sessionid',
  'token',
  'access_token',
  'access-token',
  'accesstoken',
  'auth',
  'auth_token',
  'auth-token',
  'authtoken',
  'id_token',
  'jwt',
  'api_key',
  'api-key',
  'apikey',
];
const CREDENTIAL_COOKIE_SET = new Set(CREDENTIAL_COOKIES);

/**
 * Headers every client or proxy sends, which document no operation: they are left out of
 * `headerNames`. Credentials are left out too: they are told as credentials.
 */
const STANDARD_HEADERS = new Set([
  'a-im', 'accept', 'accept-charset', 'accept-datetime', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'cdn-loop',
  'connection', 'content-encoding', 'content-language', 'content-length', 'content-md5', 'content-type', 'cookie', 'date', 'dnt', 'early-data',
  'expect', 'forwarded', 'from', 'host', 'http2-settings', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'keep-alive', 'max-forwards', 'origin', 'pragma', 'prefer', 'priority', 'proxy-authorization', 'proxy-connection', 'range', 'referer', 'save-data',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'upgrade-insecure-requests', 'user-agent', 'via', 'warning', 'x-real-ip', 'x-request-start',
  'traceparent', 'tracestate', 'baggage', 'x-requested-with', 'purpose',
]);
const STANDARD_PREFIXES = ['sec-', 'x-forwarded-', 'access-control-request-', 'proxy-'];

/** The kinds of credential the request carried, in a fixed order: Authorization, API key headers, cookies by name. */
export function credentialsOf(headers: RequestHeaders): ObservedCredential[] {
  const found: ObservedCredential[] = [];
  const authorization = single(headers.authorization);
  if (authorization) found.push(authorizationKind(authorization));
  for (const name of API_KEY_HEADERS) if (single(headers[name])) found.push({ kind: 'apiKeyHeader', name });
  const cookie = single(headers.cookie);
  if (cookie) for (const name of credentialCookieNames(cookie)) found.push({ kind: 'apiKeyCookie', name });
  return found;
}

/** `Bearer` and `Basic` by their scheme; any other scheme (`Token`, `ApiKey`) is an API key in the Authorization header. */
function authorizationKind(value: string): ObservedCredential {
  const space = value.indexOf(' ');
  const scheme = (space === -1 ? value : value.slice(0, space)).toLowerCase();
  if (scheme === 'bearer') return { kind: 'bearer' };
  if (scheme === 'basic') return { kind: 'basic' };
  return { kind: 'apiKeyHeader', name: 'authorization' };
}

/** The credential cookies' names, sorted, each once. Only the text before each `=` is looked at. */
function credentialCookieNames(header: string): string[] {
  const names = new Set<string>();
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const equals = header.indexOf('=', start);
    if (equals !== -1 && equals < end) {
      const name = header.slice(start, equals).trim();
      if (isCredentialCookie(name)) names.add(name);
    }
    start = end + 1;
  }
  return [...names].sort();
}

function isCredentialCookie(name: string): boolean {
  let lower = name.toLowerCase();
  if (lower.startsWith('__host-')) lower = lower.slice(7);
  else if (lower.startsWith('__secure-')) lower = lower.slice(9);
  return CREDENTIAL_COOKIE_SET.has(lower);
}

/** The request's header names that may be the operation's own parameters, sorted. */
export function parameterHeaderNames(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (STANDARD_HEADERS.has(name) || API_KEY_HEADER_SET.has(name) || STANDARD_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    out.add(name);
  }
  return [...out].sort();
}

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
