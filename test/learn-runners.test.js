// Learning from an app's own tests under the test runners apps use (issue 14), with the real
// runners: `docgen learn -- vitest run` (forks, vitest's default, and worker threads, which
// vitest terminates with no exit event) and `docgen learn -- jest` (Jest 30, and 29, evaluate the
// app's modules in a registry of their own: docgen follows it), supertest against Express 5 and Koa 3
// and Hono's app.request(), on test/fixtures/learn-runners (a users API without any validator).
// Each run's document is what a user reads: schemas, parameters, statuses, security, learned; and
// the same requests give the same bytes whatever the runner.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docgen, errorLine } from './helpers/cli.js';
import { FIXTURES, NODE, ROOT, runApp } from './helpers/run-app.js';

const FIXTURE = join(FIXTURES, 'learn-runners');
const VITEST = [NODE, join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', FIXTURE];
const JEST = [NODE, join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'];
const JEST29 = [NODE, join(ROOT, 'node_modules', 'jest29', 'bin', 'jest.js'), '--ci'];
const schema = (part, type = 'application/json') => part?.content?.[type]?.schema;

const USER = {
  type: 'object',
  properties: { createdAt: { type: 'string', format: 'date-time' }, email: { type: 'string', format: 'email' }, id: { type: 'integer' }, name: { type: 'string' } },
  required: ['createdAt', 'email', 'id', 'name'],
};
const ERROR = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

/** `docgen learn -- <command>` in a folder of its own (where Jest finds its config); the run, its document and the folder's files. */
async function learn(command, env) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-runners-'));
  writeFileSync(join(cwd, 'jest.config.cjs'), `module.exports = require(${JSON.stringify(join(FIXTURE, 'jest.config.cjs'))});\n`);
  const run = await docgen(['learn', '--', ...command], { cwd, env: { NO_COLOR: '1', ...env }, timeout: 180000 });
  const file = join(cwd, 'openapi.json');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  return { ...run, cwd, text, document: text && JSON.parse(text), files: readdirSync(cwd).filter((name) => name.startsWith('openapi')).sort() };
}

/** What traffic.cjs's six requests teach, on any framework. */
function assertLearned(run) {
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stderr, /docgen: learned from 6 exchanges in 1 process: wrote openapi\.json; openapi\.learned\.json holds 4 operations from 6 exchanges so far/);
  const doc = run.document;
  const list = doc.paths['/users'].get;
  // `page` is read by the handler's code (no type known there: traffic gives it); `limit` only traffic shows.
  assert.equal(list.parameters.map((p) => [p.in, p.name, p.required, p.schema]), [['query', 'page', true, { type: 'integer' }], ['query', 'limit', true, { type: 'integer' }]]);
  assert.equal(schema(list.responses['200']), { type: 'object', properties: { items: { type: 'array', items: USER }, page: { type: 'integer' } }, required: ['page', 'items'] });
  const read = doc.paths['/users/{id}'].get;
  assert.equal(read.parameters.map((p) => [p.in, p.name, p.schema]), [['path', 'id', { type: 'integer' }]]);
  assert.equal(schema(read.responses['200']), USER);
  assert.equal(schema(read.responses['404']), ERROR);
  const create = doc.paths['/users'].post;
  // The request answered 400 does not widen the request body.
  assert.equal(schema(create.requestBody), {
    type: 'object',
    properties: { admin: { type: 'boolean' }, email: { type: 'string', format: 'email' }, name: { type: 'string' } },
    required: ['admin', 'email', 'name'],
  });
  assert.equal(Object.keys(create.responses), ['201', '400']);
  assert.equal(schema(create.responses['400']), ERROR);
  const remove = doc.paths['/users/{id}'].delete;
  // 401: the handler's code sends it (traffic only showed the authorized request).
  assert.equal(Object.keys(remove.responses), ['204', '401']);
  assert.equal(schema(remove.responses['401']), ERROR);
  assert.is(remove.responses['204'].content, undefined);
  assert.equal(remove.security, [{ bearerAuth: [] }]);
  assert.equal(doc.components.securitySchemes, { bearerAuth: { type: 'http', scheme: 'bearer', 'x-docgen-learned': true } });
  assert.is(read.security, undefined);
  // The runner is not the app: the document is not named after it.
  assert.equal(doc.info, { title: 'API', version: '0.0.0' });
  for (const name of run.files) assert.not.match(readFileSync(join(run.cwd, name), 'utf8'), 's3cr3t');
}

for (const framework of ['express5', 'koa3', 'hono']) {
  const calls = framework === 'hono' ? "Hono's app.request()" : 'supertest';
  test(`${framework}: ${calls} under vitest (forks) and under Jest 30 learn the document, the same bytes from both`, async () => {
    const [vitest, jest] = await Promise.all([learn(VITEST, { FRAMEWORK: framework }), learn([...JEST, 'users.jest'], { FRAMEWORK: framework })]);
    assertLearned(vitest);
    assert.match(vitest.stdout, /Tests\s+6 passed/);
    assertLearned(jest);
    assert.match(jest.stderr, /Tests:\s+6 passed, 6 total/);
    assert.is(jest.text, vitest.text);
  });
}

test("vitest --pool=threads: the workers vitest terminates still write what they learned (docgen finishes them first)", async () => {
  const [threads, forks] = await Promise.all([learn(VITEST, { FRAMEWORK: 'express5', VITEST_POOL: 'threads' }), learn(VITEST, { FRAMEWORK: 'express5' })]);
  assertLearned(threads);
  assert.match(threads.stdout, /Tests\s+6 passed/);
  assert.is(threads.text, forks.text);
  // Not waited for the longest time a worker may take to answer (10 s).
  assert.ok(threads.ms < forks.ms + 8000, `threads ${threads.ms} ms, forks ${forks.ms} ms`);
});

test('Jest 29 (Runtime#_loadModule, before Jest 30 moved it into a loader): the same operations learned as under Jest 30', async () => {
  const [jest29, jest30] = await Promise.all([learn([...JEST29, 'users.jest'], { FRAMEWORK: 'express5' }), learn([...JEST, 'users.jest'], { FRAMEWORK: 'express5' })]);
  assertLearned(jest29);
  assert.match(jest29.stderr, /Tests:\s+6 passed, 6 total/);
  assert.is(JSON.stringify(jest29.document.paths), JSON.stringify(jest30.document.paths));
  assert.equal(jest29.document.components, jest30.document.components);
});

test('Jest, two test files in two worker processes: both learned into one document', async () => {
  const run = await learn([...JEST, '--maxWorkers=2'], { FRAMEWORK: 'express5' });
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stderr, /Tests:\s+7 passed, 7 total/);
  assert.match(run.stderr, /docgen: learned from 7 exchanges in 2 processes: wrote openapi\.json; openapi\.learned\.json holds 4 operations from 7 exchanges so far/);
  assert.equal(Object.keys(run.document.paths['/users/{id}'].delete.responses), ['204', '401']);
  assert.equal(run.document.paths['/users/{id}'].delete['x-docgen-learned'], { exchanges: 2, accepted: 1 });
});

test('Jest in band (-i), two test files in one process: the app made once per test file is one app, one document', async () => {
  const run = await learn([...JEST, '-i'], { FRAMEWORK: 'express5' });
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stderr, /Tests:\s+7 passed, 7 total/);
  assert.match(run.stderr, /docgen: wrote openapi\.json: 4 operations from 1 app/);
  assert.match(run.stderr, /learned from 7 exchanges in 1 process/);
  assert.equal(run.files, ['openapi.json', 'openapi.learned.json', 'openapi.trace.json']);
  assert.equal(Object.keys(run.document.paths['/users/{id}'].delete.responses), ['204', '401']);
});

test('a failing test under Jest: its status is kept, and what was learned is still written', async () => {
  const run = await learn([...JEST, 'users.jest', '-t', 'GET /users/404'], { FRAMEWORK: 'express5', FAIL_ONE: '1' });
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /docgen: learned from 1 exchange in 1 process: wrote openapi\.json/);
  assert.match(run.stderr, /exited with status 1/);
  // 200 from the handler's code; 404 also seen in the one request sent.
  assert.equal(Object.keys(run.document.paths['/users/{id}'].get.responses), ['200', '404']);
  assert.is(run.document.paths['/users/{id}'].get['x-docgen-learned'].exchanges, 1);
});

test('a worker killed 500 ms after SIGTERM (as vitest and Jest do) while its documents are built: the traffic it learned is in the store', async () => {
  // 1,500 handlers of their own, each read for what it sends: the documents take longer to build than the runner waits.
  const dir = mkdtempSync(join(tmpdir(), 'docgen-killed-'));
  const handlers = Array.from({ length: 1500 }, (_, i) => `app.get('/items${i}/:id', (req, res) => {\n  if (!req.query.q) return res.status(404).json({ code: 404, message: 'no item ${i}' });\n  res.status(200).json({ id: req.params.id, n: ${i}, tags: ['a'] });\n});`);
  writeFileSync(join(dir, 'app.cjs'), [
    `const express = require(${JSON.stringify(join(ROOT, 'node_modules', 'express'))});`,
    'const app = express();',
    ...handlers,
    'const server = app.listen(0, async () => {',
    '  const base = `http://127.0.0.1:${server.address().port}`;',
    '  for (const path of [`/items7/1?q=a`, `/items9/2`]) await (await fetch(base + path)).text();',
    "  process.stdout.write('served\\n');",
    '});',
    "process.on('SIGTERM', () => server.close());",
    '',
  ].join('\n'));
  let killed;
  const run = await runApp(join(dir, 'app.cjs'), {
    cwd: dir,
    env: { DOCGEN_LEARN: '1' },
    waitFor: /served/,
    signal: 'SIGTERM',
    onSpawn: (child) => child.stdout.on('data', () => (killed ??= setTimeout(() => child.kill('SIGKILL'), 500))),
  });
  clearTimeout(killed);
  const store = join(dir, 'openapi.learned.json');
  assert.ok(existsSync(store), `no store: what the worker learned is lost\n${run.stderr}`);
  const text = readFileSync(store, 'utf8');
  assert.match(text, '/items7/{id}');
  assert.match(text, '/items9/{id}');
  // The runner's kill came while the documents were being built (none was written): the case this is about.
  assert.is(run.signal, 'SIGKILL', `the worker ended by ${run.signal ?? `status ${run.status}`} before the kill\n${run.stderr}`);
  assert.not.ok(existsSync(join(dir, 'openapi.json')));
});

test('ES module tests under Jest (--experimental-vm-modules): docgen cannot see them, and says so, naming Jest and what to do', async () => {
  const run = await learn(JEST, { JEST_ESM: '1', NODE_OPTIONS: '--experimental-vm-modules' });
  assert.match(run.stderr, /Tests:\s+1 passed, 1 total/);
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(
    errorLine(run.stderr),
    `docgen error DOCGEN_NO_TRAFFIC: no request to an app docgen knows was seen: ${JEST.join(' ')} runs Jest, and no Express, Koa or Hono was loaded where docgen could see it. docgen follows the CommonJS modules Jest 29 and 30 evaluate; ES modules under --experimental-vm-modules, or another Jest's runtime, load the app's modules unseen. Use CommonJS (or a transform to it) with Jest 29 or 30, run the tests with node --test, mocha or vitest, or start the app as a server of its own and send the requests to it`,
  );
  assert.equal(run.files, []);
});

test.run();
