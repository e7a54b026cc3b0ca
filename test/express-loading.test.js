// How the app is loaded, on Express 4 and Express 5: TypeScript entry points (ESM .ts, .cts,
// .ts in a CommonJS package) with TypeScript-only features, a static `import` of Express with
// the preload, plain CommonJS; and determinism: the same app gives the same bytes every run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIR, VERSIONS, documented, lineOf, operation, operationIds, operations, outputOutside, param, prefetch, run, sourceOf } from './helpers/express-harness.js';

prefetch(['ts-esm/app.ts', 'ts-esm/legacy.cts', 'ts-cjs/app.ts', 'plain-cjs/app.js', 'middleware.mjs', 'async.mjs']);
for (const version of VERSIONS) {
  run(`static-import-${version}.mjs`, version);
  run('middleware.mjs', version, { tag: 'again' });
  run('async.mjs', version, { tag: 'again' });
}

for (const version of VERSIONS) {
  // --- 15. TypeScript entry points ------------------------------------------------------------
  test(`${version}: an ES module .ts app with an enum and parameter properties`, async () => {
    const { document } = await documented('ts-esm/app.ts', version);
    // the paths come from the enum's values and a parameter property: the TypeScript really ran
    assert.equal(operations(document), ['GET /teams/{teamId}', 'GET /users']);
    assert.equal(operationIds(document), { 'GET /teams/{teamId}': 'getTeam', 'GET /users': 'list' }); // users.list.bind(users)
    assert.equal(operation(document, 'GET /teams/{teamId}').parameters, [param('teamId')]);
    assert.equal(document.info, { title: 'ts-esm-fixture', version: '1.2.3' });
  });

  test(`${version}: x-docgen-source in an ES module .ts app is the .ts file and line`, async () => {
    const { document } = await documented('ts-esm/app.ts', version);
    // the enum and the class emit extra JavaScript lines above the routes
    assert.is(lineOf('ts-esm/app.ts', 'app.get(users.path'), 34);
    assert.is(operation(document, 'GET /users')['x-docgen-source'], `${DIR}/ts-esm/app.ts:34`);
    assert.is(operation(document, 'GET /teams/{teamId}')['x-docgen-source'], sourceOf('ts-esm/app.ts', 'app.get(`${teams.path}'));
  });

  test(`${version}: x-docgen-source of a .ts app is relative to the working directory when below it`, async () => {
    const { document } = await documented('ts-esm/app.ts', version, { tag: 'cwd=fixture folder', cwd: DIR, env: { DOCGEN_OUTPUT: outputOutside() } });
    assert.is(operation(document, 'GET /users')['x-docgen-source'], 'ts-esm/app.ts:34');
  });

  test(`${version}: a .cts app (CommonJS TypeScript in a "type": "module" package)`, async () => {
    const { document } = await documented('ts-esm/legacy.cts', version);
    assert.equal(operations(document), ['GET /levels/2']); // Level.High, through a parameter property
    assert.is(operation(document, 'GET /levels/2').operationId, 'readLevel');
    assert.is(operation(document, 'GET /levels/2')['x-docgen-source'], sourceOf('ts-esm/legacy.cts', 'app.get(`/levels/'));
  });

  test(`${version}: a .ts app with ES module syntax in a CommonJS package`, async () => {
    const { document } = await documented('ts-cjs/app.ts', version);
    assert.equal(operations(document), ['GET /orders/status/active', 'GET /orders/{orderId}']);
    assert.equal(operationIds(document), { 'GET /orders/status/active': 'activeOrders', 'GET /orders/{orderId}': 'getOrder' });
    assert.is(operation(document, 'GET /orders/{orderId}')['x-docgen-source'], sourceOf('ts-cjs/app.ts', 'app.get(`/${repository.table}/:orderId`'));
    assert.is(operation(document, 'GET /orders/status/active')['x-docgen-source'], sourceOf('ts-cjs/app.ts', 'app.get(`/${repository.table}/status/'));
    assert.equal(document.info, { title: 'ts-cjs-fixture', version: '4.5.6' });
  });

  // --- 13. loading order ----------------------------------------------------------------------
  test(`${version}: a .mjs app with a static \`import express, { Router } from '${version}'\` and the preload`, async () => {
    const entry = `static-import-${version}.mjs`;
    const { document } = await documented(entry, version);
    assert.equal(operations(document), ['GET /static', 'GET /static-items/{id}']);
    assert.is(operation(document, 'GET /static-items/{id}').operationId, 'staticItem');
    assert.is(operation(document, 'GET /static-items/{id}')['x-docgen-source'], sourceOf(entry, "router.get('/:id'"));
  });

  test(`${version}: a plain CommonJS app (.js, require) whose routes are in a required module`, async () => {
    const { document } = await documented('plain-cjs/app.js', version);
    assert.equal(operations(document), ['GET /health', 'GET /widgets', 'POST /widgets/{widgetId}']);
    assert.equal(operationIds(document), { 'GET /health': 'health', 'GET /widgets': 'listWidgets', 'POST /widgets/{widgetId}': 'updateWidget' });
    // the line is in the module that registered the route, not in the entry
    assert.is(operation(document, 'GET /widgets')['x-docgen-source'], sourceOf('plain-cjs/widgets.js', "router.get('/'"));
    assert.is(operation(document, 'GET /health')['x-docgen-source'], sourceOf('plain-cjs/app.js', "app.get('/health'"));
    assert.equal(document.info, { title: 'plain-cjs-fixture', version: '0.0.1' });
  });

  // --- 10. determinism ------------------------------------------------------------------------
  test(`${version}: two runs of the same app write byte-identical documents`, async () => {
    for (const entry of ['middleware.mjs', 'async.mjs']) {
      const first = await documented(entry, version);
      const second = await documented(entry, version, { tag: 'again' });
      assert.ok(first.cwd !== second.cwd, 'two separate runs');
      assert.is(second.text, first.text, entry);
    }
  });
}

test('express4 and express5 write byte-identical documents for an app both can run', async () => {
  for (const entry of ['middleware.mjs', 'async.mjs']) {
    const [four, five] = await Promise.all(VERSIONS.map((version) => documented(entry, version)));
    assert.is(five.text, four.text, entry);
  }
});

test.run();
