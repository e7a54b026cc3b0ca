// The capture of traffic (issue 14) under Deno 2 with the preload: Hono served by
// Deno.serve(app.fetch) (the fetch wrapper sees it) and Express 5 on Deno's node:http (Deno
// publishes Node's HTTP channels). The same API and requests as learn-capture.test.js: the same
// exchanges, the answers byte for byte those of plain Deno, and nothing printed by Deno because
// of docgen (Deno warns when a Deno.serve request's signal is followed, as a clone would).
// Deno.serve sends a body it was given whole with a Content-Length, but chunked once anyone read
// it as a stream (a clone): such a body is read where Deno keeps it, a stream from a clone, and
// the answers (Content-Length or chunked, every byte) are those of plain Deno.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { denoRuntime } from '../scripts/runtimes.js';
import { runDeno } from './helpers/deno.js';
import { runApp } from './helpers/run-app.js';
import { expected, readExchanges, unordered } from './helpers/capture.js';

const deno = denoRuntime();

async function serve(entry, env, learn) {
  const run = await runDeno(deno, entry, { env: { ...env, ...(learn ? { DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' } : {}) }, ...(learn ? {} : { preload: false }) });
  assert.is(run.status, 0, run.stderr);
  return { ...run, answers: JSON.parse(run.stdout.trim().split('\n').pop()), exchanges: readExchanges(run.cwd) };
}


if (!deno) {
  console.log('# skipped: Deno is not available here (DOCGEN_TEST_RUNTIMES=current)');
  test.skip('the capture under Deno (Deno is not available here)', () => {});
} else {
  test('Hono on Deno.serve: every exchange, the same answers as plain Deno, no warning from Deno', async () => {
    const [plain, learning] = await Promise.all([serve('learn-capture/deno-serve.mjs', {}, false), serve('learn-capture/deno-serve.mjs', {}, true)]);
    assert.equal(unordered(learning.exchanges), unordered(expected('hono')));
    assert.equal(learning.answers, plain.answers);
    // A body given whole is still sent whole, with its length; a stream still chunked.
    assert.is(learning.answers.user.headers['content-length'], String(Buffer.from(learning.answers.user.body, 'base64').length));
    assert.is(learning.answers.stream.headers['transfer-encoding'], 'chunked');
    assert.is(learning.answers.held.firstChunk, '{"first":');
    assert.not.match(learning.stderr, /Deno\.serve|deprecat|warning/i);
  });

  test("Hono's app.request() and app.fetch() in-process under Deno: the same exchanges as under Node (no wire: bodies read), the same answers", async () => {
    const env = { HONO_BUILD: 'esm', DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' };
    const [underNode, underDeno] = await Promise.all([runApp('learn-capture/hono-inprocess.mjs', { env, timeout: 30000 }), serve('learn-capture/hono-inprocess.mjs', { HONO_BUILD: 'esm' }, true)]);
    assert.is(underNode.status, 0, underNode.stderr);
    const nodeExchanges = readExchanges(underNode.cwd);
    assert.is(nodeExchanges.length, 10);
    // The multipart body's boundary (and so its length, which the app answers) is each runtime's own.
    const withoutUploadAnswer = (list) => unordered(list.map((e) => (e.path === '/upload' ? { ...e, responseBody: e.responseBody.kind } : e)));
    assert.equal(withoutUploadAnswer(underDeno.exchanges), withoutUploadAnswer(nodeExchanges));
    assert.ok(underDeno.exchanges.some((e) => e.responseBody.kind === 'json'), 'response bodies are read in-process');
  });

  test("Express 5 on Deno's node:http: every exchange, in order, and the same answers as plain Deno", async () => {
    const env = { FRAMEWORK: 'express5' };
    const [plain, learning] = await Promise.all([serve('learn-capture/serve.mjs', env, false), serve('learn-capture/serve.mjs', env, true)]);
    assert.equal(learning.exchanges, expected('express5'));
    assert.equal(learning.answers, plain.answers);
  });
}

test.run();
