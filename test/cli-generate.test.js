// `docgen generate` end to end: a real child process running the example apps and fixtures in
// introspection mode, real files written, and each failure with its error code and exit code.
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { spawn } from 'node:child_process';
import { CLI, docgen, errorLine } from './helpers/cli.js';
import { FIXTURES, NODE, ROOT } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'docgen-cli-'));
const fixture = (name) => join(FIXTURES, 'cli', name);
const read = (path) => readFileSync(path, 'utf8');
const operationsOf = (document) => Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();

/** Holds a port, so that an app that really listened on it would fail with EADDRINUSE. */
function occupyPort() {
  return new Promise((resolvePromise) => {
    const server = createServer().listen(0, '0.0.0.0', () => resolvePromise({ port: server.address().port, close: () => server.close() }));
  });
}

test('the Express example, every format, on a port that is taken: nothing is bound, all files written', async () => {
  const dir = scratch();
  const held = await occupyPort();
  try {
    const run = await docgen(
      ['generate', 'examples/express/app.ts', '-o', join(dir, 'api'), '-f', 'json,yaml', '--format', 'markdown', '-f', 'html', '--title', 'Bookshop', '--api-version', '2.1.0', '--server', 'http://localhost:3000', '--server', '/v1'],
      { env: { PORT: String(held.port) } },
    );
    assert.is(run.code, 0, run.stderr);
    const document = JSON.parse(read(join(dir, 'api.json')));
    await assertValidOpenApi(document);
    assert.equal(document.info, { title: 'Bookshop', version: '2.1.0' });
    assert.equal(document.servers, [{ url: 'http://localhost:3000' }, { url: '/v1' }]);
    assert.equal(Object.keys(document).slice(0, 4), ['openapi', 'info', 'servers', 'paths']);
    assert.ok(operationsOf(document).includes('GET /shops/{shopId}/books/{bookId}'), operationsOf(document).join('\n'));
    assert.equal(YAML.parse(read(join(dir, 'api.yaml'))), document);
    assert.match(read(join(dir, 'api.md')), '/shops/{shopId}/books/{bookId}');
    assert.match(read(join(dir, 'api.html')), '<html');
    assert.ok(existsSync(join(dir, 'api.trace.json')), 'the trace goes beside the outputs');
    const summary = run.stderr.trim().split('\n').pop();
    assert.match(summary, /^docgen: wrote .*api\.json, .*api\.yaml, .*api\.md, .*api\.html: \d+ operations from 1 app; trace: .*api\.trace\.json \[[0-9a-f]{32}\]$/);
  } finally {
    held.close();
  }
});

test('an app that serves forever: the command ends once start-up settles, with routes added after listen()', async () => {
  const dir = scratch();
  const held = await occupyPort();
  try {
    const run = await docgen(['generate', fixture('serves-forever.mjs'), '-o', join(dir, 'openapi.json')], { env: { PORT: String(held.port) } });
    assert.is(run.code, 0, run.stderr);
    assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
    assert.equal(operationsOf(JSON.parse(read(join(dir, 'openapi.json')))), ['GET /items', 'GET /late']);
    assert.not.match(run.stderr, 'listening on', "the app's own output is shown with --verbose only");
  } finally {
    held.close();
  }
  const verbose = await docgen(['generate', fixture('serves-forever.mjs'), '-o', join(dir, 'v.json'), '--verbose'], { env: { PORT: '1' } });
  assert.is(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stderr, 'listening on 1', 'listen() reports the port it was asked for');
  assert.match(verbose.stderr, 'introspection: listen(port 1) bound nothing');
});

for (const [example, expected] of [
  ['examples/koa/app.js', 'GET /posts/{id}'],
  ['examples/hono/app.ts', 'GET /api/todos/{id}'],
]) {
  test(`${example}: YAML and OpenAPI 3.0 valid against the official 3.0 schema`, async () => {
    const dir = scratch();
    const run = await docgen(['generate', example, '-o', join(dir, 'spec.yaml'), '--openapi', '3.0'], { env: { PORT: '8080' } });
    assert.is(run.code, 0, run.stderr);
    const document = YAML.parse(read(join(dir, 'spec.yaml')));
    assert.is(document.openapi, '3.0.3');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
    assert.is(validator.version, '3.0');
    assert.ok(operationsOf(document).includes(expected), operationsOf(document).join('\n'));
  });
}

test('the same app gives byte-identical files on every run', async () => {
  const outputs = [];
  for (let i = 0; i < 2; i++) {
    const dir = scratch();
    const run = await docgen(['generate', 'examples/express/app.ts', '-o', join(dir, 'api'), '-f', 'json,yaml,markdown,html']);
    assert.is(run.code, 0, run.stderr);
    outputs.push(['json', 'yaml', 'md', 'html'].map((ext) => read(join(dir, `api.${ext}`))));
  }
  assert.equal(outputs[1], outputs[0]);
});

test('-o - writes the document to stdout, and arguments after -- reach the app', async () => {
  const run = await docgen(['generate', fixture('with-args.mjs'), '-o', '-', '--', 'alpha', 'beta']);
  assert.is(run.code, 0, run.stderr);
  assert.equal(operationsOf(JSON.parse(run.stdout)), ['GET /alpha', 'GET /beta']);
});

test('settings from docgen.config.json, then package.json "docgen"; flags win', async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'docgen.config.json'), JSON.stringify({ entry: join(ROOT, 'examples/express/app.ts'), output: 'out/api', format: ['yaml'], title: 'From config' }));
  let run = await docgen(['generate'], { cwd: dir });
  assert.is(run.code, 0, run.stderr);
  assert.is(YAML.parse(read(join(dir, 'out/api.yaml'))).info.title, 'From config');
  run = await docgen(['generate', '--title', 'From flag', '-f', 'json'], { cwd: dir });
  assert.is(run.code, 0, run.stderr);
  assert.is(JSON.parse(read(join(dir, 'out/api.json'))).info.title, 'From flag');

  const pkgDir = scratch();
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: 'shop', docgen: { entry: fixture('with-args.mjs'), output: 'spec.json', servers: 'https://api.example.com' } }));
  run = await docgen(['generate', '--', 'x'], { cwd: pkgDir });
  assert.is(run.code, 0, run.stderr);
  assert.equal(JSON.parse(read(join(pkgDir, 'spec.json'))).servers, [{ url: 'https://api.example.com' }]);

  writeFileSync(join(dir, 'docgen.config.json'), JSON.stringify({ entry: 'app.js', colour: 'red' }));
  run = await docgen(['generate'], { cwd: dir });
  assert.is(run.code, 2);
  assert.match(errorLine(run.stderr), /^docgen error DOCGEN_CONFIG_INVALID: the config docgen\.config\.json: unknown key "colour"/);
});

const FAILURES = [
  ['a missing entry', () => ['generate', 'nope/app.ts'], 3, /DOCGEN_ENTRY_NOT_FOUND: the entry nope\/app\.ts does not exist$/],
  ['a directory as the entry', () => ['generate', 'examples'], 3, /DOCGEN_ENTRY_NOT_FOUND: the entry examples is not a file/],
  ['an app that throws during start-up', () => ['generate', fixture('throws.mjs'), '-o', join(scratch(), 'x.json')], 4, /DOCGEN_APP_THREW: the app threw during start-up: Error: cannot reach the database at db:5432$/],
  ['an app that exits with a status', () => ['generate', fixture('exits.cjs'), '-o', join(scratch(), 'x.json')], 4, /DOCGEN_APP_EXITED: the app exited with status 3 during start-up$/],
  ['a script with no app', () => ['generate', fixture('no-app.mjs'), '-o', join(scratch(), 'x.json')], 5, /DOCGEN_NO_APP: no Express, Koa or Hono app found in .*no-app\.mjs: it loaded none of/],
  ['an app that never settles', () => ['generate', fixture('never-settles.mjs'), '--timeout', '1s', '-o', join(scratch(), 'x.json')], 6, /DOCGEN_TIMEOUT: the app's start-up did not settle within 1s/],
  ['an unknown flag', () => ['generate', 'examples/express/app.ts', '--colour'], 2, /DOCGEN_USAGE: Unknown option '--colour'/],
  ['an unknown format', () => ['generate', 'examples/express/app.ts', '-f', 'pdf'], 2, /DOCGEN_USAGE: unknown format "pdf"/],
  ['a bad --openapi', () => ['generate', 'examples/express/app.ts', '--openapi', '2.0'], 2, /DOCGEN_USAGE: --openapi must be 3\.1 or 3\.0/],
  ['a bad --timeout', () => ['generate', 'examples/express/app.ts', '--timeout', 'soon'], 2, /DOCGEN_USAGE: --timeout takes a duration/],
  ['an unknown command', () => ['generat'], 2, /DOCGEN_USAGE: unknown command "generat"/],
];

for (const [name, args, code, message] of FAILURES) {
  test(`${name}: exit ${code} and one clear error line`, async () => {
    const run = await docgen(args());
    assert.is(run.code, code, run.stderr);
    assert.match(errorLine(run.stderr), message, run.stderr);
  });
}

test('the failing app: its stack is shown, and no output is written', async () => {
  const dir = scratch();
  const run = await docgen(['generate', fixture('throws.mjs'), '-o', join(dir, 'x.json')]);
  assert.is(run.code, 4);
  assert.match(run.stderr, /throws\.mjs:6/);
  assert.not.ok(existsSync(join(dir, 'x.json')));
  const exited = await docgen(['generate', fixture('exits.cjs'), '-o', join(dir, 'y.json')]);
  assert.match(exited.stderr, 'DATABASE_URL is not set', "the app's last output explains the exit");
});

test('an unwritable output: exit 7, the reason named', async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'file'), '');
  let run = await docgen(['generate', 'examples/express/app.ts', '-o', join(dir, 'file', 'api.json')]);
  assert.is(run.code, 7, run.stderr);
  assert.match(errorLine(run.stderr), /DOCGEN_OUTPUT_UNWRITABLE: cannot write .*file\/api\.json: (ENOTDIR|EEXIST)/);
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    run = await docgen(['generate', 'examples/express/app.ts', '-o', join(locked, 'api.json')]);
    assert.is(run.code, 7, run.stderr);
  }
});

test('--log-format json: every stderr line is a JSON record; --quiet keeps only problems', async () => {
  const dir = scratch();
  let run = await docgen(['generate', 'examples/express/app.ts', '-o', join(dir, 'a.json'), '--log-format', 'json', '--performance-metrics']);
  assert.is(run.code, 0, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.ok(lines.every((line) => line.startsWith('{')), run.stderr);
  const records = lines.map((line) => JSON.parse(line));
  assert.ok(records.every((r) => r.logger === 'docgen' && typeof r.level === 'string'));
  assert.ok(records.some((r) => /^performance docgen\.spec\.build: 1x, total /.test(r.message)), 'the preload\'s step metrics');
  assert.ok(records.some((r) => /^performance docgen\.generate: total \d+ ms/.test(r.message)));
  run = await docgen(['generate', 'examples/express/app.ts', '-o', join(dir, 'b.json'), '--quiet']);
  assert.is(run.code, 0);
  assert.is(run.stderr, '');
  run = await docgen(['generate', 'nope.js', '--log-format', 'json']);
  const error = JSON.parse(run.stderr.trim());
  assert.equal([error.level, error.code], ['error', 'DOCGEN_ENTRY_NOT_FOUND']);
});

// `script` gives the command a real terminal (a pseudo-terminal), as a person has.
test('at a terminal: a progress line while the app starts, colour unless NO_COLOR', async () => {
  const dir = scratch();
  const inTerminal = (env) =>
    new Promise((resolvePromise) => {
      const command = [NODE, CLI, 'generate', fixture('slow-start.mjs'), '-o', join(dir, 'api.json')].map((part) => `'${part}'`).join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, NODE_OPTIONS: '', TERM: 'xterm', ...env } });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => resolvePromise({ code, out }));
    });
  const coloured = await inTerminal({});
  assert.is(coloured.code, 0, coloured.out);
  assert.match(coloured.out, /running .*slow-start\.mjs in introspection mode \S*\d\.\ds/);
  assert.match(coloured.out, '\u001b[1mdocgen:\u001b[22m wrote');
  const plain = await inTerminal({ NO_COLOR: '1' });
  assert.is(plain.code, 0, plain.out);
  assert.match(plain.out, 'in introspection mode');
  assert.not.match(plain.out, '\u001b[1m');
});

test.run();
