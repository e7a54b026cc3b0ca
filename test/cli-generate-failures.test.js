// `docgen generate` when things go wrong: signalled by pid, a missing or broken entry, an app
// that fails. Each ends with one clear error, and nothing is written or left running.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, docgen, errorLine } from './helpers/cli.js';
import { FIXTURES, NODE } from './helpers/run-app.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'docgen-generate-failures-'));
const fixture = (name) => join(FIXTURES, 'cli-failures', name);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `docgen generate --verbose`, and once the app has printed its pid, signals the command's own pid. */
function signalCommand(signal, env = {}) {
  const cwd = scratch();
  const child = spawn(NODE, [CLI, 'generate', fixture('waits.mjs'), '--verbose', '-o', join(cwd, 'api.json')], { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let appPid;
  let signalledAt;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      if (appPid) process.kill(appPid, 'SIGKILL');
      reject(new Error(`docgen generate did not end after ${signal}\n${stderr}`));
    }, 10000);
    const watch = (chunk) => {
      stderr += chunk;
      const pid = /pid (\d+)/.exec(stderr);
      if (pid && !appPid) {
        appPid = Number(pid[1]);
        signalledAt = Date.now();
        child.kill(signal);
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      resolvePromise({ code, killedBy, stderr, appPid, afterMs: Date.now() - signalledAt, cwd, appRunning: isRunning(appPid) });
    });
  });
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]]) {
  test(`${signal} to the command's pid ends the app within a second, and the command exits ${code}`, async () => {
    const run = await signalCommand(signal);
    assert.ok(run.appPid, run.stderr);
    assert.is(run.code, code, run.stderr);
    assert.not.ok(run.appRunning, `the app (pid ${run.appPid}) is still running`);
    assert.ok(run.afterMs < 1500, `ended ${run.afterMs} ms after the signal`);
    assert.match(errorLine(run.stderr), `DOCGEN_INTERRUPTED: interrupted by ${signal}`);
    assert.equal(readdirSync(run.cwd), []);
  });
}

test('SIGTERM to the command: an app that ignores the signal is still ended within a second', async () => {
  const run = await signalCommand('SIGTERM', { IGNORE_SIGNALS: '1' });
  assert.is(run.code, 143, run.stderr);
  assert.not.ok(run.appRunning, `the app (pid ${run.appPid}) is still running`);
  assert.ok(run.afterMs < 1500, `ended ${run.afterMs} ms after the signal`);
});

test('a missing entry: one error line, no warning, nothing written', async () => {
  const cwd = scratch();
  const run = await docgen(['generate', 'app.mjs'], { cwd });
  assert.is(run.code, 3);
  assert.equal(run.stderr.trim().split('\n'), ['docgen error DOCGEN_ENTRY_NOT_FOUND: the entry app.mjs does not exist']);
  assert.equal(readdirSync(cwd), []);
});

test('a syntax error in an imported ES module: file, line and column named without --verbose; nothing written', async () => {
  const cwd = scratch();
  const run = await docgen(['generate', fixture('syntax-error.mjs'), '-o', join(cwd, 'api.json')], { cwd });
  assert.is(run.code, 4);
  assert.match(errorLine(run.stderr), /DOCGEN_APP_THREW: the app threw during start-up: SyntaxError: /);
  assert.match(run.stderr, /at \S*broken-routes\.mjs:4:46\n/);
  assert.match(run.stderr, "routes.get('/items', (req, res) => res.json([));");
  assert.not.match(run.stderr, /warning/);
  assert.not.match(run.stderr, tmpdir() + '/docgen-generate-');
  assert.equal(readdirSync(cwd), []);
});

test('an app that fails after registering routes: nothing written, not even the trace', async () => {
  const cwd = scratch();
  const run = await docgen(['generate', fixture('throws-after-routes.mjs'), '-o', join(cwd, 'api.json')], { cwd });
  assert.is(run.code, 4);
  assert.match(errorLine(run.stderr), 'Error: no database');
  assert.equal(readdirSync(cwd), []);
});

test('a script with no app: the no-app error only, no warning naming a temporary path', async () => {
  const cwd = scratch();
  const run = await docgen(['generate', join(FIXTURES, 'cli/no-app.mjs'), '-o', join(cwd, 'api.json')], { cwd });
  assert.is(run.code, 5);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(errorLine(run.stderr), 'DOCGEN_NO_APP');
  assert.equal(readdirSync(cwd), []);
});

test.run();
