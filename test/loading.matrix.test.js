// TypeScript entry points and modules load with the language tsx gives, in ESM and CommonJS,
// on every Node version; recorded source lines are the .ts lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operation, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

test('ESM .ts: enums, parameter properties, decorators, namespaces, .js and extensionless imports', async () => {
  const run = await runApp('loading/esm/app.ts');
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'enum 1 2 decorated @yes');
  assert.equal(operations(run.document), ['GET /items/{id}', 'GET /kind']);
  assert.equal(run.document.info, { title: 'loading-esm', version: '2.0.0' });
  assert.match(operation(run.document, 'GET /items/{id}')['x-docgen-source'], /loading\/esm\/routes\.ts:8$/);
  assert.match(operation(run.document, 'GET /kind')['x-docgen-source'], /loading\/esm\/app\.ts:7$/);
  await assertValidOpenApi(run.document);
});

test('a .ts app that throws: the stack points at the .ts line, the document is marked incomplete', async () => {
  const run = await runApp('loading/esm/app.ts', { env: { THROW_IN_TS: '1' } });
  assert.is(run.status, 1);
  assert.match(run.stderr, /thrown from app\.ts/);
  assert.match(run.stderr, /app\.ts:13/);
  assert.is(run.document['x-docgen-incomplete'], true);
});

test('.mts entry', async () => {
  const run = await runApp('loading/esm/entry.mts');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['GET /mts']);
});

test('CommonJS .ts with ESM syntax, extensionless require of .ts, require.main kept', async () => {
  const run = await runApp('loading/cjs/app.ts');
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'main true');
  assert.equal(operations(run.document), ['GET /v1/ping']);
  assert.match(operation(run.document, 'GET /v1/ping')['x-docgen-source'], /loading\/cjs\/mount\.ts:3$/);
  assert.equal(run.document.info, { title: 'loading-cjs', version: '3.0.0' });
});

test('tsconfig paths aliases (extends, baseUrl, JSONC, a wildcard with two substitutions, an exact name) in CommonJS .ts', async () => {
  const run = await runApp('loading/paths/app.ts');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['GET /v2/items']);
  assert.match(operation(run.document, 'GET /v2/items')['x-docgen-source'], /loading\/paths\/src\/routes\/items\.ts:4$/);
});

test('.cts entry', async () => {
  const run = await runApp('loading/cjs/entry.cts');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['POST /cts']);
});

test.run();
