// Koa discovery: real apps (test/fixtures/koa) run as child processes under the preload, on
// koa 2 and koa 3, with each router package (@koa/router 15 through its CommonJS and its ES
// module build, koa-router 14, and the path-to-regexp v6 routers @koa/router 12 and
// koa-router 12), and koa-mount. The documents they leave behind are read back. Real requests
// to the same apps are in koa-http.test.js.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, operation, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { assertConsistent, limited, sourceIn } from './helpers/fixture-runs.js';
import { param } from './helpers/express-harness.js';

const DIR = join(FIXTURES, 'koa');
const sourceOf = (file, needle) => sourceIn(DIR, file, needle);
const KOAS = ['koa2', 'koa3'];
const V8_ROUTERS = ['@koa/router', 'koa-router'];
const V6_ROUTERS = ['koa-router12', 'koa-router-legacy'];
const ROUTERS = [...V8_ROUTERS, ...V6_ROUTERS];
/**
 * Every router on every Koa loaded with require (main.cjs); with import (main.mjs), @koa/router
 * (whose ES module build is a second copy to instrument) on both Koas and the others on koa 3.
 */
const COMBOS = [
  ...ROUTERS.flatMap((ROUTER) => KOAS.map((KOA) => ({ entry: 'main.cjs', ROUTER, KOA }))),
  ...ROUTERS.flatMap((ROUTER) => (ROUTER === '@koa/router' ? KOAS : ['koa3']).map((KOA) => ({ entry: 'main.mjs', ROUTER, KOA }))),
];
/** Path syntax does not depend on Koa: each router once, on alternate Koas. */
const PATH_RUNS = [
  { entry: 'paths-v6.cjs', ROUTER: 'koa-router12', KOA: 'koa2' },
  { entry: 'paths-v6.cjs', ROUTER: 'koa-router-legacy', KOA: 'koa3' },
  { entry: 'paths-v8.mjs', ROUTER: '@koa/router', KOA: 'koa3' },
  { entry: 'paths-v8.mjs', ROUTER: 'koa-router', KOA: 'koa2' },
];
const SERVE_RUNS = [
  { KOA: 'koa2', SERVE: 'listen' },
  { KOA: 'koa3', SERVE: 'callback' },
];
const label = ({ entry, ROUTER, KOA }) => `${entry} ${ROUTER} on ${KOA}`;

// --- running fixtures: each (entry, env) once, four child processes at a time ---------------
const runs = new Map();
function run(entry, env, options = {}) {
  const key = JSON.stringify([entry, env, options.tag ?? '']);
  if (!runs.has(key)) {
    const promise = limited(() => runApp(join('koa', entry), { ...options, env }));
    promise.catch(() => {});
    runs.set(key, promise);
  }
  return runs.get(key);
}

/**
 * A run that ended cleanly and wrote a valid, consistent OpenAPI 3.1 document: unique
 * operationIds, path parameters one for one with the template and required, a source on every
 * operation. Without `warnings: true`, docgen printed no warning.
 */
const checked = new Map();
function documented(entry, env, options = {}) {
  const key = JSON.stringify([entry, env, options]);
  if (!checked.has(key)) checked.set(key, check(entry, env, options));
  return checked.get(key);
}

async function check(entry, env, { warnings = false, ...options }) {
  const result = await run(entry, env, options);
  const name = `${entry} ${JSON.stringify(env)}`;
  assert.is(result.status, 0, `${name} exited with ${result.status}\n${result.stderr}`);
  assert.ok(result.document, `${name} wrote no document\n${result.stderr}`);
  assert.not.match(result.stderr, /docgen error/, `${name}: docgen reported an error\n${result.stderr}`);
  if (!warnings) assert.not.match(result.stderr, /docgen warning/, `${name}: unexpected warning\n${result.stderr}`);
  await validOnce(result.document);
  assertConsistent(result.document, name);
  return result;
}

// Validation costs about 0.4 s a document: a document identical to one already validated
// (the same app through require and import, on koa 2 and koa 3) is not validated again.
const validated = new Map();
function validOnce(document) {
  const text = JSON.stringify(document);
  if (!validated.has(text)) validated.set(text, assertValidOpenApi(document));
  return validated.get(text);
}



const main = (combo) => documented(combo.entry, { KOA: combo.KOA, ROUTER: combo.ROUTER });
const paths = ({ entry, ROUTER, KOA }) => documented(entry, { KOA, ROUTER }, { warnings: true });
const bad = (ROUTER) => documented('bad.cjs', { KOA: 'koa3', ROUTER }, { warnings: true });
const served = ({ KOA, SERVE }) => run('main.cjs', { KOA, ROUTER: '@koa/router', SERVE }, { waitFor: /listening \d+/, signal: 'SIGTERM' });
// Start every run now, so they overlap; each test awaits the one it reads.
for (const combo of COMBOS) main(combo).catch(() => {});
for (const combo of PATH_RUNS) paths(combo).catch(() => {});
for (const ROUTER of ROUTERS) bad(ROUTER).catch(() => {});
for (const combo of SERVE_RUNS) served(combo);
run('self-mount.cjs', {});

const FIVE = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];
const METHOD_OPERATIONS = [
  ...FIVE.map((m) => `${m} /m/all`),
  'DELETE /m/del',
  'DELETE /m/delete',
  'GET /m/get',
  'HEAD /m/head',
  'GET /m/one',
  'OPTIONS /m/options',
  'PATCH /m/patch',
  'POST /m/post',
  'PUT /m/put',
  'GET /m/register',
  'POST /m/register',
  'GET /m/two',
  'GET /posts',
];
const MAIN_OPERATIONS = [
  ...METHOD_OPERATIONS,
  'GET /api',
  'GET /api/status',
  'GET /v2/items',
  'GET /v2/items/{itemId}',
  'GET /blogs/{blog}/posts',
  'GET /blogs/{blog}/posts/{id}',
  'GET /blogs/{blog}/posts/{slug}/comments',
  'GET /blogs/{blog}/posts/{slug}/comments/{commentId}',
  'GET /admin/users',
].sort();

for (const combo of COMBOS) {
  const name = label(combo);
  const DEFINE = 'define-app.cjs';

  // --- registration methods ------------------------------------------------------------------
  test(`${name}: exactly the operations the app serves`, async () => {
    const { document } = await main(combo);
    assert.equal(operations(document), MAIN_OPERATIONS);
  });

  test(`${name}: get post put patch del delete head options, each answered by its handler on its own line`, async () => {
    const { document } = await main(combo);
    const expected = {
      'GET /m/get': 'getThing',
      'POST /m/post': 'postThing',
      'PUT /m/put': 'putThing',
      'PATCH /m/patch': 'patchThing',
      'DELETE /m/del': 'delThing',
      'DELETE /m/delete': 'deleteThing',
      'HEAD /m/head': 'headThing',
      'OPTIONS /m/options': 'optionsThing',
    };
    for (const [key, handler] of Object.entries(expected)) {
      const op = operation(document, key);
      assert.is(op.operationId, handler, key);
      assert.is(op['x-docgen-source'], sourceOf(DEFINE, `function ${handler}(`), key);
      assert.equal(op['x-docgen-middleware'], ['logger'], key);
    }
    // router.get() makes a layer for HEAD and GET: the automatic HEAD is no operation
    assert.equal(Object.keys(document.paths['/m/get']), ['get']);
  });

  test(`${name}: all() is GET POST PUT PATCH DELETE from one registration; register(path, ['GET','POST'])`, async () => {
    const { document } = await main(combo);
    assert.equal(Object.keys(document.paths['/m/all']).map((m) => m.toUpperCase()).sort(), FIVE);
    assert.equal([...new Set(Object.values(document.paths['/m/all']).map((op) => op['x-docgen-source']))], [sourceOf(DEFINE, "methods.all('/m/all'")]);
    assert.equal(Object.keys(document.paths['/m/register']).sort(), ['get', 'post']);
    for (const op of Object.values(document.paths['/m/register'])) assert.is(op['x-docgen-source'], sourceOf(DEFINE, "methods.register('/m/register'"));
  });

  test(`${name}: an array of paths is one operation per path; a named route's name is its operationId`, async () => {
    const { document } = await main(combo);
    const arrays = sourceOf(DEFINE, "methods.get(['/m/one', '/m/two']");
    assert.is(operation(document, 'GET /m/one')['x-docgen-source'], arrays);
    assert.is(operation(document, 'GET /m/two')['x-docgen-source'], arrays);
    // one handler for two operations: not its name, a name made from the method and path
    assert.equal([operation(document, 'GET /m/one').operationId, operation(document, 'GET /m/two').operationId], ['getMOne', 'getMTwo']);
    assert.is(operation(document, 'GET /posts').operationId, 'list-posts');
  });

  // --- prefixes and nesting ----------------------------------------------------------------------
  test(`${name}: the prefix option and prefix() called after the routes were declared`, async () => {
    const { document } = await main(combo);
    assert.is(operation(document, 'GET /api').operationId, 'apiRoot');
    assert.is(operation(document, 'GET /api/status').operationId, 'apiStatus');
    assert.is(operation(document, 'GET /v2/items').operationId, 'lateItems');
    const item = operation(document, 'GET /v2/items/{itemId}');
    assert.is(item.operationId, 'lateItem');
    assert.equal(item.parameters, [param('itemId')]);
    assert.is(item['x-docgen-source'], sourceOf(DEFINE, "late.get('/items/:itemId'"));
    assert.not.ok(Object.keys(document.paths).some((p) => p.startsWith('/items') || p === '/status'), 'a path without its prefix');
  });

  test(`${name}: three levels of routers with parameters in the mount paths`, async () => {
    const { document } = await main(combo);
    assert.equal(operation(document, 'GET /blogs/{blog}/posts/{id}').parameters, [param('blog'), param('id')]);
    const comment = operation(document, 'GET /blogs/{blog}/posts/{slug}/comments/{commentId}');
    assert.is(comment.operationId, 'getComment');
    assert.equal(comment.parameters, [param('blog'), param('slug'), param('commentId')]);
    assert.is(comment['x-docgen-source'], sourceOf(DEFINE, "comments.get('/:commentId',"));
    assert.is(operation(document, 'GET /blogs/{blog}/posts/{slug}/comments').operationId, 'listComments');
  });

  test(`${name}: a route added to a child router after it was mounted, and a router never mounted, are not documented`, async () => {
    const { document } = await main(combo);
    assert.not.ok(Object.keys(document.paths).some((p) => p.endsWith('/replies')), 'lateReplies is documented');
    assert.not.ok('/orphan' in document.paths, 'the unmounted router is documented');
    const ids = operations(document).map((key) => operation(document, key).operationId);
    assert.not.ok(ids.includes('lateReplies') || ids.includes('orphanRoute'));
  });

  test(`${name}: allowedMethods() is middleware, not an operation`, async () => {
    const { document } = await main(combo);
    // registered after the `methods` router: it runs before the routers mounted after it
    assert.equal(operation(document, 'GET /v2/items')['x-docgen-middleware'], ['logger', 'allowedMethods']);
    assert.not.ok(operations(document).some((key) => operation(document, key).operationId === 'allowedMethods'));
  });

  // --- middleware ------------------------------------------------------------------------------------
  test(`${name}: app.use(), router.use(mw) and router.use(path, mw) are attributed to the operations they run before`, async () => {
    const { document } = await main(combo);
    assert.equal(operation(document, 'GET /m/get')['x-docgen-middleware'], ['logger']);
    assert.equal(operation(document, 'GET /api')['x-docgen-middleware'], ['logger', 'allowedMethods', 'apiAuth']);
    assert.equal(operation(document, 'GET /api/status')['x-docgen-middleware'], ['logger', 'allowedMethods', 'apiAuth', 'statusAudit']);
  });

  test(`${name}: router.param('id', loadPost) is middleware of the operations with {id} only`, async () => {
    const { document } = await main(combo);
    // README: listed under the handler's name, on every router version
    assert.equal(operation(document, 'GET /blogs/{blog}/posts/{id}')['x-docgen-middleware'], ['logger', 'allowedMethods', 'loadPost']);
    for (const key of ['GET /blogs/{blog}/posts', 'GET /blogs/{blog}/posts/{slug}/comments', 'GET /blogs/{blog}/posts/{slug}/comments/{commentId}']) {
      assert.equal(operation(document, key)['x-docgen-middleware'], ['logger', 'allowedMethods'], key);
    }
  });

  test(`${name}: a koa-mount sub-app is documented under its prefix, with its own middleware`, async () => {
    const { document } = await main(combo);
    const op = operation(document, 'GET /admin/users');
    assert.is(op.operationId, 'adminUsers');
    assert.equal(op['x-docgen-middleware'], ['logger', 'allowedMethods', 'adminOnly']);
    assert.is(op['x-docgen-source'], sourceOf(DEFINE, "adminRouter.get('/users'"));
    assert.not.ok('/users' in document.paths);
  });
}

test('every combination writes one document, and x-docgen-app names the Koa app and where it was created', async () => {
  for (const combo of COMBOS) {
    const { document, cwd } = await main(combo);
    assert.equal(readdirSync(cwd).filter((f) => /^openapi(-\d+)?\.json$/.test(f)), ['openapi.json'], label(combo));
    assert.equal(document['x-docgen-app'], { framework: 'koa', index: 1, of: 1, created: sourceOf('define-app.cjs', 'const app = new Koa();') }, label(combo));
  }
});

// --- which router build was loaded ---------------------------------------------------------
test('@koa/router through require() is its CommonJS build and through import its ES module build', async () => {
  const cjs = await run('main.cjs', { KOA: 'koa3', ROUTER: '@koa/router' });
  const esm = await run('main.mjs', { KOA: 'koa3', ROUTER: '@koa/router' });
  assert.match(cjs.stdout, /router-build \S*@koa\/router\/dist\/index\.js\n/);
  assert.match(esm.stdout, /router-build file:\S*@koa\/router\/dist\/index\.mjs\n/);
});

test('the same app gives the same document through require() and through import', async () => {
  for (const { ROUTER, KOA } of COMBOS.filter((c) => c.entry === 'main.mjs')) {
    const { document: cjs } = await run('main.cjs', { KOA, ROUTER });
    const { document: esm } = await run('main.mjs', { KOA, ROUTER });
    assert.equal(esm.paths, cjs.paths, `${ROUTER} on ${KOA}`);
  }
});

// --- how the app is served ---------------------------------------------------------------------
for (const { KOA, SERVE } of SERVE_RUNS) {
  test(`${KOA}: an app served by ${SERVE === 'listen' ? 'app.listen()' : 'http.createServer(app.callback())'} and ended by SIGTERM has the same document`, async () => {
    const result = await served({ KOA, SERVE });
    assert.is(result.signal, 'SIGTERM', result.stderr);
    assert.ok(result.document, `no document\n${result.stderr}`);
    await validOnce(result.document);
    const { document } = await main({ entry: 'main.cjs', ROUTER: '@koa/router', KOA });
    assert.equal(result.document.paths, document.paths);
  });
}

// --- path syntax --------------------------------------------------------------------------------
function assertRegExpReported(document, stderr, file) {
  const source = sourceOf(file, 'router.get(/^');
  assert.equal(document['x-docgen-unrepresentable'], [{ method: 'GET', path: String(/^\/legacy\/(\d+)$/), reason: 'a RegExp path has no OpenAPI form', source }]);
  const warnings = stderr.split('\n').filter((l) => l.startsWith('docgen warning'));
  assert.is(warnings.length, 1, stderr);
  assert.ok(warnings[0].includes('/^\\/legacy\\/(\\d+)$/') && warnings[0].includes(source), warnings[0]);
}

for (const combo of PATH_RUNS.filter((c) => c.entry === 'paths-v6.cjs')) {
  const name = `${combo.ROUTER} on ${combo.KOA}`;
  test(`${name}: v6 syntax: :id(\\d+) keeps its pattern, :rev? and :rest* expand, :lat-:lng, a pattern in a nested router`, async () => {
    const { document } = await paths(combo);
    assert.equal(operations(document), [
      'GET /docs/{slug}',
      'GET /docs/{slug}/{rev}',
      'GET /files/{id}',
      'GET /geo/{lat}-{lng}',
      'GET /static',
      'GET /static/{rest}',
      'GET /svc/{svc}/{version}/info',
    ]);
    assert.equal(operation(document, 'GET /files/{id}').parameters, [param('id', { pattern: '^(?:\\d+)$' })]);
    assert.equal(operation(document, 'GET /docs/{slug}/{rev}').parameters, [param('slug'), param('rev')]);
    assert.is(operation(document, 'GET /docs/{slug}')['x-docgen-source'], sourceOf('paths-v6.cjs', "'/docs/:slug/:rev?'"));
    assert.equal(operation(document, 'GET /geo/{lat}-{lng}').parameters, [param('lat'), param('lng')]);
    assert.equal(operation(document, 'GET /static/{rest}').parameters, [param('rest', { wildcard: true })]);
    assert.equal(operation(document, 'GET /svc/{svc}/{version}/info').parameters, [param('svc'), param('version', { pattern: '^(?:v\\d+)$' })]);
  });
  test(`${name}: a RegExp path is in x-docgen-unrepresentable, with one warning naming it and its file:line`, async () => {
    const { document, stderr } = await paths(combo);
    assertRegExpReported(document, stderr, combo.entry);
  });
}

for (const combo of PATH_RUNS.filter((c) => c.entry === 'paths-v8.mjs')) {
  const name = `${combo.ROUTER} on ${combo.KOA}`;
  test(`${name}: v8 syntax: {/:section} and {.:format} expand, *filepath and {/*rest} are wildcards, :lat-:lng`, async () => {
    const { document } = await paths(combo);
    assert.equal(operations(document), [
      'GET /assets/{filepath}',
      'GET /docs/{slug}',
      'GET /docs/{slug}/{section}',
      'GET /geo/{lat}-{lng}',
      'GET /report',
      'GET /report.{format}',
      'GET /svc/{svc}/info',
      'GET /svc/{svc}/info/{rest}',
    ]);
    assert.equal(operation(document, 'GET /assets/{filepath}').parameters, [param('filepath', { wildcard: true })]);
    assert.equal(operation(document, 'GET /docs/{slug}/{section}').parameters, [param('slug'), param('section')]);
    assert.is(operation(document, 'GET /docs/{slug}')['x-docgen-source'], sourceOf('paths-v8.mjs', "'/docs/:slug{/:section}'"));
    assert.equal(operation(document, 'GET /geo/{lat}-{lng}').parameters, [param('lat'), param('lng')]);
    assert.equal(operation(document, 'GET /report.{format}').parameters, [param('format')]);
    assert.equal(operation(document, 'GET /svc/{svc}/info/{rest}').parameters, [param('svc'), param('rest', { wildcard: true })]);
  });
  test(`${name}: a RegExp path is in x-docgen-unrepresentable, with one warning naming it and its file:line`, async () => {
    const { document, stderr } = await paths(combo);
    assertRegExpReported(document, stderr, combo.entry);
  });
}

// --- bad input ------------------------------------------------------------------------------------
for (const ROUTER of ROUTERS) {
  test(`${ROUTER}: a router mounted twice (on the app, and into a parent) and a router mounted into itself: one set of operations, no hang`, async () => {
    const { document } = await bad(ROUTER);
    assert.equal(operations(document), ['GET /again/self', 'GET /fine', 'GET /p/shared', 'GET /self', 'GET /shared']);
    assert.is(operation(document, 'GET /shared')['x-docgen-source'], sourceOf('bad.cjs', "shared.get('/shared'"));
    assert.is(operation(document, 'GET /p/shared')['x-docgen-source'], sourceOf('bad.cjs', "shared.get('/shared'"));
    assert.is(operation(document, 'GET /again/self').operationId, 'getAgainSelf');
  });
  test(`${ROUTER}: a path the router accepts but with more than 64 optional combinations: a warning with its file:line, in x-docgen-unrepresentable, the rest intact`, async () => {
    const { document, stderr } = await bad(ROUTER);
    const source = sourceOf('bad.cjs', 'combos.get(TOO_MANY');
    const path = V6_ROUTERS.includes(ROUTER) ? '/combo/:a?/:b?/:c?/:d?/:e?/:f?/:g?' : '/combo{/:a}{/:b}{/:c}{/:d}{/:e}{/:f}{/:g}';
    const items = document['x-docgen-unrepresentable'];
    assert.equal(items.map(({ method, path, source }) => ({ method, path, source })), [{ method: 'GET', path, source }]);
    assert.match(items[0].reason, /128 paths/);
    const warnings = stderr.split('\n').filter((l) => l.startsWith('docgen warning'));
    assert.is(warnings.length, 1, stderr);
    assert.ok(warnings[0].includes(path) && warnings[0].includes(source), warnings[0]);
    assert.is(operation(document, 'GET /fine').operationId, 'fineRoute');
  });
}

test('a Koa app mounted into itself with koa-mount: the process ends and its document is written', async () => {
  const result = await run('self-mount.cjs', {});
  assert.is(result.status, 0, result.stderr);
  assert.ok(result.document, `no document written\n${result.stderr}`);
  await validOnce(result.document);
  assert.ok(operations(result.document).includes('GET /hello'), operations(result.document).join(', '));
  assert.ok(operations(result.document).includes('GET /loop/hello'), operations(result.document).join(', '));
  // one handler answers two operations, so neither takes its name (README: operationIds)
  assert.is(operation(result.document, 'GET /hello').operationId, 'getHello');
  assert.is(operation(result.document, 'GET /loop/hello').operationId, 'getLoopHello');
});

test.run();
