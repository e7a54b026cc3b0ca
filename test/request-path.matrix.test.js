// Nothing of docgen's on the request path. Real Express 4 and 5, Koa (with @koa/router and
// koa-mount) and Hono (with @hono/zod-validator) apps answer real HTTP requests on loopback,
// once without and once with the preload. While they answer, V8's precise coverage counts every
// function call in the process: not one function of docgen's own files may run, while the
// framework's do. For Express, the functions and accessors Express itself reads on every request
// (`app.get(setting)`, the `router` getter, `app.handle`...) must be the very source text they
// are without docgen, and every answer must be the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { ROOT, operations, runApp } from './helpers/run-app.js';

const env = (framework, learn) => ({ FRAMEWORK: framework, DOCGEN_DIST: join(ROOT, 'dist'), ...(learn ? { DOCGEN_TEST_EXCHANGES_FILE: 'exchanges.jsonl' } : {}) });

async function serve(framework, preload, learn = false) {
  const run = await runApp('request-path/serve.mjs', { preload, env: env(framework, learn), timeout: 30000 });
  assert.is(run.status, 0, run.stderr);
  const line = run.stdout.trim().split('\n').pop();
  return { ...run, result: JSON.parse(line) };
}

for (const framework of ['express4', 'express5', 'koa', 'hono']) {
  test(`${framework}: no docgen function runs while the app answers, and the answers are the same`, async () => {
    const [plain, traced] = await Promise.all([serve(framework, false), serve(framework, true)]);
    // docgen was there and documented the app...
    assert.ok(traced.document && operations(traced.document).length >= 5, `${framework}: no document\n${traced.stderr}`);
    // ...the measure sees the framework's own calls...
    assert.ok(traced.result.frameworkCalls > 20, `${framework}: coverage saw ${traced.result.frameworkCalls} framework functions run`);
    // ...and none of docgen's.
    assert.equal(traced.result.docgenCalls, [], `${framework}: docgen functions ran while the app answered`);
    assert.equal(traced.result.answers, plain.result.answers);
  });
}

for (const framework of ['express4', 'express5']) {
  test(`${framework}: the functions and accessors Express reads on every request are Express's own`, async () => {
    const [plain, traced] = await Promise.all([serve(framework, false), serve(framework, true)]);
    assert.ok(traced.document, traced.stderr);
    assert.ok(Object.values(plain.result.touched).every((source) => typeof source === 'string' && source.length > 0), JSON.stringify(plain.result.touched));
    for (const [name, source] of Object.entries(plain.result.touched)) assert.is(traced.result.touched[name], source, `${framework}: ${name} is not Express's own`);
  });
}

for (const framework of ['express4', 'express5', 'koa', 'hono']) {
  test(`${framework}: with learning on the capture's functions run while the app answers, the answers the same; with it off none of them does`, async () => {
    const [plain, off, on] = await Promise.all([serve(framework, false), serve(framework, true), serve(framework, true, true)]);
    assert.equal(on.result.answers, plain.result.answers);
    const ran = new Set(on.result.docgenCalls);
    // The HTTP channel's subscribers and the response's wrappers (for Hono on @hono/node-server, its fetch wrapper
    // too), in the learner the preload imports only when learning.
    const capture = ['onStart', 'onFinish', 'end', 'exchangeOf', ...(framework === 'hono' ? ['fetch'] : [])].map((name) => `${name} in register-learn.js`);
    for (const name of capture) assert.ok(ran.has(name), `${framework}: ${name} did not run with learning on: ${[...ran].join(', ')}`);
    assert.equal(off.result.docgenCalls.filter((name) => ran.has(name)), [], `${framework}: capture functions ran with learning off`);
    assert.equal(off.result.docgenCalls, []);
  });
}

test.run();
