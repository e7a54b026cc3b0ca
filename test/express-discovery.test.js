// Route discovery for every Express registration form, on Express 4 and Express 5: real apps
// (test/fixtures/express) run as child processes under the preload, and the document they
// leave behind is read back. Path syntax is in express-paths, middleware and operationIds in
// express-attribution, TypeScript and load order in express-loading.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertValidOpenApi } from './helpers/validate.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSIONS, documented, lineOf, operation, operationIds, operations, prefetch, run, sourceOf } from './helpers/express-harness.js';

const FIXTURES = ['methods.mjs', 'chains.cjs', 'mounts.mjs', 'subapp-mount-event.mjs', 'arrays.mjs', 'async.mjs', 'unmounted-router.mjs', 'never-created.cjs'];
prefetch(FIXTURES);
run('two-copies.cjs', null);

const ALL = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];
const sorted = (list) => [...list].sort();

for (const version of VERSIONS) {
  // --- 1. one method per call, on the app and on a router ---------------------------------
  test(`${version}: app.<method>() and router.<method>() for get, post, put, patch, delete, options, head, all`, async () => {
    const { document } = await documented('methods.mjs', version);
    const expected = ['/app', '/router'].flatMap((prefix) => [
      `GET ${prefix}/get`,
      `POST ${prefix}/post`,
      `PUT ${prefix}/put`,
      `PATCH ${prefix}/patch`,
      `DELETE ${prefix}/delete`,
      `OPTIONS ${prefix}/options`,
      `HEAD ${prefix}/head`,
      ...ALL.map((method) => `${method} ${prefix}/all`),
    ]);
    assert.equal(operations(document), sorted(expected));
  });

  test(`${version}: each explicit method is answered by its own handler, registered on its own line`, async () => {
    const { document } = await documented('methods.mjs', version);
    for (const [prefix, owner] of [['/app', 'app'], ['/router', 'router']]) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete', 'options', 'head']) {
        const name = owner + method[0].toUpperCase() + method.slice(1);
        const op = operation(document, `${method.toUpperCase()} ${prefix}/${method}`);
        assert.is(op.operationId, name);
        assert.is(op['x-docgen-source'], sourceOf('methods.mjs', `function ${name}(`));
        assert.is(op['x-docgen-middleware'], undefined);
      }
    }
  });

  test(`${version}: all() is documented under exactly GET, POST, PUT, PATCH and DELETE`, async () => {
    const { document } = await documented('methods.mjs', version);
    for (const [path, call] of [['/app/all', "app.all('/app/all'"], ['/router/all', "router.all('/all'"]]) {
      assert.equal(sorted(Object.keys(document.paths[path]).map((m) => m.toUpperCase())), ALL, path);
      // five operations, one registration
      const sources = new Set(Object.values(document.paths[path]).map((op) => op['x-docgen-source']));
      assert.equal([...sources], [sourceOf('methods.mjs', call)]);
    }
  });

  test(`${version}: no HEAD or OPTIONS operation unless one was registered explicitly`, async () => {
    const { document } = await documented('methods.mjs', version);
    const implicit = operations(document).filter((key) => /^(HEAD|OPTIONS) /.test(key) && !/\/(head|options)$/.test(key));
    assert.equal(implicit, []);
  });

  test(`${version}: app.get(setting) with one argument reads a setting and makes no route`, async () => {
    const { document } = await documented('methods.mjs', version);
    assert.not.ok('/title' in document.paths);
    assert.ok(Object.keys(document.paths).every((path) => path.startsWith('/app/') || path.startsWith('/router/')));
  });

  // --- 2. route chains -----------------------------------------------------------------------
  test(`${version}: app.route().get().post() and router.route() chains`, async () => {
    const { document } = await documented('chains.cjs', version);
    assert.equal(operations(document), [
      'DELETE /books/{bookId}',
      'GET /authors',
      'GET /authors/{authorId}',
      'GET /books',
      'GET /books/{bookId}',
      'GET /dup',
      'GET /guarded',
      'GET /strict',
      'PATCH /authors/{authorId}',
      'POST /authors',
      'POST /books',
      'POST /strict',
      'PUT /books/{bookId}',
    ]);
    // the two chains below have tests of their own
    const { 'GET /strict': _get, 'POST /strict': _post, 'GET /dup': _dup, ...ids } = operationIds(document);
    assert.equal(ids, {
      'DELETE /books/{bookId}': 'deleteBook',
      'GET /authors': 'listAuthors',
      'GET /authors/{authorId}': 'getAuthor',
      'GET /books': 'listBooks',
      'GET /books/{bookId}': 'getBook',
      'GET /guarded': 'readGuarded',
      'PATCH /authors/{authorId}': 'updateAuthor',
      'POST /authors': 'createAuthor',
      'POST /books': 'createBook',
      'PUT /books/{bookId}': 'replaceBook',
    });
  });

  test(`${version}: each operation of a chain carries the line of its own link`, async () => {
    const { document } = await documented('chains.cjs', version);
    // `.route('/books')`, `.get(...)` and `.post(...)` each on a line of their own.
    assert.is(operation(document, 'GET /books')['x-docgen-source'], sourceOf('chains.cjs', 'listBooks'));
    assert.is(operation(document, 'POST /books')['x-docgen-source'], sourceOf('chains.cjs', 'createBook'));
    assert.is.not(sourceOf('chains.cjs', 'listBooks'), sourceOf('chains.cjs', ".route('/books')"));
    // a chain on one line: that line
    assert.is(operation(document, 'PATCH /authors/{authorId}')['x-docgen-source'], sourceOf('chains.cjs', "authors.route('/:authorId')"));
  });

  test(`${version}: route('/x').all(mw).get(h) documents GET only, with mw as its middleware`, async () => {
    const { document } = await documented('chains.cjs', version);
    assert.equal(Object.keys(document.paths['/guarded']), ['get']);
    const op = operation(document, 'GET /guarded');
    assert.is(op.operationId, 'readGuarded');
    assert.equal(op['x-docgen-middleware'], ['checkAccess']);
  });

  test(`${version}: route('/x').get(h).post(h2).all(fallback): the fallback runs after the handlers, it is not their middleware`, async () => {
    const { document } = await documented('chains.cjs', version);
    assert.equal(Object.keys(document.paths['/strict']).sort(), ['get', 'post']);
    const get = operation(document, 'GET /strict');
    const post = operation(document, 'POST /strict');
    assert.equal(
      { get: [get.operationId, get['x-docgen-middleware']], post: [post.operationId, post['x-docgen-middleware']] },
      { get: ['readStrict', undefined], post: ['writeStrict', undefined] },
    );
  });

  test(`${version}: a route() with no handler documents nothing; the same route twice is one operation`, async () => {
    const { document } = await documented('chains.cjs', version);
    assert.not.ok('/unused' in document.paths);
    assert.equal(Object.keys(document.paths['/dup']), ['get']);
    // operations.ts: "The first registration answers".
    assert.is(operation(document, 'GET /dup').operationId, 'firstDup');
    assert.is(operation(document, 'GET /dup')['x-docgen-source'], sourceOf('chains.cjs', 'firstDup'));
  });

  // --- 3. mounts -------------------------------------------------------------------------------
  test(`${version}: routers three levels deep, one router at two prefixes, sub-apps, mergeParams`, async () => {
    const { document } = await documented('mounts.mjs', version);
    assert.equal(operations(document), [
      'GET /admin/audit/log',
      'GET /admin/users',
      'GET /east/status',
      'GET /l1/l2/l3/leaf',
      'GET /orgs/{orgId}/projects',
      'GET /orgs/{orgId}/projects/{projectId}',
      'GET /reports/daily',
      'GET /root-level',
      'GET /west/status',
      'GET /widgets/list',
    ]);
  });

  test(`${version}: a router three levels deep keeps its own registration line`, async () => {
    const { document } = await documented('mounts.mjs', version);
    const op = operation(document, 'GET /l1/l2/l3/leaf');
    assert.is(op.operationId, 'leaf');
    assert.is(op['x-docgen-source'], sourceOf('mounts.mjs', "level3.get('/leaf'"));
  });

  test(`${version}: the same router mounted at two prefixes is documented under both`, async () => {
    const { document } = await documented('mounts.mjs', version);
    const east = operation(document, 'GET /east/status');
    const west = operation(document, 'GET /west/status');
    assert.is(east['x-docgen-source'], sourceOf('mounts.mjs', "shared.get('/status'"));
    assert.is(west['x-docgen-source'], east['x-docgen-source']);
    // one handler name for two operations: the ids come from method and path
    assert.equal([east.operationId, west.operationId], ['getEastStatus', 'getWestStatus']);
  });

  test(`${version}: sub-apps, a sub-app inside a sub-app, and a sub-app given routes after it was mounted`, async () => {
    const { document } = await documented('mounts.mjs', version);
    assert.is(operation(document, 'GET /admin/users').operationId, 'adminUsers');
    assert.is(operation(document, 'GET /admin/audit/log').operationId, 'auditLog');
    assert.is(operation(document, 'GET /reports/daily').operationId, 'dailyReport');
    // a mounted app is not a root of its own: its routes appear only under the mount path
    for (const path of ['/users', '/log', '/audit/log', '/daily', '/list']) assert.not.ok(path in document.paths, path);
  });

  test(`${version}: app.use('/x', first, second) where first's 'mount' listener mounts an app: second keeps its prefix`, async () => {
    const { document, stderr } = await documented('subapp-mount-event.mjs', version);
    assert.equal(operations(document), ['GET /x/one', 'GET /x/plugin/status', 'GET /x/two']);
    assert.match(stderr, /3 operations from 1 app\b/);
    for (const op of Object.values(document.paths).flatMap((item) => Object.values(item))) {
      assert.not.ok((op['x-docgen-middleware'] ?? []).includes('mounted_app'), `${op.operationId} lists Express's mounted_app wrapper`);
    }
  });

  test(`${version}: a router mounted without a path, and a sub-app mounted by a router`, async () => {
    const { document } = await documented('mounts.mjs', version);
    assert.is(operation(document, 'GET /root-level').operationId, 'rootLevel');
    assert.is(operation(document, 'GET /widgets/list').operationId, 'widgetList');
  });

  test(`${version}: parameters in a mount path (mergeParams) are required path parameters`, async () => {
    const { document } = await documented('mounts.mjs', version);
    const param = (name) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
    assert.equal(operation(document, 'GET /orgs/{orgId}/projects').parameters, [param('orgId')]);
    assert.equal(operation(document, 'GET /orgs/{orgId}/projects/{projectId}').parameters, [param('orgId'), param('projectId')]);
  });

  // --- 4. arrays of paths ----------------------------------------------------------------------
  test(`${version}: app.get([paths]) and app.use([paths], router) document every path`, async () => {
    const { document } = await documented('arrays.mjs', version);
    assert.equal(operations(document), ['GET /a', 'GET /b', 'GET /v1/ping', 'GET /v2/ping']);
    assert.equal(operationIds(document), { 'GET /a': 'getA', 'GET /b': 'getB', 'GET /v1/ping': 'getV1Ping', 'GET /v2/ping': 'getV2Ping' });
    assert.is(operation(document, 'GET /a')['x-docgen-source'], sourceOf('arrays.mjs', "app.get(['/a', '/b']"));
    assert.is(operation(document, 'GET /b')['x-docgen-source'], sourceOf('arrays.mjs', "app.get(['/a', '/b']"));
    assert.is(operation(document, 'GET /v2/ping')['x-docgen-source'], sourceOf('arrays.mjs', "versioned.get('/ping'"));
  });

  // --- 5. registration after start-up ----------------------------------------------------------
  test(`${version}: routes registered in a timer and after awaited promises are documented`, async () => {
    const { document } = await documented('async.mjs', version);
    assert.equal(operations(document), ['GET /api/timer', 'GET /awaited', 'GET /later/x', 'GET /sync', 'GET /timer']);
    assert.equal(operationIds(document), {
      'GET /api/timer': 'apiFromTimer',
      'GET /awaited': 'afterAwait',
      'GET /later/x': 'laterX',
      'GET /sync': 'registeredAtOnce',
      'GET /timer': 'fromTimer',
    });
    assert.is(operation(document, 'GET /timer')['x-docgen-source'], sourceOf('async.mjs', "app.get('/timer'"));
  });

  // --- 11. what is not served is not documented -----------------------------------------------
  test(`${version}: routers no app mounts are not documented`, async () => {
    const { document } = await documented('unmounted-router.mjs', version);
    assert.equal(operations(document), ['GET /m/child', 'GET /served']);
  });

  test(`${version}: Express loaded but no app created: no document, and a warning on stderr`, async () => {
    const result = await run('never-created.cjs', version);
    assert.is(result.status, 0, result.stderr);
    assert.is(result.stdout, 'function function\n', 'the app itself ran');
    assert.is(result.text, undefined, 'no openapi.json was written');
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('docgen warning:'));
    assert.is(warnings.length, 1, result.stderr);
    assert.match(warnings[0], /express \d+\.\d+\.\d+ was loaded but no app was created; no document written/);
  });
}

// --- 12. two copies of Express in one process ------------------------------------------------
// Two root apps: one document each, openapi.json for the first created, openapi-2.json next.
test('express4 + express5 in one process: both apps are documented, each with its own path syntax', async () => {
  const { document, stderr, cwd } = await documented('two-copies.cjs', null);
  const second = JSON.parse(readFileSync(join(cwd, 'openapi-2.json'), 'utf8'));
  await assertValidOpenApi(second);
  assert.equal(operations(document), ['GET /legacy-docs', 'GET /legacy-docs/{rev}', 'GET /legacy/{id}']);
  assert.equal(operations(second), ['GET /modern', 'GET /modern-files/{path}', 'GET /modern/{page}']);
  assert.equal(document['x-docgen-app'], { framework: 'express', index: 1, of: 2, created: sourceOf('two-copies.cjs', 'const legacy = express4()') });
  assert.equal(second['x-docgen-app'], { framework: 'express', index: 2, of: 2, created: sourceOf('two-copies.cjs', 'const modern = express5()') });
  assert.match(stderr, /wrote openapi\.json: 3 operations from express app 1 of 2/);
  assert.match(stderr, /wrote openapi-2\.json: 3 operations from express app 2 of 2/);
  // Express 4 syntax: an inline pattern; Express 5 syntax: an optional group and a named wildcard
  assert.equal(operation(document, 'GET /legacy/{id}').parameters, [
    { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^(?:\\d+)$' } },
  ]);
  assert.equal(operation(second, 'GET /modern-files/{path}').parameters, [
    { name: 'path', in: 'path', required: true, schema: { type: 'string' }, 'x-docgen-wildcard': true },
  ]);
  assert.is(operation(document, 'GET /legacy/{id}').operationId, 'legacyItem');
  assert.is(operation(second, 'GET /modern-files/{path}').operationId, 'modernFiles');
});

test.run();
