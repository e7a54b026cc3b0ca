// The capture of traffic (issue 14) on the real frameworks, over real HTTP on loopback: Express
// 4 and 5, Koa 2 with koa-router and Koa 3 with @koa/router, Hono's ES module and CommonJS builds
// on @hono/node-server. Each app (test/fixtures/learn-capture/apps.mjs, the same API on each)
// answers the same requests (client.mjs) under the preload with the capture on
// (DOCGEN_TEST_EXCHANGES_FILE: each exchange as a JSON line). Every exchange is checked whole:
// the document's path template, the path parameters, the query, credentials by kind, the bodies
// parsed (JSON, form, multipart names, gzip, a chunked stream, a file) or described (text,
// binary, server-sent events, one too large), the status as sent, HEAD and OPTIONS, 404s. Then
// every answer is compared, bytes and headers, with the same app's without docgen, learning on
// (DOCGEN_LEARN=1, the learner included), and the held stream proves that its first half reached
// the client before the app sent the rest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runApp } from './helpers/run-app.js';
import { expected, readExchanges } from './helpers/capture.js';

const FRAMEWORKS = ['express4', 'express5', 'koa2', 'koa3', 'hono', 'hono-cjs'];

/**
 * Runs the fixture; with `learn`, the capture writes the exchanges it saw into the run's folder;
 * with `learner`, learning is on as a user turns it on (DOCGEN_LEARN=1: the learner, its budget,
 * the store and the documents written at exit).
 */
async function serve(framework, { preload = true, learn = true, learner = false } = {}) {
  const env = { FRAMEWORK: framework, ...(learn ? { DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' } : {}), ...(learner ? { DOCGEN_LEARN: '1' } : {}) };
  const run = await runApp('learn-capture/serve.mjs', { preload, env, timeout: 30000 });
  assert.is(run.status, 0, run.stderr);
  return { ...run, answers: JSON.parse(run.stdout.trim().split('\n').pop()), exchanges: readExchanges(run.cwd) };
}

for (const framework of FRAMEWORKS) {
  test(`${framework}: every exchange, as the app served it and as the document will name it`, async () => {
    const run = await serve(framework);
    assert.ok(run.document, `${framework}: no document\n${run.stderr}`);
    assert.equal(run.exchanges, expected(framework));
    // Every matched template is one of the document's paths.
    for (const e of run.exchanges) if (e.path !== null) assert.ok(run.document.paths[e.path], `${e.path} is not in the document`);
  });

  test(`${framework}: the client gets the same bytes and headers with learning on (DOCGEN_LEARN=1) as without docgen, and a held stream's first half before its second`, async () => {
    const [plain, learning] = await Promise.all([serve(framework, { preload: false, learn: false }), serve(framework, { learner: true })]);
    assert.is(plain.exchanges.length, 0);
    assert.ok(learning.exchanges.length > 15);
    assert.equal(learning.answers, plain.answers);
    assert.is(learning.answers.held.firstChunk, '{"first":');
    assert.is(learning.answers.held.body, '{"first":true}');
    // The body too large to read went to the client whole.
    assert.ok(Buffer.from(learning.answers.big.body, 'base64').length > 1024 * 1024);
    assert.is(learning.answers.gz.headers['content-encoding'], 'gzip');
    // Learned from, not only captured: every exchange reached the learner.
    assert.ok(learning.document.paths['/users/{id}'].get['x-docgen-learned'], learning.stderr);
  });
}

test('without DOCGEN_TEST_EXCHANGES_FILE the preload captures nothing: no file, and the same answers', async () => {
  const [plain, preloaded] = await Promise.all([serve('express5', { preload: false, learn: false }), serve('express5', { learn: false })]);
  assert.ok(preloaded.document);
  assert.is(preloaded.exchanges.length, 0);
  assert.equal(preloaded.answers, plain.answers);
});

test.run();
