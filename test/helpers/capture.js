// What the capture tests expect: the exchanges the capture saw (DOCGEN_TEST_EXCHANGES_FILE, with test/helpers/exchange-sink.mjs,
// one JSON line each) for the requests of test/fixtures/learn-capture/client.mjs, answered by
// the API of apps.mjs on each framework.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The exchanges the capture wrote into `exchanges.jsonl` of a run's folder, in order. */
export function readExchanges(cwd) {
  const file = join(cwd, 'exchanges.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
}

export const json = (value) => ({ kind: 'json', mediaType: 'application/json', value });
const other = (mediaType) => ({ kind: 'other', mediaType });
export const EMPTY = { kind: 'empty' };
export const user = (id) => ({ id, name: 'Ann', tags: ['a', 'b'], score: 1.5, active: true, manager: null });

/** One exchange as the contract has it; what differs from a plain GET is given. */
function exchange(method, path, fields = {}) {
  const unmatched = fields.unmatchedPath !== undefined;
  return {
    method,
    path: unmatched ? null : path,
    ...(unmatched ? { unmatchedPath: fields.unmatchedPath } : {}),
    pathParams: fields.pathParams ?? {},
    query: fields.query ?? {},
    headerNames: fields.headerNames ?? [],
    credentials: fields.credentials ?? [],
    requestBody: fields.requestBody ?? EMPTY,
    status: fields.status ?? 200,
    responseBody: fields.responseBody ?? EMPTY,
  };
}

/** What the capture must have seen, in the order client.mjs sends (the held stream ends after its release). */
export function expected(framework) {
  const hono = framework.startsWith('hono');
  const koa = framework.startsWith('koa');
  return [
    exchange('get', '/health', { responseBody: json({ ok: true }) }),
    exchange('get', '/users/me', {
      headerNames: ['x-tenant'],
      credentials: [{ kind: 'bearer' }, { kind: 'apiKeyHeader', name: 'x-api-key' }, { kind: 'apiKeyCookie', name: 'connect.sid' }],
      responseBody: json(user('me')),
    }),
    exchange('get', '/users/{id}', { pathParams: { id: '42' }, query: { expand: ['teams', 'roles'], q: 'a b' }, responseBody: json(user('42')) }),
    exchange('post', '/users', {
      requestBody: json({ name: 'Bo', email: 'bo@example.com', age: 30 }),
      status: 201,
      responseBody: json({ name: 'Bo', email: 'bo@example.com', age: 30, id: 'u1' }),
    }),
    exchange('post', '/users', {
      requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' },
      status: 400,
      responseBody: other(framework.startsWith('express') ? 'text/html' : 'text/plain'),
    }),
    exchange('put', '/users/{id}', {
      pathParams: { id: '42' },
      credentials: [{ kind: 'basic' }],
      requestBody: { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { name: 'Bo', role: ['admin', 'dev'] } },
      responseBody: json({ updated: ['name', 'role'] }),
    }),
    exchange('delete', '/users/{id}', { pathParams: { id: '42' }, status: 204 }),
    exchange('post', '/upload', {
      requestBody: { kind: 'multipart', mediaType: 'multipart/form-data', fields: ['title', 'tags'], files: ['photo'] },
      status: 201,
      responseBody: json({ bytes: 417 }),
    }),
    exchange('get', '/text', { responseBody: other('text/plain') }),
    exchange('get', '/binary', { responseBody: other('application/octet-stream') }),
    exchange('get', '/stream', { responseBody: json({ items: [1, 2] }) }),
    exchange('get', '/events', { responseBody: other('text/event-stream') }),
    // The Hono app serves no file.
    hono ? exchange('get', null, { unmatchedPath: '/{}', status: 404, responseBody: other('text/plain') }) : exchange('get', '/file', { responseBody: json({ file: true, size: 2 }) }),
    exchange('get', '/big', { responseBody: { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' } }),
    exchange('get', '/gz', { responseBody: json({ zipped: [1, 2, 3] }) }),
    exchange('get', '/admin/orgs/{orgId}/members', { pathParams: { orgId: 'o-9' }, responseBody: json([{ login: 'x' }]) }),
    exchange('get', '/tenants/{tenant}/sub/ping', { pathParams: { tenant: 't-1' }, responseBody: json({ pong: true }) }),
    // HEAD is answered by the GET handler: its template, and no body.
    exchange('head', '/users/{id}', { pathParams: { id: '42' } }),
    // Express and Koa answer OPTIONS themselves (Allow), Hono does not: no operation either way.
    exchange('options', null, {
      unmatchedPath: '/users/{}',
      status: hono ? 404 : 200,
      responseBody: hono ? other('text/plain') : koa ? EMPTY : other(framework === 'express4' ? 'text/html' : 'text/plain'),
    }),
    exchange('get', null, {
      unmatchedPath: '/users/{}/{}',
      query: { token: 's3cr3t-query' },
      credentials: [{ kind: 'bearer' }],
      status: 404,
      responseBody: other(framework.startsWith('express') ? 'text/html' : 'text/plain'),
    }),
    exchange('get', '/release', { status: 204 }),
    exchange('get', '/held', { responseBody: json({ first: true }) }),
  ];
}

/** JSON with every object's keys sorted: exchanges compared whatever order their fields were written in. */
export function canonical(value) {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

/** Exchanges as a sorted list of canonical JSON: the fetch capture hands each on once its bodies are read, in an order of its own. */
export const unordered = (exchanges) => exchanges.map(canonical).sort();
