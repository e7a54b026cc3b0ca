// Shared by the end-to-end tracing tests: real Jaeger v2 and collector processes, free and busy
// ports, the Jaeger UI build, and the checks a user would make on a docgen trace read back from
// Jaeger's query API.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import * as assert from 'uvu/assert';
import { jaegerBinary } from '../../scripts/jaeger.js';
import { ROOT } from './run-app.js';

const running = [];

/** Ends every process these helpers started (from a test.after hook). */
export function stopAll() {
  for (const child of running) child.kill('SIGTERM');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** True when nothing listens on `port`, on any address (a listener on 127.0.0.1 counts too). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts `binary args` with `env` as the whole environment on top of PATH and HOME (so no
 * variable of the test's own environment changes what a config file reads); resolves once
 * `ready()` answers true.
 */
export async function startProcess(name, binary, args, env, ready) {
  const child = spawn(binary, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  running.push(child);
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log}`);
    if (await ready().catch(() => false)) return { child, log: () => log };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start within 30 s:\n${log}`);
}

/**
 * Jaeger v2 all-in-one (test/fixtures/jaeger/backend.yaml: OTLP in, memory storage, the query
 * API) on free ports; with `uiAssets`, test/fixtures/jaeger/ui.yaml is merged in so that it
 * serves that Jaeger UI build instead of its placeholder page. Resolves once the query API answers.
 */
export async function startJaegerBackend({ uiAssets } = {}) {
  const configs = [join(ROOT, 'test/fixtures/jaeger/backend.yaml')];
  if (uiAssets) configs.push(join(ROOT, 'test/fixtures/jaeger/ui.yaml'));
  // A port found free can be taken by another process before Jaeger binds it (other test runs
  // share the machine): then Jaeger exits at once, and it starts again on other free ports.
  for (let attempt = 1; ; attempt++) {
    const ports = { JAEGER_QUERY_PORT: await freePort(), JAEGER_QUERY_GRPC_PORT: await freePort(), JAEGER_OTLP_GRPC_PORT: await freePort(), JAEGER_OTLP_HTTP_PORT: await freePort() };
    const env = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
    if (uiAssets) env.JAEGER_UI_ASSETS = uiAssets;
    const query = `http://127.0.0.1:${ports.JAEGER_QUERY_PORT}`;
    try {
      await startProcess('jaeger', jaegerBinary(), configs.map((c) => `--config=file:${c}`), env, async () => (await fetch(`${query}/api/services`)).ok);
      return { ...ports, query, otlpHttp: `http://127.0.0.1:${ports.JAEGER_OTLP_HTTP_PORT}` };
    } catch (error) {
      if (attempt === 3 || !/address already in use/.test(error.message)) throw error;
    }
  }
}

/**
 * The Jaeger UI build (a folder with index.html) the UI tests point Jaeger at: the folder that
 * DOCGEN_JAEGER_UI names, else `../shared/jaeger-ui` beside the repository; either the build
 * itself or a folder holding it as `build/`. `{ missing }` says why there is none.
 * @returns {{ path: string } | { missing: string }}
 */
export function jaegerUiAssets(env = process.env) {
  const named = env.DOCGEN_JAEGER_UI;
  const folder = named ? resolve(named) : resolve(ROOT, '..', 'shared', 'jaeger-ui');
  for (const candidate of [join(folder, 'build'), folder]) if (existsSync(join(candidate, 'index.html'))) return { path: candidate };
  const where = named ? `DOCGEN_JAEGER_UI=${named}` : `${folder} (../shared/jaeger-ui beside the repository; DOCGEN_JAEGER_UI names another)`;
  return { missing: `no Jaeger UI build (index.html, or build/index.html) in ${where}` };
}

/** Ready when an OTLP HTTP receiver answers a POST (a collector has no query API). */
export function otlpHttpAnswers(origin) {
  return async () => {
    const response = await fetch(`${origin}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return response.status < 500;
  };
}

/** The trace from Jaeger's query API, waiting for it to arrive (the collector batches). */
export async function fetchTrace(queryOrigin, traceId) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const response = await fetch(`${queryOrigin}/api/traces/${traceId}`);
    if (response.ok) {
      const body = await response.json();
      const trace = body.data?.[0];
      if (trace && trace.spans.length >= 6) return trace;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`trace ${traceId} not found in Jaeger`);
}

/** The correlation ID (trace ID) docgen printed in its log lines. */
export function loggedTraceId(stderr) {
  return /\[([0-9a-f]{32})\]/.exec(stderr)?.[1];
}

/** Jaeger's spans as { name, parent name, tags }, checked the way a user reads the trace. */
export function assertDocgenTrace(trace, traceId, { service, framework, routes }) {
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const tags = (span) => Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
  const parentName = (span) => {
    const ref = span.references.find((r) => r.refType === 'CHILD_OF');
    return ref ? byId.get(ref.spanID)?.operationName : undefined;
  };
  assert.ok(trace.spans.every((s) => s.traceID === traceId), 'every span is in the logged trace');
  assert.is(trace.processes[trace.spans[0].processID].serviceName, service);
  const root = trace.spans.find((s) => s.operationName === 'docgen.session');
  assert.ok(root, 'docgen.session');
  assert.is(parentName(root), undefined);
  const children = trace.spans.filter((s) => s !== root).map((s) => [s.operationName, parentName(s)]).sort();
  assert.equal(children, [
    ['docgen.detect', 'docgen.session'],
    ['docgen.discover', 'docgen.session'],
    ['docgen.load', 'docgen.session'],
    ['docgen.spec.build', 'docgen.session'],
    ['docgen.spec.write', 'docgen.session'],
  ]);
  for (const span of trace.spans) {
    const t = tags(span);
    assert.type(t['docgen.duration_ms'], 'number', `${span.operationName} docgen.duration_ms`);
    assert.type(t['docgen.memory.heap_delta_bytes'], 'number', `${span.operationName} heap delta`);
    assert.ok(t['docgen.memory.rss_bytes'] > 0, `${span.operationName} rss`);
  }
  const discover = trace.spans.find((s) => s.operationName === 'docgen.discover');
  assert.is(tags(discover)['docgen.framework'], framework);
  assert.is(tags(discover)['docgen.routes.count'], routes);
  const routeLogs = discover.logs.map((l) => Object.fromEntries(l.fields.map((f) => [f.key, f.value])));
  assert.is(routeLogs.length, routes);
  assert.ok(routeLogs.every((l) => l.event === 'docgen.route' && typeof l['code.line.number'] === 'number' && l['code.file.path'] && l['http.route']));
}
