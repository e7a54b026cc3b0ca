// The capture of traffic (issue 14) when an app's own tests are the traffic, in the test
// process itself: supertest under `node --test` for Express 4 and 5, Koa 2 and 3, and under
// mocha for Express 5 and Koa 3 (supertest
// starts a server for each request: Node's HTTP channel sees it), and Hono's app.request() /
// app.fetch() with no server at all, ES module and CommonJS builds (the fetch wrapper sees it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { FIXTURES, ROOT, runApp } from './helpers/run-app.js';
import { EMPTY, json, readExchanges, unordered, user } from './helpers/capture.js';

const exchangesOf = (run) => readExchanges(run.cwd);
const base = { pathParams: {}, query: {}, headerNames: [], credentials: [], requestBody: EMPTY, status: 200, responseBody: EMPTY };

for (const framework of ['express4', 'express5', 'koa2', 'koa3']) {
  test(`${framework}: supertest under node --test, in the test process`, async () => {
    const run = await runApp('learn-capture/supertest.test.mjs', {
      nodeArgs: ['--test', '--test-reporter=tap'],
      env: { FRAMEWORK: framework, DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' },
      timeout: 30000,
    });
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /# pass 5/);
    // The answers' bodies are each framework's own (checked in learn-capture.test.js): their kind here.
    const exchanges = exchangesOf(run).map((e) => ({ ...e, responseBody: e.responseBody.kind }));
    assert.equal(exchanges, [
      { ...base, method: 'get', path: '/users/{id}', pathParams: { id: '7' }, credentials: [{ kind: 'bearer' }], responseBody: 'json' },
      { ...base, method: 'post', path: '/users', requestBody: json({ name: 'Cy', admin: false }), status: 201, responseBody: 'json' },
      { ...base, method: 'post', path: '/users', requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' }, status: 400, responseBody: 'other' },
      { ...base, method: 'put', path: '/users/{id}', pathParams: { id: '7' }, requestBody: { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { name: 'Cy', role: 'dev' } }, responseBody: 'json' },
      { ...base, method: 'post', path: '/upload', requestBody: { kind: 'multipart', mediaType: 'multipart/form-data', fields: ['title'], files: ['photo'] }, status: 201, responseBody: 'json' },
    ]);
  });
}

for (const framework of ['express5', 'koa3']) {
  test(`${framework}: supertest under mocha, in the test process`, async () => {
    const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const run = await runApp(mocha, {
      args: [join(FIXTURES, 'learn-capture', 'supertest.mocha.cjs')],
      env: { FRAMEWORK: framework, DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' },
      timeout: 30000,
    });
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /2 passing/);
    assert.equal(exchangesOf(run).map((e) => ({ ...e, responseBody: e.responseBody.kind })), [
      { ...base, method: 'get', path: '/users/{id}', pathParams: { id: '7' }, credentials: [{ kind: 'bearer' }], responseBody: 'json' },
      { ...base, method: 'post', path: '/users', requestBody: json({ name: 'Cy', admin: false }), status: 201, responseBody: 'json' },
    ]);
  });
}

for (const build of ['esm', 'cjs']) {
  test(`hono (${build}): app.request() and app.fetch() in-process, every exchange, and the same answers as without docgen`, async () => {
    const env = { HONO_BUILD: build };
    const [plain, learning] = await Promise.all([
      runApp('learn-capture/hono-inprocess.mjs', { preload: false, env, timeout: 30000 }),
      runApp('learn-capture/hono-inprocess.mjs', { env: { ...env, DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' }, timeout: 30000 }),
    ]);
    assert.is(plain.status, 0, plain.stderr);
    assert.is(learning.status, 0, learning.stderr);
    assert.equal(JSON.parse(learning.stdout.trim()), JSON.parse(plain.stdout.trim()));
    assert.equal(unordered(exchangesOf(learning)), unordered([
      { ...base, method: 'get', path: '/users/{id}', pathParams: { id: '42' }, query: { expand: 'teams' }, headerNames: ['x-tenant'], credentials: [{ kind: 'apiKeyHeader', name: 'x-api-key' }], responseBody: json(user('42')) },
      { ...base, method: 'post', path: '/users', requestBody: json({ name: 'Bo', age: 30 }), status: 201, responseBody: json({ name: 'Bo', age: 30, id: 'u1' }) },
      { ...base, method: 'post', path: '/users', requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' }, status: 400, responseBody: { kind: 'other', mediaType: 'text/plain' } },
      { ...base, method: 'put', path: '/users/{id}', pathParams: { id: '42' }, requestBody: { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { name: 'Bo', role: ['a', 'b'] } }, responseBody: json({ updated: ['name', 'role'] }) },
      { ...base, method: 'post', path: '/upload', requestBody: { kind: 'multipart', mediaType: 'multipart/form-data', fields: ['title'], files: ['photo'] }, status: 201, responseBody: json({ bytes: learningUploadBytes(learning) }) },
      // The app answered without reading the body: it is not read for it.
      { ...base, method: 'delete', path: '/users/{id}', pathParams: { id: '42' }, requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'stream' }, status: 204 },
      { ...base, method: 'get', path: '/stream', responseBody: json({ items: [1, 2] }) },
      { ...base, method: 'get', path: '/big', responseBody: { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' } },
      { ...base, method: 'head', path: '/users/{id}', pathParams: { id: '42' } },
      { ...base, method: 'get', path: null, unmatchedPath: '/users/{}/{}', query: { token: 's3cr3t' }, status: 404, responseBody: { kind: 'other', mediaType: 'text/plain' } },
    ]));
  });
}

/** The multipart body's length as the app counted it (FormData's boundary is random). */
function learningUploadBytes(run) {
  return JSON.parse(JSON.parse(run.stdout.trim()).upload.text).bytes;
}

test.run();
