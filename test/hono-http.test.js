// Real requests to the Hono fixtures, served by @hono/node-server. The main app is started with
// and without the preload, through Hono's ES module build and its CommonJS build, and every
// operation of its document is requested (path parameters filled with values that match their
// patterns): none may be 404, and both processes must answer identically. Each handler answers
// with the params and middleware marks it saw, checked against the document. Routes docgen
// leaves out must really not be served.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { requestsOf, send as sendRequest, startBoth as startBothServers } from './helpers/http.js';

const startBoth = (entry, env) => startBothServers(join('hono', entry), env);
const send = (port, method, path) => sendRequest(port, method, path, undefined, ['x-request-id']);



/** Not in the document, and not served. */
const UNDOCUMENTED = [
  ['GET', '/books/xbook/reviews'], // added to the sub-app after route()
  ['GET', '/ping'], // the basePath() app's route without its base path
  ['GET', '/v1/ping'],
  ['GET', '/posts/abc'], // the pattern of /posts/:id{[0-9]+}
];
/** Not in the document's paths (another framework's handler), but served. */
const FOREIGN = [['GET', '/legacy/anything/here']];

// The requests come from the document of the ES module build, run without serving.
const reference = runApp(join('hono', 'main.mjs'));
reference.catch(() => {});

const exchanges = new Map();
function exchange(entry) {
  if (!exchanges.has(entry)) {
    const promise = (async () => {
      const { document, stderr } = await reference;
      assert.ok(document, `main.mjs wrote no document\n${stderr}`);
      const [plain, traced] = await startBoth(entry, { SERVE: '1' });
      const requests = [
        ...requestsOf(document),
        ...UNDOCUMENTED.map(([method, path]) => ({ key: `${method} ${path}`, method, path, undocumented: true })),
        ...FOREIGN.map(([method, path]) => ({ key: `${method} ${path}`, method, path, foreign: true })),
      ];
      const answers = [];
      let ended;
      try {
        for (const r of requests) answers.push({ ...r, plain: await send(plain.port, r.method, r.path), traced: await send(traced.port, r.method, r.path) });
      } finally {
        await plain.stop();
        ended = await traced.stop();
      }
      return { document, answers, ended };
    })();
    promise.catch(() => {});
    exchanges.set(entry, promise);
  }
  return exchanges.get(entry);
}
exchange('main.mjs').catch(() => {});

for (const entry of ['main.mjs', 'main.cjs']) {
  const name = `${entry} (${entry.endsWith('.mjs') ? 'ES module' : 'CommonJS'} build, serve())`;

  test(`${name}: every documented operation is served (no 404) with docgen`, async () => {
    const { answers } = await exchange(entry);
    const documented = answers.filter((a) => !a.undocumented && !a.foreign);
    assert.ok(documented.length >= 28);
    assert.equal(documented.filter((a) => a.traced.status === 404).map((a) => `${a.key} -> ${a.path}`), []);
  });

  test(`${name}: responses with and without docgen are identical`, async () => {
    const { answers } = await exchange(entry);
    for (const a of answers) assert.equal(a.traced, a.plain, `${a.method} ${a.path}`);
  });

  test(`${name}: what docgen leaves out is really not served (404); the foreign mount is served but not documented`, async () => {
    const { answers, document } = await exchange(entry);
    for (const a of answers.filter((x) => x.undocumented)) assert.equal([a.key, a.plain.status, a.traced.status], [a.key, 404, 404]);
    const legacy = answers.find((a) => a.foreign);
    assert.equal([legacy.traced.status, legacy.traced.body], [200, 'legacy /anything/here']);
    assert.not.ok(Object.keys(document.paths).some((p) => p.startsWith('/legacy')));
  });

  test(`${name}: each operation is answered by its documented handler, with its documented path parameters`, async () => {
    const { answers } = await exchange(entry);
    for (const a of answers.filter((x) => !x.undocumented && !x.foreign)) {
      const body = JSON.parse(a.traced.body);
      if (!['allThing', 'onThing', 'arrayPaths', 'docs'].includes(body.handler)) assert.is(body.handler, a.op.operationId, a.key);
      const named = Object.fromEntries(Object.entries(a.values).filter(([k]) => k !== 'wildcard'));
      assert.equal(body.params, named, a.key);
    }
  });

  test(`${name}: the documented middleware are the ones that ran (adminGuard, booksAudit, first, second, requestId)`, async () => {
    const { answers } = await exchange(entry);
    const problems = [];
    for (const a of answers.filter((x) => !x.undocumented && !x.foreign)) {
      const body = JSON.parse(a.traced.body);
      const listed = a.op['x-docgen-middleware'] ?? [];
      const ran = { adminGuard: body.guard === 'admin', booksAudit: body.audit === 'books', first: body.trail.includes('first'), second: body.trail.includes('second'), requestId: a.traced['x-request-id'] === 'fixed' };
      for (const [mw, did] of Object.entries(ran)) if (listed.includes(mw) !== did) problems.push(`${a.key}: ${mw} ${did ? 'ran but is not listed' : 'listed but did not run'}`);
    }
    assert.equal(problems, []);
  });
}

test('main.mjs served by serve(), ended by SIGTERM, wrote the document of the unserved app', async () => {
  const { document, ended } = await exchange('main.mjs');
  assert.is(ended.signal, 'SIGTERM', ended.stderr);
  assert.ok(ended.document, `no document\n${ended.stderr}`);
  await assertValidOpenApi(ended.document);
  assert.equal(ended.document.paths, document.paths);
});

test('main.cjs served by serve(), ended by SIGTERM, wrote the same document as the ES module build', async () => {
  const { document, ended } = await exchange('main.cjs');
  assert.ok(ended.document, `no document\n${ended.stderr}`);
  await assertValidOpenApi(ended.document);
  assert.equal(ended.document.paths, document.paths);
});

test('an app passed to its own route() serves /hello and /again/hello, with and without docgen', async () => {
  const [plain, traced] = await startBoth('self-route.mjs', { SERVE: '1' });
  try {
    for (const path of ['/hello', '/again/hello']) {
      const a = await send(plain.port, 'GET', path);
      assert.equal(await send(traced.port, 'GET', path), a, path);
      assert.equal([a.status, a.body], [200, 'hello'], path);
    }
  } finally {
    await plain.stop();
    await traced.stop();
  }
});

test.run();
