// Do no harm, at the instrumentation layer: each instrumented package has a supported version
// range and docgen names a version outside it instead of documenting it wrongly; after patching
// a package docgen checks that every hook went in, names a missing one, and takes the others out.
// Real apps on real framework packages, answering real requests on loopback.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { FIXTURES, operations, runApp } from './helpers/run-app.js';

const answersOf = (run) => JSON.parse(run.stdout.trim().split('\n').pop());

// --- supported version ranges ---------------------------------------------------------------

for (const KOA of ['koa3', 'koa2']) {
  test(`koa-router 7 (the RealWorld backend's) on ${KOA}: named on stderr as unsupported, no wrong path written, the app unaffected`, async () => {
    const env = { KOA };
    const [plain, traced] = await Promise.all([runApp('instrumentation/realworld-koa-router7.cjs', { preload: false, env }), runApp('instrumentation/realworld-koa-router7.cjs', { env })]);
    assert.is(traced.status, 0, traced.stderr);
    assert.match(traced.stderr, /docgen warning: koa-router 7\.4\.0 \([^)]*\) is outside the versions docgen supports \(>=12\.0\.0 <15\.0\.0\): its routes are not documented/);
    // Its routes are left out: nothing, rather than /api{wildcard}/users/{id}-like guesses.
    assert.ok(traced.document, traced.stderr);
    assert.equal(operations(traced.document), []);
    assert.match(traced.stderr, 'wrote openapi.json: 0 operations from 1 app');
    // The app answers as it does without docgen (including the RealWorld routes under /api).
    assert.equal(answersOf(traced), answersOf(plain));
    assert.equal(answersOf(plain).map(([method, path, status]) => `${method} ${path} ${status}`), [
      'POST /api/users/login 200',
      'GET /api/user 200',
      'GET /api/articles/hello 200',
      'DELETE /api/articles/hello/comments/3 200',
      'GET /v2/profiles/jake 200',
      'GET /api/x/articles/hello 404',
    ]);
  });
}

for (const ROUTER of ['koa-router-legacy', 'koa-router']) {
  test(`the same routing on a supported koa-router (${ROUTER === 'koa-router' ? 14 : 12}): documented as it serves`, async () => {
    const env = { KOA: 'koa3', ROUTER };
    const [plain, traced] = await Promise.all([runApp('instrumentation/realworld-koa-router7.cjs', { preload: false, env }), runApp('instrumentation/realworld-koa-router7.cjs', { env })]);
    assert.is(traced.status, 0, traced.stderr);
    assert.not.match(traced.stderr, /outside the versions docgen supports/);
    assert.equal(operations(traced.document), [
      'DELETE /api/articles/{slug}/comments/{comment}',
      'GET /api/articles',
      'GET /api/articles/{slug}',
      'GET /api/user',
      'GET /v2/profiles/{username}',
      'POST /api/users',
      'POST /api/users/login',
      'PUT /api/user',
    ]);
    assert.equal(answersOf(traced), answersOf(plain));
  });
}

// --- every hook went in ---------------------------------------------------------------------

const ALTERED = [
  { EXPRESS: 'express4', ALTER: 'delete', version: /express 4\.\d+\.\d+/, hook: 'Route.prototype.all (there is no such function)' },
  { EXPRESS: 'express5', ALTER: 'delete', version: /express 5\.\d+\.\d+/, hook: 'Route.prototype.all (there is no such function)' },
  { EXPRESS: 'express4', ALTER: 'freeze', version: /express 4\.\d+\.\d+/, hook: 'Route.prototype.get (it is read-only)' },
  { EXPRESS: 'express5', ALTER: 'freeze', version: /express 5\.\d+\.\d+/, hook: 'Route.prototype.get (it is read-only)' },
];

for (const { EXPRESS, ALTER, version, hook } of ALTERED) {
  test(`${EXPRESS} with Route.prototype altered (${ALTER}) before docgen patches it: the missing hook is named, every other hook taken out`, async () => {
    const nodeArgs = ['-r', join(FIXTURES, 'instrumentation/alter-express.cjs')];
    const [plain, traced] = await Promise.all([
      runApp('instrumentation/express-app.cjs', { preload: false, nodeArgs, env: { EXPRESS, ALTER } }),
      runApp('instrumentation/express-app.cjs', { nodeArgs, env: { EXPRESS, ALTER } }),
    ]);
    assert.is(traced.status, 0, traced.stderr);
    const warning = traced.stderr.split('\n').find((line) => line.includes('could not install'));
    assert.ok(warning, `no warning names a missing hook:\n${traced.stderr}`);
    assert.match(warning, version);
    assert.ok(warning.includes(hook), warning);
    assert.match(warning, /the package's routes are not documented/);
    // Not documented rather than documented wrongly, and docgen's other hooks are gone.
    assert.is(traced.document, undefined);
    assert.equal(answersOf(traced).marked, []);
    assert.equal(answersOf(traced).answers, answersOf(plain).answers);
  });
}

test('the same preload without the alteration: every hook goes in and the app is documented', async () => {
  const nodeArgs = ['-r', join(FIXTURES, 'instrumentation/alter-express.cjs')];
  const run = await runApp('instrumentation/express-app.cjs', { nodeArgs, env: { EXPRESS: 'express5', ALTER: 'none' } });
  assert.is(run.status, 0, run.stderr);
  assert.not.match(run.stderr, /could not install/);
  assert.ok(answersOf(run).marked.length > 10, 'docgen hooks are in place');
  assert.equal(operations(run.document), ['GET /items/{id}', 'POST /shop/orders']);
});

test.run();
