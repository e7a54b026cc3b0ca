// `docgen diff`, `validate` and `tests` end to end, on documents the command itself generated
// from real apps, plus what every command owes a person at a terminal: help, version, colour.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { docgen, errorLine } from './helpers/cli.js';
import { FIXTURES, NODE, REGISTER, ROOT } from './helpers/run-app.js';
import { send } from './helpers/http.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'docgen-cli-'));
const WITH_ARGS = join(FIXTURES, 'cli', 'with-args.mjs');
const ESC = '\u001b[';

async function generated(dir, name, ...routes) {
  const path = join(dir, name);
  const run = await docgen(['generate', WITH_ARGS, '-o', path, '--', ...routes]);
  assert.is(run.code, 0, run.stderr);
  return path;
}

test('diff: a removed operation is breaking; --fail-on breaking exits 1; Markdown and JSON', async () => {
  const dir = scratch();
  const before = await generated(dir, 'v1.json', 'books', 'authors');
  const after = await generated(dir, 'v2.yaml', 'books', 'reviews');
  const run = await docgen(['diff', before, after]);
  assert.is(run.code, 0, run.stderr);
  const breaking = run.stdout.slice(run.stdout.search(/breaking/i));
  assert.match(breaking, '/authors');
  assert.match(run.stdout, '/reviews');
  assert.match(run.stderr, /^docgen: operations: 1 added, 1 removed, 0 changed; 1 breaking change, 1 non-breaking change$/m);

  const gate = await docgen(['diff', before, after, '--fail-on', 'breaking', '-f', 'json', '-o', join(dir, 'changes.json')]);
  assert.is(gate.code, 1, gate.stderr);
  assert.match(errorLine(gate.stderr), /DOCGEN_BREAKING_CHANGES: 1 breaking change \(--fail-on breaking\)/);
  const changes = JSON.parse(readFileSync(join(dir, 'changes.json'), 'utf8'));
  const removed = changes.changes.find((c) => c.rule === 'operation-removed');
  assert.equal([removed.severity, removed.method, removed.path], ['breaking', 'get', '/authors']);

  const added = await docgen(['diff', before, await generated(dir, 'v3.json', 'books', 'authors', 'reviews'), '--fail-on', 'breaking']);
  assert.is(added.code, 0, 'adding an operation is not breaking');
  const same = await docgen(['diff', before, before, '--fail-on', 'any']);
  assert.is(same.code, 0);
  assert.match(same.stdout, 'No differences.');
  assert.match(same.stderr, /^docgen: operations: 0 added, 0 removed, 0 changed; 0 breaking changes, 0 non-breaking changes$/m);
  // One changed operation and one non-breaking change: counted in the singular.
  const described = YAML.parse(readFileSync(after, 'utf8'));
  const [path, item] = Object.entries(described.paths)[0];
  described.paths[path] = { ...item, get: { ...item.get, parameters: [...(item.get.parameters ?? []), { name: 'verbose', in: 'query', schema: { type: 'boolean' } }] } };
  writeFileSync(join(dir, 'v2-described.json'), JSON.stringify(described));
  const one = await docgen(['diff', after, join(dir, 'v2-described.json')]);
  assert.is(one.code, 0, one.stderr);
  assert.match(one.stderr, /^docgen: operations: 0 added, 0 removed, 1 changed; 0 breaking changes, 1 non-breaking change$/m);
});

test('diff and validate: bad input files each give exit 3 and say what is wrong', async () => {
  const dir = scratch();
  const good = await generated(dir, 'good.json', 'a');
  writeFileSync(join(dir, 'broken.json'), '{\n  "openapi": "3.1.0",\n  "paths": {\n}');
  writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.1.0\npaths:\n  /a: [unclosed\n');
  writeFileSync(join(dir, 'swagger.json'), JSON.stringify({ swagger: '2.0', info: {}, paths: {} }));
  mkdirSync(join(dir, 'folder.json'));
  const cases = [
    [['diff', join(dir, 'missing.json'), good], /DOCGEN_INPUT_NOT_FOUND: cannot read .*missing\.json: ENOENT/],
    [['diff', good, join(dir, 'broken.json')], /DOCGEN_INVALID_DOCUMENT: .*broken\.json.*line \d+/],
    [['validate', join(dir, 'broken.yaml')], /DOCGEN_INVALID_DOCUMENT: .*broken\.yaml.*line \d+/],
    [['validate', join(dir, 'folder.json')], /DOCGEN_INPUT_IS_DIRECTORY: .*folder\.json is a directory/],
    [['validate', join(dir, 'swagger.json')], /DOCGEN_INVALID_DOCUMENT: .*Swagger 2\.0/],
    [['tests', join(dir, 'missing.yaml'), '-o', join(dir, 't.js')], /DOCGEN_INPUT_NOT_FOUND/],
  ];
  for (const [args, message] of cases) {
    const run = await docgen(args);
    assert.is(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
    assert.match(errorLine(run.stderr), message, run.stderr);
  }
  const unwritable = await docgen(['diff', good, good, '-o', join(dir, 'folder.json')]);
  assert.is(unwritable.code, 7, unwritable.stderr);
  assert.match(errorLine(unwritable.stderr), /DOCGEN_OUTPUT_UNWRITABLE: cannot write .*folder\.json/);
});

test('every error line names its code once, as text and as a JSON record', async () => {
  const dir = scratch();
  const good = await generated(dir, 'good.json', 'a');
  writeFileSync(join(dir, 'broken.json'), '{\n  "openapi": "3.1.0",\n  "paths": {\n}');
  writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.1.0\npaths:\n  /a: [unclosed\n');
  writeFileSync(join(dir, 'list.yaml'), '- openapi: 3.1.0\n');
  writeFileSync(join(dir, 'swagger.json'), JSON.stringify({ swagger: '2.0', info: {}, paths: {} }));
  writeFileSync(join(dir, 'bad-config.json'), '{ "format": ');
  writeFileSync(join(dir, 'file'), '');
  mkdirSync(join(dir, 'folder.json'));
  const cases = [
    ['DOCGEN_INVALID_DOCUMENT', ['validate', join(dir, 'broken.json')]],
    ['DOCGEN_INVALID_DOCUMENT', ['validate', join(dir, 'broken.yaml')]],
    ['DOCGEN_INVALID_DOCUMENT', ['diff', good, join(dir, 'list.yaml')]],
    ['DOCGEN_INVALID_DOCUMENT', ['tests', join(dir, 'broken.json'), '-o', join(dir, 't.mjs')]],
    ['DOCGEN_INVALID_DOCUMENT', ['validate', join(dir, 'swagger.json')]],
    ['DOCGEN_INPUT_NOT_FOUND', ['validate', join(dir, 'missing.json')]],
    ['DOCGEN_INPUT_IS_DIRECTORY', ['diff', join(dir, 'folder.json'), good]],
    ['DOCGEN_OUTPUT_UNWRITABLE', ['diff', good, good, '-o', join(dir, 'file', 'changes.md')]],
    ['DOCGEN_CONFIG_INVALID', ['generate', WITH_ARGS, '--config', join(dir, 'bad-config.json')]],
    ['DOCGEN_CONFIG_INVALID', ['generate', WITH_ARGS, '--config', join(dir, 'no-config.json')]],
    ['DOCGEN_ENTRY_NOT_FOUND', ['generate', join(dir, 'missing.mjs')]],
    ['DOCGEN_APP_THREW', ['generate', join(FIXTURES, 'cli', 'throws.mjs'), '-o', join(dir, 'x.json')]],
    ['DOCGEN_USAGE', ['validate', good, '--format', 'xml']],
  ];
  for (const [code, args] of cases) {
    const label = `docgen ${args.join(' ')}`;
    const text = await docgen(args);
    const line = errorLine(text.stderr);
    assert.ok(line.startsWith(`docgen error ${code}: `), `${label}: ${text.stderr}`);
    assert.is(line.split(code).length - 1, 1, `${label}: the code is repeated: ${line}`);
    assert.not.match(line.slice(`docgen error ${code}: `.length), /^[A-Z][A-Z_]+: /, `${label}: the message starts with another code: ${line}`);

    const json = await docgen([...args, '--log-format', 'json']);
    const record = json.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((r) => r.level === 'error');
    assert.ok(record, `${label} --log-format json: ${json.stderr}`);
    assert.is(record.code, code);
    assert.not.match(record.message, code, `${label} --log-format json: the message repeats the code: ${record.message}`);
  }
});

test('validate: a generated document is valid; schema errors and duplicate operationIds exit 1', async () => {
  const dir = scratch();
  const good = await generated(dir, 'good.yaml', 'a', 'b');
  let run = await docgen(['validate', good]);
  assert.is(run.code, 0, run.stdout + run.stderr);

  const document = YAML.parse(readFileSync(good, 'utf8'));
  document.paths['/b'].get.operationId = document.paths['/a'].get.operationId;
  writeFileSync(join(dir, 'dup.json'), JSON.stringify(document));
  run = await docgen(['validate', join(dir, 'dup.json'), '-f', 'json']);
  assert.is(run.code, 1);
  const report = JSON.parse(run.stdout);
  assert.ok(report.findings.some((f) => f.severity === 'error' && /duplicate/i.test(f.rule)), run.stdout);

  delete document.info;
  writeFileSync(join(dir, 'noinfo.json'), JSON.stringify(document));
  run = await docgen(['validate', join(dir, 'noinfo.json')]);
  assert.is(run.code, 1);
  assert.match(run.stdout, 'info');
});

test('tests: the generated suite passes against the real running app', async () => {
  const dir = scratch();
  const spec = join(dir, 'openapi.json');
  let run = await docgen(['generate', 'examples/express/app.ts', '-o', spec]);
  assert.is(run.code, 0, run.stderr);
  const suite = join(ROOT, 'test', 'fixtures', 'cli', '.out', `smoke-${process.pid}.test.js`);
  run = await docgen(['tests', spec, '-o', suite]);
  assert.is(run.code, 0, run.stderr);
  const operations = Object.values(JSON.parse(readFileSync(spec, 'utf8')).paths).reduce((n, item) => n + Object.keys(item).length, 0);
  assert.match(run.stderr, `${operations} tests`);

  const port = 20000 + (process.pid % 20000);
  const app = spawn(NODE, [join(ROOT, 'examples/express/app.ts')], { env: { ...process.env, PORT: String(port), NODE_OPTIONS: `--import ${REGISTER}`, DOCGEN_OUTPUT: join(dir, 'served.json') }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise((resolvePromise, reject) => {
      app.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolvePromise());
      app.on('exit', (code) => reject(new Error(`the example exited with ${code}`)));
    });
    await send(port, 'GET', '/health');
    const result = await new Promise((resolvePromise) => {
      const child = spawn(NODE, [suite], { env: { ...process.env, DOCGEN_BASE_URL: `http://127.0.0.1:${port}` } });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      child.on('close', (code) => resolvePromise({ code, out }));
    });
    assert.is(result.code, 0, result.out);
    assert.match(result.out, new RegExp(`Passed:\\s+${operations}\\b`));
  } finally {
    app.kill('SIGTERM');
  }
});

test('help on every command, the version, and the usage error with no command', async () => {
  for (const command of ['generate', 'diff', 'validate', 'tests']) {
    const run = await docgen([command, '--help']);
    assert.is(run.code, 0);
    assert.match(run.stdout, `Usage: docgen ${command}`);
    assert.match(run.stdout, 'Exit codes:');
    const viaHelp = await docgen(['help', command]);
    assert.is(viaHelp.stdout, run.stdout);
  }
  const version = await docgen(['--version']);
  assert.is(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const none = await docgen([]);
  assert.is(none.code, 2);
  assert.match(none.stdout, 'Commands:');
});

test('colour: FORCE_COLOR turns it on, NO_COLOR wins, a pipe has none', async () => {
  const dir = scratch();
  const doc = await generated(dir, 'a.json', 'a');
  const plain = await docgen(['diff', doc, doc]);
  assert.not.match(plain.stderr, ESC);
  const forced = await docgen(['diff', doc, doc], { env: { FORCE_COLOR: '1' } });
  assert.match(forced.stderr, ESC);
  const refused = await docgen(['diff', doc, doc], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.not.match(refused.stderr, ESC);
});

test.run();
