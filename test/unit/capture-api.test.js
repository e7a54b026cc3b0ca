// The capture's API as the session will call it (startCapture with the route registry, a sink,
// limits), in this process: a real Express 5 app, instrumented as the preload instruments it,
// answers real HTTP requests on loopback. Limits (bodies too large by their length, chunked,
// once decoded), the counts, routes registered while the app serves, a sink that throws, a Hono
// app read in-process with no room for another pending exchange, stop() and a second start. The
// matcher's rebuild policy is checked against a clock of the test's own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import diagnosticsChannel from 'node:diagnostics_channel';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { applyInstrumentation } from '../../dist/instrumentation/apply.js';
import { expressInstrumentation } from '../../dist/adapters/express/index.js';
import { honoInstrumentation } from '../../dist/adapters/hono/index.js';
import { namedPackageOf } from '../../dist/loading/package-info.js';
import { RouteRegistry } from '../../dist/model/registry.js';
import { isWrapped } from '../../dist/instrumentation/wrap.js';
import { startCapture } from '../../dist/learn/capture/index.js';
import { LiveMatcher } from '../../dist/learn/capture/routes.js';
import { budgetShare, TimeBudget } from '../../dist/learn/capture/budget.js';

const require = createRequire(import.meta.url);
const registry = new RouteRegistry();
const instrument = (instrumentation, file, name, exports) => {
  const outcome = applyInstrumentation(instrumentation, file, namedPackageOf(require.resolve(name)), exports, { registry, warn: assert.unreachable });
  assert.is(outcome.kind, 'patched');
  return outcome;
};
const express = require('express5');
instrument(expressInstrumentation, 'lib/express.js', 'express5', express);
// Hono's CommonJS build, patched before `hono` itself is loaded, as the preload does.
const honoBase = require(join(dirname(require.resolve('hono')), 'hono-base.js'));
instrument(honoInstrumentation, 'dist/cjs/hono-base.js', 'hono', honoBase);
const { Hono } = require('hono');

const app = express();
app.set('env', 'test'); // Express logs a failing handler's stack otherwise
app.use(express.json());
app.post('/items', (req, res) => res.status(201).json({ got: req.body === undefined ? null : Object.keys(req.body) }));
app.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
app.get('/boom', () => {
  throw new Error('the app fails on its own');
});
app.get('/head-only', (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"direct":true}'));
// Sends half an answer and never the rest: its client goes away.
app.get('/hang', (req, res) => res.type('json').write('{"partial":'));
const server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const port = server.address().port;

function send(method, path, { headers = {}, body, chunked = false } = {}) {
  return new Promise((resolve, reject) => {
    const all = body === undefined || chunked ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port, method, path, headers: all }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    if (chunked && body !== undefined) {
      req.write(body.subarray(0, 10));
      setImmediate(() => req.end(body.subarray(10)));
    } else req.end(body);
  });
}

test('limits: a body over maxBodyBytes is skipped as too large, by its length, chunked, and once decoded; the counts say so', async () => {
  const seen = [];
  const capture = startCapture({ registry, sink: (e) => seen.push(e), limits: { maxBodyBytes: 64 } });
  try {
    const big = Buffer.from(JSON.stringify({ filler: 'x'.repeat(100) }));
    const small = Buffer.from(JSON.stringify({ a: 1 }));
    const json = { 'content-type': 'application/json' };
    await send('POST', '/items', { headers: json, body: big });
    await send('POST', '/items', { headers: json, body: big, chunked: true });
    await send('POST', '/items', { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(small) });
    await send('POST', '/items', { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(big) });
    await send('GET', '/items/7');
    await send('GET', '/head-only');
    assert.equal(
      seen.map((e) => [e.method, e.path, e.status, e.requestBody, e.responseBody.kind]),
      [
        // The app reads and accepts them (its own limit is 100 KiB): the capture keeps none of their bytes.
        ['post', '/items', 201, { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' }, 'json'],
        ['post', '/items', 201, { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' }, 'json'],
        ['post', '/items', 201, { kind: 'json', mediaType: 'application/json', value: { a: 1 } }, 'json'],
        // 44 bytes gzipped, more than 64 once inflated.
        ['post', '/items', 201, { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' }, 'json'],
        ['get', '/items/{id}', 200, { kind: 'empty' }, 'json'],
        ['get', '/head-only', 200, { kind: 'empty' }, 'json'],
      ],
    );
    // Headers given to writeHead() alone are read too.
    assert.equal(seen[5].responseBody, { kind: 'json', mediaType: 'application/json', value: { direct: true } });
    assert.equal(capture.stats(), { exchanges: 6, unmatched: 0, dropped: 0, overBudget: 0, skippedBodies: { 'too-large': 3, stream: 0, unparsable: 0 } });
  } finally {
    capture.stop();
  }
});

test('routes registered while the app serves are matched from the next request on', async () => {
  const seen = [];
  const capture = startCapture({ registry, sink: (e) => seen.push(e) });
  try {
    await send('GET', '/late/1');
    app.get('/late/:n', (req, res) => res.json({ n: req.params.n }));
    await send('GET', '/late/2');
    assert.equal(seen.map((e) => [e.path, e.unmatchedPath, e.status]), [[null, '/{}/{}', 404], ['/late/{n}', undefined, 200]]);
  } finally {
    capture.stop();
  }
});

test("a sink that throws, or an app that fails, is reported or answered as without docgen; the app goes on", async () => {
  const errors = [];
  const capture = startCapture({ registry, sink: () => { throw new Error('the sink fails'); }, onError: (error) => errors.push(error.message) });
  try {
    const ok = await send('GET', '/items/3');
    const boom = await send('GET', '/boom');
    assert.equal([ok.status, ok.text, boom.status], [200, '{"id":"3"}', 500]);
    assert.equal(errors, ['the sink fails', 'the sink fails']);
  } finally {
    capture.stop();
  }
});

test('a response that never finishes (its client went away) hands nothing on and leaves nothing behind', async () => {
  const seen = [];
  const errors = [];
  const capture = startCapture({ registry, sink: (e) => seen.push(e), onError: (error) => errors.push(error) });
  try {
    await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/hang' }, (res) => res.once('data', () => req.destroy()));
      req.on('error', () => {});
      req.on('close', resolve);
      req.end();
    });
    await send('GET', '/items/1');
    assert.equal(seen.map((e) => e.path), ['/items/{id}']);
    assert.equal(errors, []);
    assert.is(capture.stats().exchanges, 1);
  } finally {
    capture.stop();
  }
});

test('stop() unsubscribes and takes the fetch wrappers out; one capture at a time', async () => {
  const seen = [];
  const capture = startCapture({ registry, sink: (e) => seen.push(e) });
  assert.throws(() => startCapture({ registry, sink: () => {} }), /already running/);
  const hono = new Hono();
  hono.get('/h/:id', (c) => c.json({ id: c.req.param('id') }));
  assert.ok(isWrapped(hono.fetch), 'the new Hono app is observed');
  assert.ok(diagnosticsChannel.hasSubscribers('http.server.request.start'));
  capture.stop();
  assert.not.ok(isWrapped(hono.fetch));
  assert.not.ok(diagnosticsChannel.hasSubscribers('http.server.request.start'));
  assert.not.ok(diagnosticsChannel.hasSubscribers('http.server.response.finish'));
  await send('GET', '/items/9');
  assert.is((await (await hono.request('/h/1')).json()).id, '1');
  assert.is(seen.length, 0);
  const again = startCapture({ registry, sink: (e) => seen.push(e) });
  again.stop();
});

test('Hono in-process: more pending exchanges than maxPending are let through unobserved and counted', async () => {
  const seen = [];
  const capture = startCapture({ registry, sink: (e) => seen.push(e), limits: { maxPending: 0 } });
  try {
    const hono = new Hono();
    hono.get('/p', (c) => c.json({ p: 1 }));
    const res = await hono.request('/p');
    assert.equal(await res.json(), { p: 1 });
    assert.is(seen.length, 0);
    assert.is(capture.stats().dropped, 1);
  } finally {
    capture.stop();
  }
});

test("learning's budget: a bucket filled at its share of the process's CPU time, never above its burst, the CPU time read at most every 5 ms", () => {
  let now = 0;
  let cpu = 0;
  let cpuReads = 0;
  const budget = new TimeBudget(0.05, 100, { now: () => now, cpu: () => (cpuReads++, cpu) });
  assert.ok(budget.admit());
  budget.spend(60);
  assert.ok(budget.admit(), '40 ms left');
  budget.spend(60);
  const reads = cpuReads;
  assert.not.ok(budget.admit(), '20 ms overdrawn');
  // Wall time alone fills nothing: a process waiting for its clients uses no CPU.
  now = 10_000;
  assert.not.ok(budget.admit());
  // 5 % of 400 ms of CPU time refills 20 ms: back to zero, still nothing to spend.
  cpu = 400;
  now += 5;
  assert.not.ok(budget.admit());
  cpu = 420;
  assert.not.ok(budget.admit(), 'the CPU time is not read again within 5 ms');
  now += 5;
  assert.ok(budget.admit(), '1 ms in hand');
  assert.is(cpuReads - reads, 4);
  // Hours of CPU fill it to the burst, no more: 100 ms of learning, then it is spent again.
  cpu += 3_600_000;
  now += 5;
  budget.spend(1);
  assert.ok(budget.admit());
  budget.spend(101);
  now += 5;
  assert.not.ok(budget.admit());
  assert.throws(() => new TimeBudget(0, 100), /share in \(0, 1\]/);
  assert.equal(budgetShare(undefined), { share: 0.05 });
  assert.equal(budgetShare('0.2'), { share: 0.2 });
  assert.equal(budgetShare('1'), { share: undefined });
  assert.match(budgetShare('lots').error, /DOCGEN_LEARN_BUDGET/);
});

test('a request the budget does not admit is not followed (Node HTTP and Hono in-process), answered as usual, and counted; one admitted is learned and charged', async () => {
  const seen = [];
  let open = false;
  const spent = [];
  const budget = { admit: () => open, spend: (ms) => spent.push(ms) };
  const capture = startCapture({ registry, sink: (e) => seen.push(e), budget });
  try {
    const refused = await send('POST', '/items', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(refused, { status: 201, text: '{"got":["a"]}' });
    const hono = new Hono();
    hono.get('/p', (c) => c.json({ p: 1 }));
    assert.equal(await (await hono.request('/p')).json(), { p: 1 });
    assert.is(seen.length, 0);
    assert.is(capture.stats().overBudget, 2);
    assert.is(spent.length, 0);
    open = true;
    assert.equal(await send('GET', '/items/7'), { status: 200, text: '{"id":"7"}' });
    assert.is(seen.length, 1);
    assert.is(seen[0].path, '/items/{id}');
    assert.is(spent.length, 1);
    assert.ok(spent[0] >= 0);
    assert.is(capture.stats().overBudget, 2);
  } finally {
    capture.stop();
  }
});

test('the matcher is built again when registrations change, within a tenth of the time after a burst; an unmatched request rebuilds one older than a second', () => {
  let clock = 0;
  let version = 0;
  let builds = 0;
  const source = {
    version: () => String(version),
    operations: () => {
      builds++;
      clock += 20; // each build takes 20 ms
      return [];
    },
  };
  const live = new LiveMatcher(source, () => clock);
  live.current();
  live.current();
  assert.is(builds, 1, 'the same version: no rebuild');
  // An app registering a route before every request: the first rebuilds come at once (the burst)...
  for (let i = 0; i < 10; i++) {
    version++;
    live.current();
  }
  assert.is(builds, 6, 'a 100 ms burst: five rebuilds of 20 ms, then none');
  // ...then a tenth of the time: 200 ms more allow one more.
  version++;
  clock += 200;
  live.current();
  assert.is(builds, 7);
  assert.is(live.missed(), undefined, 'a fresh matcher is not rebuilt for a miss');
  clock += 1000;
  assert.ok(live.missed());
  assert.is(builds, 8);
});

test.after(() => {
  server.close();
  server.closeAllConnections();
});

test.run();
