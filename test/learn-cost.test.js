// What learning from traffic costs the app, and what it says it cost (issue 14, "Cost,
// measured"), on real apps under the preload over loopback:
// - bodies far over the 1 MiB limit, streamed both ways (a 24 MiB download written as the client
//   takes it, a 24 MiB chunked upload): the client gets the same bytes as without docgen, the
//   app's process holds no more memory than without it (nothing buffered past the limit), and
//   both bodies are counted as skipped, too large, on the `docgen.learn` span of the trace;
// - the `docgen.learn` span counts the exchanges learned, the operations covered, the requests
//   and bodies skipped and why;
// - DOCGEN_PERFORMANCE_METRICS=1 prints learning's share of the process's time, and nothing of
//   it is timed or printed without the variable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';

const MIB = 1024 * 1024;

function learnSpan(cwd) {
  const spans = spansOf(readTrace(cwd)).filter((s) => s.name === 'docgen.learn');
  assert.is(spans.length, 1, 'one docgen.learn span');
  return spans[0].attributes;
}

async function bigStreams(framework, { preload, learn }) {
  const run = await runApp('learn-capture/big-stream.mjs', {
    preload,
    nodeArgs: ['--expose-gc'],
    env: { FRAMEWORK: framework, BIG_MIB: '24', ...(learn ? { DOCGEN_LEARN: '1' } : {}) },
    timeout: 90000,
  });
  assert.is(run.status, 0, run.stderr);
  return { ...run, result: JSON.parse(run.stdout.trim().split('\n').pop()) };
}

for (const framework of ['express5', 'hono']) {
  test(`${framework}: a 24 MiB streamed download and upload reach the client byte for byte, nothing is buffered past the limit, and both are counted as skipped`, async () => {
    const plain = await bigStreams(framework, { preload: false, learn: false });
    const learning = await bigStreams(framework, { preload: true, learn: true });
    assert.is(learning.result.size, 24 * MIB);
    // The same answers: status, headers (but the date), and the download's every byte.
    assert.equal(learning.result.answers, plain.result.answers);
    assert.is(learning.result.answers.download.length, 24 * MIB);
    assert.equal(JSON.parse(learning.result.answers.upload.text), { bytes: 24 * MIB });
    // Memory held every 4 MiB of each stream, after a collection: the bodies' bytes kept would
    // make the median 12 MiB or more; the 1 MiB kept before a body is known too large is let go.
    assert.is(learning.result.samples, 12);
    assert.ok(
      learning.result.medianHeldMiB < plain.result.medianHeldMiB + 2,
      `learning held ${learning.result.medianHeldMiB.toFixed(2)} MiB (median) during the streams, without docgen ${plain.result.medianHeldMiB.toFixed(2)} MiB`,
    );
    const span = learnSpan(learning.cwd);
    assert.is(span['docgen.learn.exchanges'], 2);
    assert.is(span['docgen.learn.operations_covered'], 2);
    assert.is(span['docgen.learn.bodies_skipped.too_large'], 2);
    assert.is(span['docgen.learn.bodies_skipped'], 2);
    assert.is(span['docgen.learn.exchanges_skipped'], 0);
    // The document says so too, per operation.
    assert.equal(learning.document.paths['/download'].get['x-docgen-learned'].skippedBodies, { response: { 'too-large': 1 } });
    assert.equal(learning.document.paths['/upload'].post['x-docgen-learned'].skippedBodies, { request: { 'too-large': 1 } });
  });
}

/** The capture fixture's 22 exchanges (test/fixtures/learn-capture/client.mjs, then /held and /release), learning on. */
function serveLearning(env = {}) {
  return runApp('learn-capture/serve.mjs', { env: { FRAMEWORK: 'express5', DOCGEN_LEARN: '1', ...env }, timeout: 90000 });
}

test('the docgen.learn span counts exchanges learned, operations covered, and what was skipped and why', async () => {
  const run = await serveLearning();
  assert.is(run.status, 0, run.stderr);
  const span = learnSpan(run.cwd);
  // 20 requests of client.mjs, then GET /held and GET /release.
  assert.is(span['docgen.learn.exchanges'], 22);
  // OPTIONS /users/42 and GET /users/42/<secret> reach no operation.
  assert.is(span['docgen.learn.exchanges_unmatched'], 2);
  // Every documented operation the client called (18 in the document), and HEAD /users/{id},
  // which Express answers with the GET handler and the document does not list apart.
  const operations = Object.values(run.document.paths).flatMap((item) => Object.values(item).filter((op) => op['x-docgen-learned']));
  assert.is(operations.length, 18);
  assert.is(span['docgen.learn.operations_covered'], 19);
  // GET /big answers 1.2 MiB of JSON; POST /users with '{"name":' is not JSON.
  assert.is(span['docgen.learn.bodies_skipped.too_large'], 1);
  assert.is(span['docgen.learn.bodies_skipped.unparsable'], 1);
  assert.is(span['docgen.learn.bodies_skipped.stream'], 0);
  assert.is(span['docgen.learn.bodies_skipped'], 2);
  assert.is(span['docgen.learn.exchanges_skipped'], 0);
  assert.is(span['docgen.learn.exchanges_skipped.budget'], 0);
  assert.is(span['docgen.learn.exchanges_failed'], 0);
  // Timed only for DOCGEN_PERFORMANCE_METRICS.
  assert.is(span['docgen.learn.capture_cpu_ms'], undefined);
  assert.not.match(run.stderr, /performance/);
});

test('DOCGEN_PERFORMANCE_METRICS=1: learning\'s share of the process\'s time, with the exchanges sent', async () => {
  const run = await serveLearning({ DOCGEN_PERFORMANCE_METRICS: '1' });
  assert.is(run.status, 0, run.stderr);
  const line = /performance learning: (\d+) exchanges learned, (\d+) skipped; CPU on the request path ([\d.]+) ms, at exit ([\d.]+) ms; share of the process's CPU time ([\d.]+) \(request path ([\d.]+), exit ([\d.]+)\)/.exec(run.stderr);
  assert.ok(line, run.stderr);
  const [, exchanges, skipped, pathMs, exitMs, share, pathShare, exitShare] = line.map(Number);
  assert.is(exchanges, 22);
  assert.is(skipped, 0);
  assert.ok(pathMs > 0 && exitMs > 0, `${pathMs} ms on the request path, ${exitMs} ms at exit`);
  assert.ok(share > 0 && share < 1, `share ${share}`);
  assert.ok(Math.abs(share - pathShare - exitShare) <= 0.002, `${share} = ${pathShare} + ${exitShare}`);
  // The steps' own lines are there as before, the learning step's among them.
  assert.match(run.stderr, /performance docgen\.learn: 1x, total [\d.]+ ms/);
  // The span has the CPU time on the request path too.
  const span = learnSpan(run.cwd);
  assert.is(span['docgen.learn.capture_cpu_ms'], pathMs);
});

test.run();
