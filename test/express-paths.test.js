// Express path syntax to OpenAPI path templates, on Express 4 and Express 5: `:id` to `{id}`,
// several parameters in a segment, inline patterns, optional parts expanded into one path per
// combination, wildcards, trailing slashes, and RegExp paths reported rather than dropped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VERSIONS, documented, operation, operationIds, operations, param, prefetch, run, sourceOf } from './helpers/express-harness.js';

prefetch(['paths-common.mjs', 'regexp.mjs']);
run('paths-express4.cjs', 'express4');
run('paths-express5.mjs', 'express5');

const params = (document, key) => operation(document, key)?.parameters;

// --- 6. syntax both versions share ---------------------------------------------------------
for (const version of VERSIONS) {
  test(`${version}: :name parameters, several in one segment, trailing slashes`, async () => {
    const { document } = await documented('paths-common.mjs', version);
    assert.equal(operations(document), [
      'GET /geo/{lat}-{lng}',
      'GET /orgs/{orgId}/members/{memberId}',
      'GET /plants/{genus}.{species}',
      'GET /slash',
      'GET /slash/inner',
      'GET /teams/{id}/members/{id2}',
      'GET /users',
      'GET /users/{id}',
    ]);
  });

  test(`${version}: /users/:id -> /users/{id} with one required string parameter`, async () => {
    const { document } = await documented('paths-common.mjs', version);
    assert.equal(params(document, 'GET /users/{id}'), [param('id')]);
    assert.equal(params(document, 'GET /orgs/{orgId}/members/{memberId}'), [param('orgId'), param('memberId')]);
  });

  test(`${version}: two parameters in one segment: /:lat-:lng and /:genus.:species`, async () => {
    const { document } = await documented('paths-common.mjs', version);
    assert.equal(params(document, 'GET /geo/{lat}-{lng}'), [param('lat'), param('lng')]);
    assert.equal(params(document, 'GET /plants/{genus}.{species}'), [param('genus'), param('species')]);
    assert.is(operation(document, 'GET /geo/{lat}-{lng}').operationId, 'byCoordinates');
  });

  test(`${version}: a trailing slash is removed, in a route and in a mount path`, async () => {
    const { document } = await documented('paths-common.mjs', version);
    for (const path of Object.keys(document.paths)) assert.ok(path === '/' || !path.endsWith('/'), path);
    assert.is(operation(document, 'GET /users').operationId, 'listUsers');
    assert.is(operation(document, 'GET /users')['x-docgen-source'], sourceOf('paths-common.mjs', "app.get('/users/'"));
    assert.is(operation(document, 'GET /slash').operationId, 'slashRoot');
    assert.is(operation(document, 'GET /slash/inner').operationId, 'slashInner');
    assert.equal(params(document, 'GET /users'), undefined);
  });

  test(`${version}: the same parameter name above and below a mount gets a second name`, async () => {
    const { document } = await documented('paths-common.mjs', version);
    assert.equal(params(document, 'GET /teams/{id}/members/{id2}'), [param('id'), param('id2')]);
  });

  // --- 7. RegExp paths ------------------------------------------------------------------------
  test(`${version}: a RegExp route is not in paths but in x-docgen-unrepresentable, with method, path, reason and source`, async () => {
    const { document } = await documented('regexp.mjs', version, { warnings: true });
    assert.equal(operations(document), ['GET /mixed', 'GET /ok']);
    assert.equal(document['x-docgen-unrepresentable'], [
      {
        method: 'GET',
        path: String(/^\/mixed-\d+$/),
        reason: 'a RegExp path has no OpenAPI form',
        source: sourceOf('regexp.mjs', "app.get(['/mixed'"),
      },
      {
        method: 'GET',
        path: String(/^\/v(\d+)\/x/),
        reason: 'a RegExp path has no OpenAPI form',
        source: sourceOf('regexp.mjs', 'app.get(/^'),
      },
    ]);
    // the string of a mixed array is documented from the same call
    assert.is(operation(document, 'GET /mixed')['x-docgen-source'], sourceOf('regexp.mjs', "app.get(['/mixed'"));
  });

  test(`${version}: stderr has exactly one warning line per RegExp route`, async () => {
    const { stderr } = await run('regexp.mjs', version);
    const warnings = stderr.split('\n').filter((line) => line.startsWith('docgen warning:'));
    assert.is(warnings.length, 2, stderr);
    for (const [regexp, call] of [[/^\/v(\d+)\/x/, 'app.get(/^'], [/^\/mixed-\d+$/, "app.get(['/mixed'"]]) {
      const about = warnings.filter((line) => line.includes(String(regexp)));
      assert.is(about.length, 1, `${regexp}: ${stderr}`);
      assert.match(about[0], /x-docgen-unrepresentable/);
      assert.ok(about[0].includes(sourceOf('regexp.mjs', call)), about[0]);
    }
  });
}

// --- 6. Express 4 only: path-to-regexp 0.1 syntax -------------------------------------------
test('express4: inline patterns, `?` optionals, bare `*`, optional mount parameters', async () => {
  const { document } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  assert.equal(operations(document), [
    'GET /archive/{year}',
    'GET /archive/{year}/{month}',
    'GET /docs',
    'GET /docs/{rev}',
    'GET /files/{wildcard}',
    'GET /items/{id}',
    'GET /shop/cart',
    'GET /shop/{locale}/cart',
    'GET /spa/{wildcard}',
  ]);
});

test('express4: /items/:id(\\d+) keeps its pattern as ^(?:\\d+)$', async () => {
  const { document } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  assert.equal(params(document, 'GET /items/{id}'), [param('id', { pattern: '^(?:\\d+)$' })]);
  assert.equal(params(document, 'GET /archive/{year}/{month}'), [param('year', { pattern: '^(?:\\d{4})$' }), param('month', { pattern: '^(?:\\d{2})$' })]);
  assert.equal(params(document, 'GET /archive/{year}'), [param('year', { pattern: '^(?:\\d{4})$' })]);
});

test('express4: /docs/:rev? is two paths, both from the one registration', async () => {
  const { document } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  assert.equal(params(document, 'GET /docs'), undefined);
  assert.equal(params(document, 'GET /docs/{rev}'), [param('rev')]);
  const source = sourceOf('paths-express4.cjs', "app.get('/docs/:rev?'");
  assert.is(operation(document, 'GET /docs')['x-docgen-source'], source);
  assert.is(operation(document, 'GET /docs/{rev}')['x-docgen-source'], source);
  // one handler for two operations: the ids come from method and path
  assert.is(operation(document, 'GET /docs').operationId, 'getDocs');
  assert.is(operation(document, 'GET /docs/{rev}').operationId, 'getDocsByRev');
});

test('express4: a bare * becomes a named wildcard parameter {wildcard}', async () => {
  const { document } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  assert.equal(params(document, 'GET /files/{wildcard}'), [param('wildcard', { wildcard: true })]);
  assert.equal(params(document, 'GET /spa/{wildcard}'), [param('wildcard', { wildcard: true })]);
  assert.is(operation(document, 'GET /spa/{wildcard}').operationId, 'notFound');
});

test('express4: an optional parameter in a mount path expands the mounted routes', async () => {
  const { document } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  assert.equal(params(document, 'GET /shop/cart'), undefined);
  assert.equal(params(document, 'GET /shop/{locale}/cart'), [param('locale')]);
});

test('express4: a string path docgen cannot parse (/ab?cd) is listed in x-docgen-unrepresentable', async () => {
  const { document, stderr } = await documented('paths-express4.cjs', 'express4', { warnings: true });
  const list = document['x-docgen-unrepresentable'];
  assert.is(list.length, 1);
  assert.is(list[0].method, 'GET');
  assert.is(list[0].path, '/ab?cd');
  assert.match(list[0].reason, /^path-to-regexp rejects it/);
  assert.is(list[0].source, sourceOf('paths-express4.cjs', "app.get('/ab?cd'"));
  for (const path of Object.keys(document.paths)) assert.not.match(path, /ab|cd/);
  const warnings = stderr.split('\n').filter((line) => line.startsWith('docgen warning:'));
  assert.is(warnings.length, 1, stderr);
  assert.ok(warnings[0].includes('GET /ab?cd'), warnings[0]);
});

// --- 6. Express 5 only: path-to-regexp 8 syntax ---------------------------------------------
test('express5: {/:param} groups, *name and {*name} wildcards, optional mount parameters', async () => {
  const { document } = await documented('paths-express5.mjs', 'express5');
  assert.equal(operations(document), [
    'GET /docs',
    'GET /docs/{section}',
    'GET /files/{filepath}',
    'GET /report',
    'GET /report.{format}',
    'GET /report/{section}',
    'GET /report/{section}.{format}',
    'GET /shop/cart',
    'GET /shop/{locale}/cart',
    'GET /spa/{splat}',
    'GET /static',
    'GET /static/{rest}',
  ]);
  assert.equal(document['x-docgen-unrepresentable'], undefined);
});

test('express5: /docs{/:section} is two paths, both from the one registration', async () => {
  const { document } = await documented('paths-express5.mjs', 'express5');
  assert.equal(params(document, 'GET /docs'), undefined);
  assert.equal(params(document, 'GET /docs/{section}'), [param('section')]);
  const source = sourceOf('paths-express5.mjs', "app.get('/docs{/:section}'");
  assert.is(operation(document, 'GET /docs')['x-docgen-source'], source);
  assert.is(operation(document, 'GET /docs/{section}')['x-docgen-source'], source);
});

test('express5: two optional groups give four paths', async () => {
  const { document } = await documented('paths-express5.mjs', 'express5');
  const report = operations(document).filter((key) => key.startsWith('GET /report'));
  assert.equal(report, ['GET /report', 'GET /report.{format}', 'GET /report/{section}', 'GET /report/{section}.{format}']);
  assert.equal(params(document, 'GET /report'), undefined);
  assert.equal(params(document, 'GET /report.{format}'), [param('format')]);
  assert.equal(params(document, 'GET /report/{section}'), [param('section')]);
  assert.equal(params(document, 'GET /report/{section}.{format}'), [param('section'), param('format')]);
  const ids = operationIds(document);
  assert.equal(
    report.map((key) => ids[key]),
    ['getReport', 'getReportFormat', 'getReportBySection', 'getReportBySectionFormat'],
  );
});

test('express5: *name and {*name} become {name} with x-docgen-wildcard', async () => {
  const { document } = await documented('paths-express5.mjs', 'express5');
  assert.equal(params(document, 'GET /files/{filepath}'), [param('filepath', { wildcard: true })]);
  assert.equal(params(document, 'GET /spa/{splat}'), [param('splat', { wildcard: true })]);
  // {*rest} is optional: the path without it, and the path with it
  assert.equal(params(document, 'GET /static'), undefined);
  assert.equal(params(document, 'GET /static/{rest}'), [param('rest', { wildcard: true })]);
});

test('express5: an optional group in a mount path expands the mounted routes', async () => {
  const { document } = await documented('paths-express5.mjs', 'express5');
  assert.equal(params(document, 'GET /shop/cart'), undefined);
  assert.equal(params(document, 'GET /shop/{locale}/cart'), [param('locale')]);
  assert.is(operation(document, 'GET /shop/{locale}/cart')['x-docgen-source'], sourceOf('paths-express5.mjs', "shop.get('/cart'"));
});

test.run();
