// How an app ends under docgen, for each well-known way apps handle signals: the same status,
// the same signal and the same output as under plain node, and the document written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { denoRuntime } from '../scripts/runtimes.js';
import { FIXTURES, REGISTER, ROOT, operations, runApp } from './helpers/run-app.js';

const SCENARIOS = ['none', 'signal-exit-4', 'signal-exit-3', 'signal-exit-3-and-4', 'once-graceful', 'exit-in-handler', 'exit-code', 'signal-exit-and-graceful'];

for (const scenario of SCENARIOS) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    test(`${scenario}, ${signal}: ends as under plain node, with the app's own output, and the document is written`, async () => {
      const options = { env: { SCENARIO: scenario }, waitFor: /listening/, signal };
      const [plain, docgen] = await Promise.all([runApp('signals/app.mjs', { ...options, preload: false }), runApp('signals/app.mjs', options)]);
      const how = (run) => `status ${run.status}, signal ${run.signal}`;
      assert.is(how(docgen), how(plain), `plain node: ${how(plain)}; under docgen: ${how(docgen)}\n${docgen.stderr}`);
      assert.is(docgen.stdout, plain.stdout);
      assert.ok(plain.stdout.startsWith('listening\n'), plain.stdout);
      assert.ok(docgen.document, `no document written:\n${docgen.stderr}`);
      assert.equal(operations(docgen.document), ['GET /ping']);
      assert.not.ok(docgen.document['x-docgen-incomplete']);
    });
  }
}

test('signal-exit 4: the issue\'s app ends on SIGINT with 130 semantics and prints "cleanup ran" under docgen', async () => {
  const run = await runApp('signals/app.mjs', { env: { SCENARIO: 'signal-exit-4' }, waitFor: /listening/, signal: 'SIGINT' });
  assert.is(run.signal, 'SIGINT', `status ${run.status} signal ${run.signal}`);
  assert.match(run.stdout, 'cleanup ran');
  assert.match(run.stderr, /wrote openapi\.json: 1 operation from 1 app/);
});

// Deno's node compatibility: the same cases, plain Deno against Deno with docgen's preload. Only
// on the suite's first run (DOCGEN_TEST_NODE unset): the apps here run on Deno, not on that
// Node, so the Node 22 and 24 runs leave them out rather than count them as skipped.
const deno = denoRuntime();
for (const scenario of process.env.DOCGEN_TEST_NODE ? [] : SCENARIOS) {
  (deno ? test : test.skip)(`Deno, ${scenario}, SIGINT: ends as under plain Deno, and the document is written`, async () => {
    const [plain, docgen] = await Promise.all([runDeno(scenario, false), runDeno(scenario, true)]);
    assert.is(`status ${docgen.status}, signal ${docgen.signal}`, `status ${plain.status}, signal ${plain.signal}`, docgen.stderr);
    assert.is(docgen.stdout, plain.stdout);
    assert.ok(docgen.document, `no document written:\n${docgen.stderr}`);
    assert.equal(operations(docgen.document), ['GET /ping']);
  });
}

function runDeno(scenario, preload) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-deno-signals-'));
  const args = ['run', '-A', `--config=${join(ROOT, 'deno.json')}`, ...(preload ? ['--preload', REGISTER] : []), join(FIXTURES, 'signals/app.mjs')];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(deno.path, args, { cwd, env: { ...process.env, NO_COLOR: '1', SCENARIO: scenario }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Deno ${scenario} did not end\n${stdout}\n${stderr}`));
    }, 60000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!signalled && stdout.includes('listening')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const output = join(cwd, 'openapi.json');
      resolvePromise({ status, signal, stdout, stderr, document: existsSync(output) ? JSON.parse(readFileSync(output, 'utf8')) : undefined });
    });
  });
}

test.run();
