// Real requests to the Koa fixtures. The main app is started with and without the preload and
// every documented operation is requested (path parameters filled with values that match their
// patterns): none may be 404, and both processes must answer identically. Each handler answers
// with the params and state it saw, so the documented middleware and path parameters are
// checked against what the app really did. Routes docgen leaves out must really not be served.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { operation, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { requestsOf, send as sendRequest, startBoth as startBothServers } from './helpers/http.js';

const startBoth = (entry, env) => startBothServers(join('koa', entry), env);
const send = (port, method, path) => sendRequest(port, method, path, undefined, ['allow', 'x-logger', 'x-head']);

/** Main app runs: every router; koa 2 served by app.listen(), koa 3 by http.createServer(). */
const MAIN = [
  { entry: 'main.cjs', ROUTER: '@koa/router', KOA: 'koa2', SERVE: 'listen' },
  { entry: 'main.mjs', ROUTER: '@koa/router', KOA: 'koa3', SERVE: 'callback' },
  { entry: 'main.cjs', ROUTER: 'koa-router', KOA: 'koa3', SERVE: 'callback' },
  { entry: 'main.cjs', ROUTER: 'koa-router12', KOA: 'koa2', SERVE: 'listen' },
  { entry: 'main.mjs', ROUTER: 'koa-router-legacy', KOA: 'koa3', SERVE: 'callback' },
];
const PATHS = [
  { entry: 'paths-v6.cjs', ROUTER: 'koa-router12', KOA: 'koa3', SERVE: '1' },
  { entry: 'paths-v6.cjs', ROUTER: 'koa-router-legacy', KOA: 'koa2', SERVE: '1' },
  { entry: 'paths-v8.mjs', ROUTER: '@koa/router', KOA: 'koa2', SERVE: '1' },
  { entry: 'paths-v8.mjs', ROUTER: 'koa-router', KOA: 'koa3', SERVE: '1' },
];
const label = ({ entry, ROUTER, KOA }) => `${entry} ${ROUTER} on ${KOA}`;

// --- servers ------------------------------------------------------------------------------------

// --- sample values ---------------------------------------------------------------------------------


/** Requests a path not in the document must not be served (and are not documented). */
const UNDOCUMENTED = [
  ['GET', '/blogs/b1/posts/s1/comments/c1/replies'], // added to a child router after it was mounted
  ['GET', '/orphan'], // a router never mounted
  ['GET', '/users'], // the koa-mount sub-app's route without its prefix
];

// --- one exchange per app: both servers, every request, then both stopped --------------------------
const exchanges = new Map();
function exchange(combo) {
  const key = JSON.stringify(combo);
  if (!exchanges.has(key)) {
    const promise = (async () => {
      const env = { KOA: combo.KOA, ROUTER: combo.ROUTER, SERVE: combo.SERVE };
      // the document of the same app under the preload, not served
      const unserved = await runApp(join('koa', combo.entry), { env: { KOA: combo.KOA, ROUTER: combo.ROUTER } });
      assert.ok(unserved.document, `${label(combo)}: no document\n${unserved.stderr}`);
      const [plain, traced] = await startBoth(combo.entry, env);
      const requests = [...requestsOf(unserved.document), ...UNDOCUMENTED.map(([method, path]) => ({ key: `${method} ${path}`, method, path, undocumented: true }))];
      const answers = [];
      let ended;
      try {
        for (const r of requests) answers.push({ ...r, plain: await send(plain.port, r.method, r.path), traced: await send(traced.port, r.method, r.path) });
      } finally {
        await plain.stop();
        ended = await traced.stop();
      }
      return { document: unserved.document, answers, ended };
    })();
    promise.catch(() => {});
    exchanges.set(key, promise);
  }
  return exchanges.get(key);
}
// one at a time: each holds two servers
let chain = Promise.resolve();
for (const combo of [...MAIN, ...PATHS]) chain = chain.then(() => exchange(combo).catch(() => {}));

for (const combo of MAIN) {
  const name = label(combo);

  test(`${name}: every documented operation is served (no 404) with docgen`, async () => {
    const { answers } = await exchange(combo);
    const missing = answers.filter((a) => !a.undocumented && a.traced.status === 404).map((a) => `${a.key} -> ${a.method} ${a.path}`);
    assert.equal(missing, []);
    assert.ok(answers.filter((a) => !a.undocumented).length >= 27);
  });

  test(`${name}: responses with and without docgen are identical`, async () => {
    const { answers } = await exchange(combo);
    for (const a of answers) assert.equal(a.traced, a.plain, `${a.method} ${a.path}`);
  });

  test(`${name}: what docgen leaves out is really not served: 404`, async () => {
    const { answers } = await exchange(combo);
    for (const a of answers.filter((x) => x.undocumented)) assert.equal([a.key, a.plain.status, a.traced.status], [a.key, 404, 404]);
  });

  test(`${name}: each operation is answered by its documented handler, with its documented path parameters`, async () => {
    const { answers } = await exchange(combo);
    for (const a of answers.filter((x) => !x.undocumented && x.method !== 'HEAD')) {
      const body = JSON.parse(a.traced.body);
      // all() and the one handler of an array of paths answer operations named after their path
      const handler = a.op.operationId === 'list-posts' ? 'listPosts' : a.op.operationId;
      if (!['allThing', 'registered', 'arrayPaths'].includes(body.handler)) assert.is(body.handler, handler, a.key);
      assert.equal(body.params, a.values, a.key);
    }
  });

  test(`${name}: the documented middleware are the ones that ran (apiAuth, statusAudit, loadPost, adminOnly)`, async () => {
    const { answers } = await exchange(combo);
    const marks = { apiAuth: 'auth', statusAudit: 'audit', loadPost: 'post', 'param(id)': 'post', adminOnly: 'admin' };
    const problems = [];
    for (const a of answers.filter((x) => !x.undocumented && x.method !== 'HEAD')) {
      const state = JSON.parse(a.traced.body).state;
      const listed = a.op['x-docgen-middleware'] ?? [];
      for (const [name, key] of Object.entries(marks)) {
        if (name === 'param(id)' && !listed.includes(name)) continue;
        if (name === 'loadPost' && listed.includes('param(id)')) continue;
        if (listed.includes(name) !== (key in state)) problems.push(`${a.key}: ${name} ${listed.includes(name) ? 'listed but did not run' : 'ran but is not listed'}`);
      }
      assert.is(a.traced['x-logger'], 'yes', `${a.key}: logger ran`);
      assert.ok(listed.includes('logger'), `${a.key}: logger listed`);
    }
    assert.equal(problems, []);
  });

  test(`${name}: the served process, ended by SIGTERM, wrote the same document`, async () => {
    const { document, ended } = await exchange(combo);
    assert.is(ended.signal, 'SIGTERM', ended.stderr);
    assert.ok(ended.document, `no document\n${ended.stderr}`);
    await assertValidOpenApi(ended.document);
    assert.equal(ended.document.paths, document.paths);
  });
}

for (const combo of PATHS) {
  test(`${label(combo)}: every converted path is served, and the router reads back the parameter values filled in`, async () => {
    const { answers } = await exchange(combo);
    for (const a of answers.filter((x) => !x.undocumented)) {
      assert.is(a.traced.status, 200, `${a.key} -> ${a.path}`);
      assert.equal(a.traced, a.plain, `${a.key} -> ${a.path}`);
      assert.equal(JSON.parse(a.traced.body), a.values, `${a.key} -> ${a.path}`);
    }
    // the operation without the optional part really answers without it
    assert.ok(answers.some((a) => a.key === 'GET /docs/{slug}' && a.traced.status === 200));
  });
}

test('bad input: a router mounted twice and into itself answers once per path, and the app serves normally', async () => {
  const env = { KOA: 'koa3', ROUTER: '@koa/router', SERVE: '1' };
  const [plain, traced] = await startBoth('bad.cjs', env);
  try {
    for (const [path, body] of [['/shared', 'shared'], ['/p/shared', 'shared'], ['/self', 'self'], ['/again/self', 'self'], ['/fine', 'fine'], ['/combo/1/2', 'combo']]) {
      const a = await send(plain.port, 'GET', path);
      const b = await send(traced.port, 'GET', path);
      assert.equal(b, a, path);
      assert.equal([b.status, b.body], [200, body], path);
    }
  } finally {
    await plain.stop();
    const ended = await traced.stop();
    assert.ok(ended.document, ended.stderr);
    await assertValidOpenApi(ended.document);
  }
});

test('a Koa app mounted into itself with koa-mount serves /hello and /loop/hello, with and without docgen', async () => {
  const [plain, traced] = await startBoth('self-mount.cjs', { SERVE: '1' });
  try {
    for (const path of ['/hello', '/loop/hello']) {
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
