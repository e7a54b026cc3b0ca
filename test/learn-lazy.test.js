// Learning costs nothing when it is off: the preload imports the learner (dist/register-learn.js,
// with ajv for verify) only when DOCGEN_LEARN or DOCGEN_VERIFY asks for it. V8's coverage lists
// every script the process compiled, ES modules included: an app that does not learn must not
// have the learner among them, one that learns must, and both write the same operations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, operations, runApp } from './helpers/run-app.js';

const LEARNER = pathToFileURL(join(ROOT, 'dist', 'register-learn.js')).href;
const PRELOAD = pathToFileURL(join(ROOT, 'dist', 'register.js')).href;

/** The Express 5 app of the capture tests, served and called over loopback, under V8 coverage. */
async function scriptsOf(env) {
  const coverage = mkdtempSync(join(tmpdir(), 'docgen-coverage-'));
  const run = await runApp('learn-capture/serve.mjs', { env: { FRAMEWORK: 'express5', NODE_V8_COVERAGE: coverage, ...env }, timeout: 60000 });
  assert.is(run.status, 0, run.stderr);
  const urls = readdirSync(coverage).flatMap((file) => JSON.parse(readFileSync(join(coverage, file), 'utf8')).result.map((script) => script.url));
  return { run, urls };
}

test('without DOCGEN_LEARN the learner is never loaded; with it, it is; the same operations either way', async () => {
  const [off, on] = await Promise.all([scriptsOf({}), scriptsOf({ DOCGEN_LEARN: '1' })]);
  assert.ok(off.urls.includes(PRELOAD), 'the preload ran');
  assert.not.ok(off.urls.includes(LEARNER), 'the learner was loaded without learning');
  assert.ok(on.urls.includes(LEARNER), 'the learner was not loaded with DOCGEN_LEARN=1');
  assert.equal(operations(on.run.document), operations(off.run.document));
  assert.ok(operations(off.run.document).length > 0);
});

test.run();
