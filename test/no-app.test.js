// With NODE_OPTIONS="--import docgen/register" every node process gets the preload: npm itself,
// build scripts, test workers. A process that loads no framework is no app: docgen writes
// nothing and prints nothing there, and the app's document and trace stay the app's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIXTURES, REGISTER, ROOT, runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';

const preloaded = { NODE_OPTIONS: `--import ${REGISTER}` };
const freshDir = () => mkdtempSync(join(tmpdir(), 'docgen-no-app-'));

test('node -e 1 under NODE_OPTIONS: nothing printed, nothing written', () => {
  const cwd = freshDir();
  const run = spawnSync(process.execPath, ['-e', '1'], { cwd, env: { ...process.env, ...preloaded }, encoding: 'utf8' });
  assert.is(run.status, 0);
  assert.is(run.stdout, '');
  assert.is(run.stderr, '');
  assert.equal(readdirSync(cwd), []);
});

test('a script that loads no framework: only its own output, no files', async () => {
  const cwd = freshDir();
  const run = await runApp('no-app/script.mjs', { cwd });
  assert.is(run.status, 0);
  assert.is(run.stdout, 'read true\n');
  assert.is(run.stderr, '');
  assert.equal(readdirSync(cwd), []);
});

test('npm run start under NODE_OPTIONS: npm\'s own process prints and writes nothing; the trace is the app\'s', () => {
  const cwd = freshDir();
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'npm-started', version: '1.0.0', type: 'module', scripts: { start: 'node app.mjs' }, dependencies: { express: '*' } }));
  copyFileSync(join(FIXTURES, 'no-app/app.mjs'), join(cwd, 'app.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
  // npm's scripts run `node` from PATH: the Node this suite runs on.
  const env = { ...process.env, ...preloaded, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_update_notifier: 'false' };
  const run = spawnSync('npm', ['run', '--silent', 'start'], { cwd, env, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, 'served\n');
  const docgenLines = run.stderr.split('\n').filter((line) => line.startsWith('docgen'));
  assert.is(docgenLines.length, 1, run.stderr);
  assert.match(docgenLines[0], /^docgen: wrote openapi\.json: 1 operation from 1 app; trace: openapi\.trace\.json \[[0-9a-f]{32}\]$/);
  assert.equal(readdirSync(cwd).filter((f) => f.startsWith('openapi')).sort(), ['openapi.json', 'openapi.trace.json']);
  const spans = spansOf(readTrace(cwd));
  const session = spans.find((s) => s.name === 'docgen.session');
  assert.is(session.attributes['docgen.entry'], join(cwd, 'app.mjs'));
  assert.ok(spans.some((s) => s.name === 'docgen.discover'), 'the app\'s discovery is in the trace');
  assert.ok(docgenLines[0].includes(session.traceId), 'the log line and the trace file are the same run');
});

test('a framework loaded but no app created: the warning stays, and no trace is written without a document', async () => {
  const run = await runApp('lifecycle/no-app.cjs');
  assert.match(run.stderr, /no app was created; no document written to openapi\.json/);
  assert.equal(readdirSync(run.cwd), []);
});

test('an app that registers no route: the document is written, and a warning says it is empty', async () => {
  const run = await runApp('no-app/no-routes.mjs');
  assert.is(run.status, 0);
  assert.equal(run.document.paths, {});
  assert.match(run.stderr, /docgen warning: the express app created at \S*no-routes\.mjs:3 registered no route: openapi\.json has no operations/);
  const routed = await runApp('no-app/no-routes.mjs', { env: { ENABLE_ROUTES: '1' } });
  assert.not.match(routed.stderr, 'warning');
});

test.run();
