// What docgen tells about each operation besides its path, on Express 4 and Express 5: the
// middleware that runs before it (x-docgen-middleware), its operationId, and where it was
// registered (x-docgen-source, the real line of the registration call).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIR, VERSIONS, documented, operation, operationIds, operations, outputOutside, prefetch, sourceOf, lineOf } from './helpers/express-harness.js';

prefetch(['middleware.mjs', 'operation-ids.mjs']);

const middlewareOf = (document, key) => operation(document, key)['x-docgen-middleware'];
const APP_LEVEL = ['jsonParser', 'requestLog'];
const ERROR_HANDLERS = ['errorHandler', 'apiErrors', 'adminErrors', 'routeErrors'];

for (const version of VERSIONS) {
  // --- 8. middleware attribution ---------------------------------------------------------------
  test(`${version}: middleware fixture documents every route`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(operations(document), [
      'GET /admin/panel',
      'GET /administrator',
      'GET /after',
      'GET /api/items',
      'GET /chain',
      'GET /deep/admin/users',
      'GET /deep/public',
      'GET /nested-arrays',
      'GET /orgs/{orgId}/repos',
      'GET /public',
      'GET /route-errors',
      'GET /scoped/open',
      'GET /scoped/secure/data',
      'GET /sub/page',
    ]);
  });

  test(`${version}: app.use(express.json()) and a named app.use(fn) run before every later route`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /public'), APP_LEVEL);
    for (const key of operations(document)) assert.equal(middlewareOf(document, key).slice(0, 2), APP_LEVEL, key);
  });

  test(`${version}: app.use('/admin', auth) applies under /admin only, not to /administrator`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /admin/panel'), [...APP_LEVEL, 'authenticate']);
    assert.equal(middlewareOf(document, 'GET /administrator'), APP_LEVEL);
    for (const key of operations(document)) {
      if (key !== 'GET /admin/panel') assert.not.ok(middlewareOf(document, key).includes('authenticate'), key);
    }
  });

  test(`${version}: a scope with a parameter (/orgs/:orgId) and a scope inside a mounted router`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /orgs/{orgId}/repos'), [...APP_LEVEL, 'loadOrg']);
    assert.equal(middlewareOf(document, 'GET /scoped/secure/data'), [...APP_LEVEL, 'secureOnly']);
    assert.equal(middlewareOf(document, 'GET /scoped/open'), APP_LEVEL);
  });

  test(`${version}: app.use('/deep/admin', mw) then app.use('/deep', router): mw runs before the router's /admin/... routes`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(
      { admin: middlewareOf(document, 'GET /deep/admin/users'), public: middlewareOf(document, 'GET /deep/public') },
      { admin: [...APP_LEVEL, 'deepAdminOnly'], public: APP_LEVEL },
    );
  });

  test(`${version}: middleware registered after a route is not listed for it`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /after'), [...APP_LEVEL, 'lateMiddleware']);
    for (const key of operations(document)) {
      if (!['GET /after', 'GET /route-errors'].includes(key)) assert.not.ok(middlewareOf(document, key).includes('lateMiddleware'), key);
    }
  });

  test(`${version}: route-level middleware app.get(path, a, b, handler), also in nested arrays`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /chain'), [...APP_LEVEL, 'a', 'b']);
    assert.is(operation(document, 'GET /chain').operationId, 'chainEnd');
    assert.equal(middlewareOf(document, 'GET /nested-arrays'), [...APP_LEVEL, 'a', 'b']);
    assert.is(operation(document, 'GET /nested-arrays').operationId, 'arraysEnd');
  });

  test(`${version}: mount-level app.use('/api', guard, router) and router-level router.use(mw)`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /api/items'), [...APP_LEVEL, 'apiGuard', 'routerLevel']);
    assert.is(operation(document, 'GET /api/items').operationId, 'apiItems');
  });

  test(`${version}: a sub-app's middleware applies below it only; Express's own query/expressInit are not listed`, async () => {
    const { document } = await documented('middleware.mjs', version);
    assert.equal(middlewareOf(document, 'GET /sub/page'), [...APP_LEVEL, 'subOnly']);
    for (const key of operations(document)) {
      const listed = middlewareOf(document, key);
      if (key !== 'GET /sub/page') assert.not.ok(listed.includes('subOnly'), key);
      assert.not.ok(listed.includes('query') || listed.includes('expressInit'), key);
    }
  });

  test(`${version}: error handlers (four parameters) are never listed as middleware`, async () => {
    const { document } = await documented('middleware.mjs', version);
    for (const key of operations(document)) {
      for (const name of ERROR_HANDLERS) assert.not.ok(middlewareOf(document, key).includes(name), `${key} lists ${name}`);
    }
  });

  test(`${version}: a route-level error handler neither answers the route nor demotes its handler to middleware`, async () => {
    const { document } = await documented('middleware.mjs', version);
    // app.get('/route-errors', a, routeHandler, routeErrors): routeHandler answers.
    const op = operation(document, 'GET /route-errors');
    assert.equal(
      { operationId: op.operationId, middleware: op['x-docgen-middleware'] },
      { operationId: 'routeHandler', middleware: [...APP_LEVEL, 'lateMiddleware', 'a'] },
    );
  });

  // --- 9. operationIds and source locations ---------------------------------------------------
  test(`${version}: operationIds: the handler's name when unique, else method and path`, async () => {
    const { document } = await documented('operation-ids.mjs', version);
    const ids = operationIds(document);
    assert.equal(operations(document), [
      'DELETE /users/{id}',
      'GET /',
      'GET /accounts/{id}',
      'GET /multi-line',
      'GET /other',
      'GET /people',
      'GET /things',
      'GET /users',
      'GET /users/{id}',
      'POST /users',
    ]);
    assert.is(ids['GET /users'], 'listUsers'); // function listUsers
    assert.is(ids['DELETE /users/{id}'], 'removeUser'); // const removeUser = (req, res) => ...
    assert.is(ids['GET /multi-line'], 'multiLine');
    assert.is(ids['GET /'], 'getRoot'); // anonymous
    assert.is(ids['POST /users'], 'postUsers'); // anonymous
    assert.is(ids['GET /accounts/{id}'], 'getAccountsById'); // `handler` serves two routes
    assert.is(ids['GET /things'], 'getThings'); // two functions are named getUsers
    assert.is(ids['GET /other'], 'getOther');
    assert.is(ids['GET /people'], 'getUsersById'); // unique name
    // derived as getUsersById too, which /people's handler already has
    assert.match(ids['GET /users/{id}'], /^getUsersById./);
    assert.is(new Set(Object.values(ids)).size, Object.values(ids).length, 'operationIds are unique');
  });

  test(`${version}: x-docgen-source is the absolute file and the real line when the cwd is elsewhere`, async () => {
    const { document } = await documented('operation-ids.mjs', version);
    const file = `${DIR}/operation-ids.mjs`;
    assert.is(operation(document, 'GET /users')['x-docgen-source'], `${file}:8`);
    assert.is(operation(document, 'GET /users')['x-docgen-source'], sourceOf('operation-ids.mjs', "app.get('/users',"));
    assert.is(operation(document, 'GET /accounts/{id}')['x-docgen-source'], `${file}:10`);
    assert.is(operation(document, 'DELETE /users/{id}')['x-docgen-source'], `${file}:13`);
    // a chain over three lines: the line of its .get() link
    assert.is(operation(document, 'GET /multi-line')['x-docgen-source'], `${file}:${lineOf('operation-ids.mjs', 'function multiLine')}`);
  });

  test(`${version}: x-docgen-source is relative to the working directory when the file is below it`, async () => {
    const { document } = await documented('operation-ids.mjs', version, {
      tag: 'cwd=fixture folder',
      cwd: DIR,
      env: { DOCGEN_OUTPUT: outputOutside() },
    });
    assert.is(operation(document, 'GET /users')['x-docgen-source'], 'operation-ids.mjs:8');
    assert.is(operation(document, 'GET /people')['x-docgen-source'], `operation-ids.mjs:${lineOf('operation-ids.mjs', "app.get('/people'")}`);
  });
}

test.run();
