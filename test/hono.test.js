// Hono discovery: real apps (test/fixtures/hono) run as child processes under the preload,
// through Hono's ES module build (main.mjs), its CommonJS build (main.cjs) and from TypeScript
// (typed.ts); the documents they leave behind are read back. Real requests to the same apps
// are in hono-http.test.js.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, operation, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { assertConsistent, limited, sourceIn } from './helpers/fixture-runs.js';
import { param } from './helpers/express-harness.js';

const DIR = join(FIXTURES, 'hono');
const sourceOf = (file, needle) => sourceIn(DIR, file, needle);
const DEFINE = 'define-app.cjs';

// --- running fixtures: each (entry, env) once, four child processes at a time ---------------
const runs = new Map();
function run(entry, env = {}, options = {}) {
  const key = JSON.stringify([entry, env]);
  if (!runs.has(key)) {
    const promise = limited(() => runApp(join('hono', entry), { ...options, env }));
    promise.catch(() => {});
    runs.set(key, promise);
  }
  return runs.get(key);
}

const validated = new Map();
function validOnce(document) {
  const text = JSON.stringify(document);
  if (!validated.has(text)) validated.set(text, assertValidOpenApi(document));
  return validated.get(text);
}

/**
 * A run that ended cleanly and wrote a valid, consistent OpenAPI 3.1 document (unique
 * operationIds, path parameters one for one with the template, a source on every operation).
 * Without `warnings: true`, docgen printed no warning.
 */
const checked = new Map();
function documented(entry, { warnings = false, env = {}, ...options } = {}) {
  const key = JSON.stringify([entry, env]);
  if (!checked.has(key)) {
    checked.set(key, (async () => {
      const result = await run(entry, env, options);
      assert.is(result.status, 0, `${entry} exited with ${result.status}\n${result.stderr}`);
      assert.ok(result.document, `${entry} wrote no document\n${result.stderr}`);
      assert.not.match(result.stderr, /docgen error/, `${entry}: docgen reported an error\n${result.stderr}`);
      if (!warnings) assert.not.match(result.stderr, /docgen warning/, `${entry}: unexpected warning\n${result.stderr}`);
      await validOnce(result.document);
      assertConsistent(result.document, entry);
      return result;
    })());
  }
  return checked.get(key);
}



const documents = (cwd) => readdirSync(cwd).filter((f) => /^openapi(-\d+)?\.json$/.test(f)).sort();

// The features are checked on the ES module build; the CommonJS build must give the same document.
const ENTRIES = ['main.mjs'];
for (const entry of ['main.mjs', 'main.cjs']) documented(entry).catch(() => {});
for (const entry of ['typed.ts', 'exported.mjs']) documented(entry).catch(() => {});
documented('bad.mjs', { warnings: true }).catch(() => {});
run('self-route.mjs');
run('main.mjs', { SERVE: '1' }, { waitFor: /listening \d+/, signal: 'SIGTERM' });

const FIVE = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];
const MAIN_OPERATIONS = [
  'GET /admin/panel',
  'GET /administrator',
  'POST /api/v1/items/{itemId}',
  'GET /api/v1/ping',
  'GET /books',
  'GET /books/{bookId}',
  'GET /books/{bookId}/authors',
  'GET /books/{bookId}/authors/{authorId}',
  'GET /chain',
  'GET /docs',
  'GET /docs/{name}',
  'GET /files/{wildcard}',
  ...FIVE.map((m) => `${m} /h/all`),
  'DELETE /h/delete',
  'GET /h/get',
  'GET /h/on',
  'POST /h/on',
  'PUT /h/one',
  'OPTIONS /h/options',
  'PATCH /h/patch',
  'POST /h/post',
  'PUT /h/put',
  'PUT /h/two',
  'GET /posts/{id}',
].sort();

for (const entry of ENTRIES) {
  const build = entry === 'main.mjs' ? 'ES module build' : 'CommonJS build';
  const name = `${entry} (${build})`;

  test(`${name}: exactly the operations the app serves`, async () => {
    const { document } = await documented(entry);
    assert.equal(operations(document), MAIN_OPERATIONS);
  });

  test(`${name}: get post put patch delete options, each answered by its handler on its own line`, async () => {
    const { document } = await documented(entry);
    for (const [key, handler] of Object.entries({
      'GET /h/get': 'getThing',
      'POST /h/post': 'postThing',
      'PUT /h/put': 'putThing',
      'PATCH /h/patch': 'patchThing',
      'DELETE /h/delete': 'deleteThing',
      'OPTIONS /h/options': 'optionsThing',
    })) {
      const op = operation(document, key);
      assert.is(op.operationId, handler, key);
      assert.is(op['x-docgen-source'], sourceOf(DEFINE, `function ${handler}(`), key);
      assert.equal(op['x-docgen-middleware'], ['requestId'], key);
    }
  });

  test(`${name}: all() is the five methods; on() with a method array and with a path array`, async () => {
    const { document } = await documented(entry);
    assert.equal(Object.keys(document.paths['/h/all']).map((m) => m.toUpperCase()).sort(), FIVE);
    assert.equal(Object.keys(document.paths['/h/on']).sort(), ['get', 'post']);
    for (const key of ['GET /h/on', 'POST /h/on']) assert.is(operation(document, key)['x-docgen-source'], sourceOf(DEFINE, "app.on(['GET', 'POST']"));
    for (const key of ['PUT /h/one', 'PUT /h/two']) assert.is(operation(document, key)['x-docgen-source'], sourceOf(DEFINE, "app.on('PUT', ['/h/one'"));
    assert.equal(Object.keys(document.paths['/h/one']), ['put']);
  });

  test(`${name}: one route with three handlers is one operation, answered by the last, the others its middleware`, async () => {
    const { document } = await documented(entry);
    assert.equal(Object.keys(document.paths['/chain']), ['get']);
    const op = operation(document, 'GET /chain');
    assert.is(op.operationId, 'chained');
    assert.equal(op['x-docgen-middleware'], ['requestId', 'first', 'second']);
    assert.is(op['x-docgen-source'], sourceOf(DEFINE, "app.get('/chain'"));
  });

  test(`${name}: use() is middleware, not an operation; use('/admin/*') covers /admin/... only`, async () => {
    const { document } = await documented(entry);
    assert.equal(operation(document, 'GET /admin/panel')['x-docgen-middleware'], ['requestId', 'adminGuard']);
    assert.equal(operation(document, 'GET /administrator')['x-docgen-middleware'], ['requestId']);
    assert.equal(operation(document, 'GET /posts/{id}')['x-docgen-middleware'], ['requestId']);
    const ids = operations(document).map((key) => operation(document, key).operationId);
    assert.not.ok(ids.includes('requestId') || ids.includes('adminGuard') || ids.includes('booksAudit'));
    assert.not.ok('/admin' in document.paths || '/admin/*' in document.paths);
  });

  test(`${name}: :id{[0-9]+} keeps its pattern, :name? is two paths, * is a wildcard parameter`, async () => {
    const { document } = await documented(entry);
    assert.equal(operation(document, 'GET /posts/{id}').parameters, [param('id', { pattern: '^(?:[0-9]+)$' })]);
    assert.is(operation(document, 'GET /docs')['x-docgen-source'], sourceOf(DEFINE, "app.get('/docs/:name?'"));
    assert.equal(operation(document, 'GET /docs/{name}').parameters, [param('name')]);
    assert.is(operation(document, 'GET /docs').parameters, undefined);
    assert.equal(operation(document, 'GET /files/{wildcard}').parameters, [param('wildcard', { wildcard: true })]);
  });

  test(`${name}: route(path, subApp) two levels deep, with parameters in the mount path and the sub-app's middleware`, async () => {
    const { document } = await documented(entry);
    const author = operation(document, 'GET /books/{bookId}/authors/{authorId}');
    assert.is(author.operationId, 'getAuthor');
    assert.equal(author.parameters, [param('bookId'), param('authorId')]);
    assert.is(author['x-docgen-source'], sourceOf(DEFINE, "authors.get('/:authorId'"));
    for (const key of ['GET /books', 'GET /books/{bookId}', 'GET /books/{bookId}/authors', 'GET /books/{bookId}/authors/{authorId}']) {
      assert.equal(operation(document, key)['x-docgen-middleware'], ['requestId', 'booksAudit'], key);
    }
  });

  test(`${name}: routes added to a sub-app after route() are not documented, and sub-apps get no document of their own`, async () => {
    const { document, cwd } = await documented(entry);
    assert.not.ok('/books/{bookId}/reviews' in document.paths);
    assert.not.ok(operations(document).some((key) => operation(document, key).operationId === 'lateReviews'));
    assert.equal(documents(cwd), ['openapi.json']);
  });

  test(`${name}: basePath() chained, then route('/', ...): one prefix, not two`, async () => {
    const { document } = await documented(entry);
    assert.is(operation(document, 'GET /api/v1/ping').operationId, 'ping');
    assert.equal(operation(document, 'POST /api/v1/items/{itemId}').parameters, [param('itemId')]);
    assert.is(operation(document, 'POST /api/v1/items/{itemId}')['x-docgen-source'], sourceOf(DEFINE, "v1.post('/items/:itemId'"));
    assert.not.ok(Object.keys(document.paths).some((p) => p.includes('/api/v1/api') || p.startsWith('/v1') || p === '/ping'));
  });

  test(`${name}: mount('/legacy', fetchHandler) is in x-docgen-foreign-mounts and one log line, not in paths`, async () => {
    const { document, stderr } = await documented(entry);
    const mounts = document['x-docgen-foreign-mounts'];
    assert.is(mounts?.length, 1, JSON.stringify(mounts));
    assert.match(mounts[0].path, /^\/legacy(\/\*)?$/);
    assert.equal({ handler: mounts[0].handler, source: mounts[0].source }, { handler: 'legacyHandler', source: sourceOf(DEFINE, "app.mount('/legacy'") });
    assert.not.ok(Object.keys(document.paths).some((p) => p.startsWith('/legacy')));
    assert.is(stderr.split('\n').filter((l) => l.includes('/legacy') && l.includes('legacyHandler')).length, 1, stderr);
  });

  test(`${name}: x-docgen-app names the Hono app and where it was created`, async () => {
    const { document } = await documented(entry);
    assert.equal(document['x-docgen-app'], { framework: 'hono', index: 1, of: 1, created: sourceOf(DEFINE, 'const app = new Hono();') });
  });
}

test("main.cjs (Hono's CommonJS build, require('hono')): a valid document, the same as the ES module build's", async () => {
  const { document: esm } = await documented('main.mjs');
  const { document: cjs } = await documented('main.cjs');
  assert.equal(cjs, esm);
});

// --- TypeScript, exported apps, serve() ------------------------------------------------------------
test('typed.ts: a TypeScript app (generics, an enum, typed handlers) with the .ts lines', async () => {
  const { document } = await documented('typed.ts');
  assert.equal(operations(document), ['GET /typed/{id}', 'POST /admin/roles/{role}']);
  const typed = operation(document, 'GET /typed/{id}');
  assert.equal(typed.parameters, [param('id', { pattern: '^(?:[a-z]+)$' })]);
  assert.equal(typed['x-docgen-middleware'], ['setRole']);
  assert.is(typed['x-docgen-source'], sourceOf('typed.ts', "app.get('/typed/"));
  assert.is(operation(document, 'POST /admin/roles/{role}')['x-docgen-source'], sourceOf('typed.ts', "admin.post('/roles/"));
  assert.equal(operation(document, 'POST /admin/roles/{role}')['x-docgen-middleware'], ['setRole']);
  assert.equal(document['x-docgen-app'], { framework: 'hono', index: 1, of: 1, created: sourceOf('typed.ts', 'const app = new Hono<Env>();') });
});

test('exported.mjs: an app only exported, with chained basePath() on the app itself; use(path) covers that path only', async () => {
  const { document, cwd } = await documented('exported.mjs');
  assert.equal(operations(document), ['GET /api/v1/health', 'GET /api/v1/users/{userId}', 'GET /api/v1/users/{userId}/settings', 'GET /api/v1/users/{userId}/settings/theme']);
  assert.equal(operation(document, 'GET /api/v1/health')['x-docgen-middleware'], ['cors']);
  assert.equal(operation(document, 'GET /api/v1/users/{userId}/settings')['x-docgen-middleware'], ['cors', 'exactOnly']);
  assert.equal(operation(document, 'GET /api/v1/users/{userId}/settings/theme')['x-docgen-middleware'], ['cors']);
  assert.equal(document['x-docgen-app'], { framework: 'hono', index: 1, of: 1, created: sourceOf('exported.mjs', 'const app = new Hono()') });
  assert.equal(documents(cwd), ['openapi.json']);
});

test("an app served by @hono/node-server's serve() and ended by SIGTERM has the same document", async () => {
  const served = await run('main.mjs', { SERVE: '1' });
  assert.is(served.signal, 'SIGTERM', served.stderr);
  assert.ok(served.document, `no document\n${served.stderr}`);
  await validOnce(served.document);
  const { document } = await documented('main.mjs');
  assert.equal(served.document.paths, document.paths);
  assert.equal(served.document['x-docgen-app'], document['x-docgen-app']);
});

// --- bad input --------------------------------------------------------------------------------------
test('bad.mjs: a pattern that is not a regular expression (/:id{[}) is a warning with its file:line, in x-docgen-unrepresentable; the rest is intact', async () => {
  const { document, stderr } = await documented('bad.mjs', { warnings: true });
  const source = sourceOf('bad.mjs', "app.get('/bad/:id{[}'");
  const items = document['x-docgen-unrepresentable'];
  assert.equal(items?.map(({ method, path, source }) => ({ method, path, source })), [{ method: 'GET', path: '/bad/:id{[}', source }]);
  assert.match(items[0].reason, /regular expression/i);
  const warnings = stderr.split('\n').filter((l) => l.startsWith('docgen warning'));
  assert.is(warnings.length, 1, stderr);
  assert.ok(warnings[0].includes('/bad/:id{[}') && warnings[0].includes(source), warnings[0]);
  assert.equal(operations(document), ['GET /after/{id}', 'GET /ok', 'GET /twice/x']);
  assert.equal(operation(document, 'GET /after/{id}').parameters, [param('id', { pattern: '^(?:[0-9]+)$' })]);
});

test('bad.mjs: a sub-app routed twice at one path is one operation', async () => {
  const { document, cwd } = await documented('bad.mjs', { warnings: true });
  assert.equal(Object.keys(document.paths['/twice/x']), ['get']);
  assert.is(operation(document, 'GET /twice/x').operationId, 'subX');
  assert.equal(documents(cwd), ['openapi.json']);
});

test('self-route.mjs: an app passed to its own route(): no hang, its document is written with both served paths', async () => {
  const result = await run('self-route.mjs');
  assert.is(result.status, 0, result.stderr);
  assert.ok(result.document, `no document written\n${result.stderr}`);
  await validOnce(result.document);
  // Hono serves both (see hono-http.test.js)
  assert.equal(operations(result.document), ['GET /again/hello', 'GET /hello']);
});

test.run();
