// The document is written exactly once, whatever way the process ends, and the app's own exit
// status and signal handling are kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

for (const EXPRESS of ['express4', 'express5']) {
  const env = { EXPRESS };

  test(`${EXPRESS}: process.exit(3) writes the document and keeps status 3`, async () => {
    const run = await runApp('lifecycle/process-exit.mjs', { env });
    assert.is(run.status, 3);
    assert.equal(operations(run.document), ['GET /before', 'GET /late']);
    assert.not.ok(run.document['x-docgen-incomplete']);
    await assertValidOpenApi(run.document);
  });

  test(`${EXPRESS}: process.exitCode is kept when the loop runs dry`, async () => {
    const run = await runApp('lifecycle/exit-code.mjs', { env });
    assert.is(run.status, 7);
    assert.equal(operations(run.document), ['GET /before']);
  });

  test(`${EXPRESS}: an app that throws at import fails with its own error; what it registered is written, marked incomplete`, async () => {
    const run = await runApp('lifecycle/throws-at-import.mjs', { env });
    assert.is(run.status, 1);
    assert.match(run.stderr, 'boom at import');
    assert.equal(operations(run.document), ['GET /before']);
    assert.is(run.document['x-docgen-incomplete'], true);
    assert.match(run.stderr, /incomplete/);
    await assertValidOpenApi(run.document);
  });

  test(`${EXPRESS}: an unhandled rejection fails the process and marks the document incomplete`, async () => {
    const run = await runApp('lifecycle/unhandled-rejection.mjs', { env });
    assert.is(run.status, 1);
    assert.match(run.stderr, 'rejected on purpose');
    assert.is(run.document['x-docgen-incomplete'], true);
    assert.equal(operations(run.document), ['GET /before', 'GET /late']);
  });

  test(`${EXPRESS}: an exception the app handles itself does not make the document incomplete`, async () => {
    const run = await runApp('lifecycle/handled-exception.mjs', { env });
    assert.is(run.status, 0);
    assert.match(run.stdout, 'handled caught by the app');
    assert.not.ok(run.document['x-docgen-incomplete']);
    assert.equal(operations(run.document), ['GET /before', 'GET /late']);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    test(`${EXPRESS}: ${signal} to an app without handlers writes the document and the process dies of the signal (${code})`, async () => {
      const run = await runApp('lifecycle/serve.mjs', { env, waitFor: /listening \d+/, signal });
      assert.is(run.signal, signal, `expected death by ${signal}, got status ${run.status} signal ${run.signal}`);
      assert.is(128 + (signal === 'SIGINT' ? 2 : 15), code);
      assert.equal(operations(run.document), ['GET /before', 'GET /late']);
      assert.not.ok(run.document['x-docgen-incomplete']);
    });

    test(`${EXPRESS}: ${signal} to an app with its own handler runs it (graceful shutdown), then writes`, async () => {
      const run = await runApp('lifecycle/graceful.mjs', { env, waitFor: /listening \d+/, signal });
      assert.is(run.signal, null);
      assert.is(run.status, 0);
      assert.match(run.stdout, `graceful ${signal}`);
      assert.match(run.stdout, 'closed');
      assert.equal(operations(run.document), ['GET /before', 'GET /late']);
    });
  }

  test(`${EXPRESS}: an unwritable output path gives one clear error line and leaves the exit status alone`, async () => {
    const blocked = await runApp('lifecycle/exit-code.mjs', {
      env: { ...env, DOCGEN_OUTPUT: 'blocker/openapi.json' },
      cwd: makeCwdWithFile('blocker'),
    });
    assert.is(blocked.status, 7);
    const lines = blocked.stderr.split('\n').filter((l) => l.includes('cannot write'));
    assert.is(lines.length, 1, blocked.stderr);
    assert.match(lines[0], join(blocked.cwd, 'blocker/openapi.json'));
    assert.match(lines[0], /ENOTDIR|EEXIST/);
    assert.is(blocked.text, undefined);
  });

  test(`${EXPRESS}: an app that never creates an Express app writes nothing and says why`, async () => {
    const run = await runApp('lifecycle/no-app.cjs', { env });
    assert.is(run.status, 0);
    assert.is(run.text, undefined);
    assert.match(run.stderr, /no app was created; no document written/);
  });
}

test('DOCGEN_OUTPUT chooses the path, relative to the working directory', async () => {
  const run = await runApp('lifecycle/exit-code.mjs', { env: { DOCGEN_OUTPUT: 'out/api.json' } });
  assert.ok(run.output.endsWith('/out/api.json'));
  assert.equal(operations(run.document), ['GET /before']);
  assert.match(run.stderr, 'wrote out/api.json: 1 operation from 1 app');
});

test('docgen/register imported after Express: a warning says so instead of a silent empty document', async () => {
  const run = await runApp('lifecycle/late-register.mjs', { preload: false });
  assert.is(run.status, 0);
  assert.match(run.stderr, /express 5\.\d+\.\d+ was loaded before docgen\/register/);
  assert.match(run.stderr, 'node --import docgen/register');
});

function makeCwdWithFile(name) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-blocked-'));
  writeFileSync(join(cwd, name), 'a file where a folder is expected');
  return cwd;
}

test.run();
