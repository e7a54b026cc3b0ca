// The capture of traffic (issue 14) on the real frameworks, over real HTTP on loopback: Express
// 4 and 5, Koa 2 with koa-router and Koa 3 with @koa/router, Hono's ES module and CommonJS builds
// on @hono/node-server. Each app (test/fixtures/learn-capture/apps.mjs, the same API on each)
// answers the same requests (client.mjs) under the preload with the capture on
// (DOCGEN_TEST_EXCHANGES_FILE: each exchange as a JSON line). Every exchange is checked whole:
// the document's path template, the path parameters, the query, credentials by kind, the bodies
// parsed (JSON, form, multipart names, gzip, a chunked stream, a file) or described (text,
// binary, server-sent events, one too large), the status as sent, HEAD and OPTIONS, 404s. Then
// every answer is compared, bytes and headers, with the same app's without docgen, and the held
// stream proves that its first half reached the client before the app sent the rest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runApp } from './helpers/run-app.js';

const FRAMEWORKS = ['express4', 'express5', 'koa2', 'koa3', 'hono', 'hono-cjs'];

/** Runs the fixture; with `learn`, the capture writes the exchanges it saw into the run's folder. */
export async function serve(framework, { preload = true, learn = true } = {}) {
  const env = { FRAMEWORK: framework, ...(learn ? { DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' } : {}) };
  const run = await runApp('learn-capture/serve.mjs', { preload, env, timeout: 30000 });
  assert.is(run.status, 0, run.stderr);
  const file = join(run.cwd, 'exchanges.jsonl');
  const exchanges = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
  return { ...run, answers: JSON.parse(run.stdout.trim().split('\n').pop()), exchanges };
}

const json = (value) => ({ kind: 'json', mediaType: 'application/json', value });
const other = (mediaType) => ({ kind: 'other', mediaType });
const EMPTY = { kind: 'empty' };
const user = (id) => ({ id, name: 'Ann', tags: ['a', 'b'], score: 1.5, active: true, manager: null });

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
function expected(framework) {
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

for (const framework of FRAMEWORKS) {
  test(`${framework}: every exchange, as the app served it and as the document will name it`, async () => {
    const run = await serve(framework);
    assert.ok(run.document, `${framework}: no document\n${run.stderr}`);
    assert.equal(run.exchanges, expected(framework));
    // Every matched template is one of the document's paths.
    for (const e of run.exchanges) if (e.path !== null) assert.ok(run.document.paths[e.path], `${e.path} is not in the document`);
  });

  test(`${framework}: the client gets the same bytes and headers with the capture on as without docgen, and a held stream's first half before its second`, async () => {
    const [plain, learning] = await Promise.all([serve(framework, { preload: false, learn: false }), serve(framework)]);
    assert.is(plain.exchanges.length, 0);
    assert.ok(learning.exchanges.length > 15);
    assert.equal(learning.answers, plain.answers);
    assert.is(learning.answers.held.firstChunk, '{"first":');
    assert.is(learning.answers.held.body, '{"first":true}');
    // The body too large to read went to the client whole.
    assert.ok(Buffer.from(learning.answers.big.body, 'base64').length > 1024 * 1024);
    assert.is(learning.answers.gz.headers['content-encoding'], 'gzip');
  });
}

test('without DOCGEN_TEST_EXCHANGES_FILE the preload captures nothing: no file, and the same answers', async () => {
  const [plain, preloaded] = await Promise.all([serve('express5', { preload: false, learn: false }), serve('express5', { learn: false })]);
  assert.ok(preloaded.document);
  assert.is(preloaded.exchanges.length, 0);
  assert.equal(preloaded.answers, plain.answers);
});

test.run();
