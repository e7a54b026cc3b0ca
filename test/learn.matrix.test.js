// Learning from traffic (issue 14), end to end: apps without validators, served over loopback or
// called in-process by their own tests, get their schemas from the traffic; the same traffic in
// any order gives the same bytes; nothing seen reaches a file or a log; several processes and
// several runs accumulate; `docgen verify` fails on a contradiction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docgen, errorLine } from './helpers/cli.js';
import { FIXTURES, NODE, runApp } from './helpers/run-app.js';
import { mediaSchema, USER } from './helpers/learn-expectations.js';

const FRAMEWORKS = ['express4', 'express5', 'koa2', 'koa3', 'hono', 'hono-cjs'];
const learnedRun = (framework, env = {}) => runApp('learn-capture/serve.mjs', { env: { FRAMEWORK: framework, DOCGEN_LEARN: '1', ...env }, timeout: 60000 });
const json = (document, method, path) => document.paths[path][method];

for (const framework of FRAMEWORKS) {
  test(`${framework}, over loopback: schemas, parameters, statuses and security from the traffic`, async () => {
    const run = await learnedRun(framework);
    assert.is(run.status, 0, run.stderr);
    const doc = run.document;
    const create = json(doc, 'post', '/users');
    // Only the accepted request shapes the request body: the 400 (a broken body) does not widen it.
    assert.equal(mediaSchema(create.requestBody), {
      type: 'object',
      properties: { age: { type: 'integer' }, email: { type: 'string', format: 'email' }, name: { type: 'string' } },
      required: ['age', 'email', 'name'],
    });
    assert.ok(create.responses['201'] && create.responses['400'], JSON.stringify(Object.keys(create.responses)));
    const user = json(doc, 'get', '/users/{id}');
    assert.equal(mediaSchema(user.responses['200']), USER);
    const params = Object.fromEntries(user.parameters.map((p) => [`${p.in} ${p.name}`, p.schema]));
    assert.equal(params['path id'], { type: 'integer' });
    assert.equal(params['query expand'], { type: 'array', items: { type: 'string' } });
    assert.equal(params['query q'], { type: 'string' });
    const remove = json(doc, 'delete', '/users/{id}');
    assert.ok(remove.responses['204'], 'a 204');
    assert.is(remove.responses['204'].content, undefined, 'no content');
    const update = json(doc, 'put', '/users/{id}');
    assert.equal(mediaSchema(update.requestBody, 'application/x-www-form-urlencoded').properties.role, { type: 'array', items: { type: 'string' } });
    const upload = json(doc, 'post', '/upload');
    const parts = mediaSchema(upload.requestBody, 'multipart/form-data');
    assert.equal(Object.keys(parts.properties).sort(), ['photo', 'tags', 'title']);
    assert.equal(parts.properties.photo, { contentMediaType: 'application/octet-stream' }, 'a file, as OpenAPI 3.1 writes one');
    const schemes = doc.components.securitySchemes;
    assert.ok(Object.values(schemes).some((s) => s.type === 'http' && s.scheme === 'bearer'), JSON.stringify(schemes));
    assert.ok(Object.values(schemes).some((s) => s.type === 'http' && s.scheme === 'basic'));
    assert.ok(Object.values(schemes).some((s) => s.type === 'apiKey' && s.in === 'header' && s.name === 'x-api-key'));
    assert.ok(json(doc, 'get', '/users/me').security?.length, 'the operation called with credentials has security');
    assert.is(json(doc, 'get', '/health').security, undefined, 'one called without any has none');
    assert.ok(existsSync(join(run.cwd, 'openapi.learned.json')), 'the store beside the document');
  });
}

test('the same traffic in another order, or all at once, gives byte-identical documents and stores', async () => {
  const runs = await Promise.all(['', 'reverse', 'parallel'].map((order) => learnedRun('express5', { REQUEST_ORDER: order })));
  const files = (run) => ['openapi.json', 'openapi.learned.json'].map((name) => readFileSync(join(run.cwd, name), 'utf8'));
  for (const run of runs) assert.is(run.status, 0, run.stderr);
  assert.equal(files(runs[1]), files(runs[0]));
  assert.equal(files(runs[2]), files(runs[0]));
});

test('nothing seen in traffic reaches the document, the store, the trace or the log', async () => {
  const run = await learnedRun('express5');
  const written = readdirSync(run.cwd).map((name) => readFileSync(join(run.cwd, name), 'utf8'));
  assert.ok(written.length >= 3, readdirSync(run.cwd).join(' '));
  // client.mjs sends secrets in headers, cookies, bodies, paths and queries, all marked s3cr3t.
  for (const text of [...written, run.stderr]) assert.not.match(text, 's3cr3t');
  for (const text of [...written, run.stderr]) assert.not.match(text, 'bo@example.com');
});

test('docgen learn -- node --test: two test files in two processes, accumulated over runs; --fresh starts over', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-learn-'));
  const command = ['learn', '--', NODE, '--test', '--test-reporter=tap', join(FIXTURES, 'learn-capture/supertest.test.mjs'), join(FIXTURES, 'learn/more.test.mjs')];
  const env = { FRAMEWORK: 'express5' };
  const first = await docgen(command, { cwd, env, timeout: 60000 });
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stderr, /learned from 7 exchanges in 2 processes: wrote openapi\.json/);
  const doc = JSON.parse(readFileSync(join(cwd, 'openapi.json'), 'utf8'));
  // From the first file's process and the second's.
  assert.ok(mediaSchema(json(doc, 'post', '/users').requestBody), 'POST /users learned');
  assert.ok(json(doc, 'delete', '/users/{id}').responses['204'], 'DELETE learned');
  assert.equal(json(doc, 'get', '/health')['x-docgen-learned'], { exchanges: 1, accepted: 1 });
  const second = await docgen(command, { cwd, env, timeout: 60000 });
  assert.match(second.stderr, /holds \d+ operations from 14 exchanges so far/);
  const again = JSON.parse(readFileSync(join(cwd, 'openapi.json'), 'utf8'));
  assert.equal(json(again, 'get', '/health')['x-docgen-learned'], { exchanges: 2, accepted: 2 });
  const fresh = await docgen(['learn', '--fresh', ...command.slice(1)], { cwd, env, timeout: 60000 });
  assert.match(fresh.stderr, /holds \d+ operations from 7 exchanges so far/);
});

test('docgen verify: the traffic the document was learned from passes; a contradiction fails with its pointer', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-verify-'));
  const command = ['--', NODE, '--test', '--test-reporter=tap', join(FIXTURES, 'learn-capture/supertest.test.mjs')];
  const env = { FRAMEWORK: 'express5' };
  const learned = await docgen(['learn', ...command], { cwd, env, timeout: 60000 });
  assert.is(learned.code, 0, learned.stderr);
  const ok = await docgen(['verify', 'openapi.json', ...command], { cwd, env, timeout: 60000 });
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stderr, /5 exchanges checked against openapi\.json: 0 contradictions/);
  const doc = JSON.parse(readFileSync(join(cwd, 'openapi.json'), 'utf8'));
  delete doc.paths['/users'].post.responses['201'];
  doc.paths['/users/{id}'].get.responses['200'].content['application/json'].schema.properties.id = { type: 'integer' };
  writeFileSync(join(cwd, 'changed.json'), JSON.stringify(doc));
  const failed = await docgen(['verify', 'changed.json', ...command], { cwd, env, timeout: 60000 });
  assert.is(failed.code, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, '✗ POST /users: status 201 is not documented (1 exchange)');
  assert.match(failed.stdout, /✗ GET \/users\/\{id\}: response 200 application\/json at \/id: the schema wants type integer, seen string/);
  assert.not.match(failed.stdout + failed.stderr, 's3cr3t');
});

test('docgen learn with a command that serves nothing: a clear error, not an empty success', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-learn-'));
  const run = await docgen(['learn', '--', NODE, '-e', '1'], { cwd });
  assert.is(run.code, 1);
  assert.match(errorLine(run.stderr), 'DOCGEN_NO_TRAFFIC: no request was seen: no Node process of');
  assert.equal(readdirSync(cwd), []);
});

test.run();
