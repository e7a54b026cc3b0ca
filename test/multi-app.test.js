// Several root apps in one process (test/fixtures/multi): each gets its own document,
// openapi.json for the first app created, openapi-2.json, openapi-3.json... for the others,
// each naming its app in x-docgen-app. Sub-apps (Express sub-apps, Hono route(), koa-mount) are
// not documents of their own, and no app is lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

const DIR = join(FIXTURES, 'multi');

const runs = new Map();
function run(entry, env = {}) {
  const key = JSON.stringify([entry, env]);
  if (!runs.has(key)) {
    const promise = runApp(join('multi', entry), { env });
    promise.catch(() => {});
    runs.set(key, promise);
  }
  return runs.get(key);
}

/** The documents a run wrote, by file name, read back; `base` is the first document's name. */
function written(cwd, base = 'openapi') {
  const pattern = new RegExp(`^${base}(-\\d+)?\\.json$`);
  return Object.fromEntries(
    readdirSync(cwd)
      .filter((f) => pattern.test(f))
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
      .map((f) => [f, JSON.parse(readFileSync(join(cwd, f), 'utf8'))]),
  );
}

/** `file:line` of the only line of a fixture that contains `needle`. */
function sourceOf(file, needle) {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  assert.is(found.length, 1, `${file}: expected one line containing ${JSON.stringify(needle)}, found ${found.length}`);
  return `${join(DIR, file)}:${found[0]}`;
}

/**
 * Runs `entry` and checks its documents against `apps`, in order: the file name, x-docgen-app
 * (framework, index, of, created at the line containing `created`), and the operations.
 */
async function assertDocuments(entry, apps, { env = {}, base = 'openapi' } = {}) {
  const result = await run(entry, env);
  assert.is(result.status, 0, `${entry} exited with ${result.status}\n${result.stderr}`);
  assert.not.match(result.stderr, /docgen (error|warning)/, result.stderr);
  const docs = written(result.cwd, base);
  const expectedFiles = apps.map((_, i) => (i === 0 ? `${base}.json` : `${base}-${i + 1}.json`));
  const summary = Object.fromEntries(Object.entries(docs).map(([f, d]) => [f, { app: d['x-docgen-app'], operations: operations(d) }]));
  assert.equal(Object.keys(docs), expectedFiles, `${entry}: documents written\n${JSON.stringify(summary, null, 2)}\n${result.stderr}`);
  for (const [i, app] of apps.entries()) {
    const file = expectedFiles[i];
    const document = docs[file];
    await assertValidOpenApi(document);
    assert.equal(
      { app: document['x-docgen-app'], operations: operations(document) },
      { app: { framework: app.framework, index: i + 1, of: apps.length, created: sourceOf(entry, app.created) }, operations: app.operations },
      `${entry}: ${file}`,
    );
  }
  return { ...result, docs };
}

const FIXTURE_NAMES = ['two-express.mjs', 'express-hono.mjs', 'koa-hono.mjs', 'koa-hono.cjs', 'hono-koa.mjs', 'two-koa.cjs', 'three.mjs'];
for (const entry of FIXTURE_NAMES) run(entry);
run('two-express.mjs', { DOCGEN_OUTPUT: 'api.json' });

test('two Express apps: one document each, in the order the apps were created (not the order of their routes)', async () => {
  await assertDocuments('two-express.mjs', [
    { framework: 'express', created: 'const first = express();', operations: ['GET /admin/panel', 'GET /first'] },
    { framework: 'express', created: 'const second = express();', operations: ['GET /s/shared', 'GET /second'] },
  ]);
});

test('two Express apps: one log line per document, naming the app and where it was created', async () => {
  const { stderr } = await run('two-express.mjs');
  const lines = stderr.split('\n').filter((l) => /^docgen: wrote /.test(l));
  assert.is(lines.length, 2, stderr);
  assert.match(lines[0], `wrote openapi.json: 2 operations from express app 1 of 2, created at ${sourceOf('two-express.mjs', 'const first = express();')}`);
  assert.match(lines[1], `wrote openapi-2.json: 2 operations from express app 2 of 2, created at ${sourceOf('two-express.mjs', 'const second = express();')}`);
});

test('two Express apps with DOCGEN_OUTPUT=api.json: api.json and api-2.json', async () => {
  await assertDocuments(
    'two-express.mjs',
    [
      { framework: 'express', created: 'const first = express();', operations: ['GET /admin/panel', 'GET /first'] },
      { framework: 'express', created: 'const second = express();', operations: ['GET /s/shared', 'GET /second'] },
    ],
    { env: { DOCGEN_OUTPUT: 'api.json' }, base: 'api' },
  );
  const { cwd } = await run('two-express.mjs', { DOCGEN_OUTPUT: 'api.json' });
  assert.equal(Object.keys(written(cwd)), [], 'no openapi.json beside api.json');
});

test('an Express app and a Hono app: both documents keep their own GET /health', async () => {
  await assertDocuments('express-hono.mjs', [
    { framework: 'express', created: 'const web = express();', operations: ['GET /health', 'GET /web'] },
    { framework: 'hono', created: 'const api = new Hono();', operations: ['GET /api', 'GET /health'] },
  ]);
});

test('a Koa app created before a Hono app: openapi.json is the Koa app; the koa-mount and route() sub-apps are not documents', async () => {
  await assertDocuments('koa-hono.mjs', [
    { framework: 'koa', created: 'const koa = new Koa();', operations: ['GET /admin/panel', 'GET /koa'] },
    { framework: 'hono', created: 'const hono = new Hono();', operations: ['GET /hono', 'GET /sub/item'] },
  ]);
});

test('a Hono app created before a Koa app (the Koa app registers first): openapi.json is the Hono app', async () => {
  await assertDocuments('hono-koa.mjs', [
    { framework: 'hono', created: 'const hono = new Hono();', operations: ['GET /hono'] },
    { framework: 'koa', created: 'const koa = new Koa();', operations: ['GET /koa'] },
  ]);
});

test('two Koa apps: in the order they were created, though the second registers its middleware first', async () => {
  await assertDocuments('two-koa.cjs', [
    { framework: 'koa', created: 'const first = new Koa();', operations: ['GET /first'] },
    { framework: 'koa', created: 'const second = new Koa();', operations: ['GET /second'] },
  ]);
});

test('an Express, a Koa and a Hono app: three documents in creation order, none lost', async () => {
  await assertDocuments('three.mjs', [
    { framework: 'express', created: 'const web = express();', operations: ['GET /express'] },
    { framework: 'koa', created: 'const koa = new Koa();', operations: ['GET /koa'] },
    { framework: 'hono', created: 'const hono = new Hono();', operations: ['GET /hono'] },
  ]);
});

test('none is lost: every app of every fixture (koa-hono.cjs: the same apps through require) has its operations in exactly one document', async () => {
  const expected = {
    'two-express.mjs': ['GET /admin/panel', 'GET /first', 'GET /s/shared', 'GET /second'],
    'express-hono.mjs': ['GET /api', 'GET /health', 'GET /health', 'GET /web'],
    'koa-hono.mjs': ['GET /admin/panel', 'GET /hono', 'GET /koa', 'GET /sub/item'],
    'koa-hono.cjs': ['GET /admin/panel', 'GET /hono', 'GET /koa', 'GET /sub/item'],
    'hono-koa.mjs': ['GET /hono', 'GET /koa'],
    'two-koa.cjs': ['GET /first', 'GET /second'],
    'three.mjs': ['GET /express', 'GET /hono', 'GET /koa'],
  };
  const lost = {};
  for (const [entry, all] of Object.entries(expected)) {
    const { cwd } = await run(entry);
    const found = Object.values(written(cwd)).flatMap((d) => operations(d)).sort();
    if (JSON.stringify(found) !== JSON.stringify(all)) lost[entry] = { expected: all, found };
  }
  assert.equal(lost, {});
});

test.run();
