// How an app ends under docgen, for each well-known way apps handle signals: the same status,
// the same signal and the same output as under plain node, and the document written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operations, runApp } from './helpers/run-app.js';

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

test.run();
