// End to end: a real Jaeger v2 (built from the Go module proxy, scripts/jaeger.js), an example
// app run under the preload with the OTLP endpoint pointing at it, and the trace fetched back
// from Jaeger's query API by the correlation ID the log printed. Then the same through a real
// collector running the repository's otel-collector.yaml (Jaeger v2 is a collector build).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jaegerBinary } from '../scripts/jaeger.js';
import { ROOT, runApp } from './helpers/run-app.js';

const JAEGER = jaegerBinary();
const running = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts Jaeger with a config file and environment; resolves once `ready()` answers. */
async function startJaeger(config, env, ready) {
  const child = spawn(JAEGER, [`--config=file:${config}`], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  running.push(child);
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jaeger exited with ${child.exitCode}:\n${log}`);
    if (await ready().catch(() => false)) return { child, log: () => log };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`jaeger did not start within 30 s:\n${log}`);
}

async function startBackend() {
  const ports = { JAEGER_QUERY_PORT: await freePort(), JAEGER_QUERY_GRPC_PORT: await freePort(), JAEGER_OTLP_GRPC_PORT: await freePort(), JAEGER_OTLP_HTTP_PORT: await freePort() };
  const env = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
  await startJaeger(join(ROOT, 'test/fixtures/jaeger/backend.yaml'), env, async () => (await fetch(`http://127.0.0.1:${ports.JAEGER_QUERY_PORT}/api/services`)).ok);
  return ports;
}

/** The trace from Jaeger's query API, waiting for it to arrive (the collector batches). */
async function fetchTrace(queryPort, traceId) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const response = await fetch(`http://127.0.0.1:${queryPort}/api/traces/${traceId}`);
    if (response.ok) {
      const body = await response.json();
      const trace = body.data?.[0];
      if (trace && trace.spans.length >= 6) return trace;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`trace ${traceId} not found in Jaeger`);
}

/** Jaeger's spans as { name, parent name, tags }, checked the way a user reads the trace. */
function assertDocgenTrace(trace, traceId, { service, framework, routes }) {
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

test('the example app traced straight into Jaeger: the trace found by the logged correlation ID', async () => {
  const backend = await startBackend();
  const run = await runApp(join(ROOT, 'examples/express/app.ts'), {
    cwd: ROOT,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}`, OTEL_SERVICE_NAME: 'bookshop-docs', DOCGEN_OUTPUT: join(ROOT, 'test/fixtures/jaeger/.out/openapi.json') },
  });
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)?.[1];
  assert.ok(traceId, run.stderr);
  assert.match(run.stderr, `trace ${traceId} sent to http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}/v1/traces`);
  const trace = await fetchTrace(backend.JAEGER_QUERY_PORT, traceId);
  assertDocgenTrace(trace, traceId, { service: 'bookshop-docs', framework: 'express', routes: 8 });
  const load = trace.spans.find((s) => s.operationName === 'docgen.load');
  assert.ok(load.tags.some((t) => t.key === 'docgen.load.modules' && t.value > 10));
});

test('otel-collector.yaml: app -> collector (OTLP HTTP) -> Jaeger (OTLP gRPC), batch processor in between', async () => {
  const backend = await startBackend();
  const collector = { grpc: await freePort(), http: await freePort() };
  await startJaeger(
    join(ROOT, 'otel-collector.yaml'),
    {
      COLLECTOR_OTLP_GRPC_ENDPOINT: `127.0.0.1:${collector.grpc}`,
      COLLECTOR_OTLP_HTTP_ENDPOINT: `127.0.0.1:${collector.http}`,
      JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${backend.JAEGER_OTLP_GRPC_PORT}`,
    },
    // The collector has no query API: it is ready when its OTLP HTTP port answers.
    async () => {
      const response = await fetch(`http://127.0.0.1:${collector.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return response.status < 500;
    },
  );
  const run = await runApp(join(ROOT, 'examples/hono/app.ts'), {
    cwd: ROOT,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.http}`, DOCGEN_OUTPUT: join(ROOT, 'test/fixtures/jaeger/.out/hono.json') },
  });
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
  const trace = await fetchTrace(backend.JAEGER_QUERY_PORT, traceId);
  assertDocgenTrace(trace, traceId, { service: 'docgen', framework: 'hono', routes: 4 });
});

test('the embedded default trace file is OTLP JSON that Jaeger takes as it is', async () => {
  const backend = await startBackend();
  const run = await runApp('tracing/app.mjs');
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
  const file = readFileSync(join(run.cwd, 'openapi.trace.json'), 'utf8');
  const posted = await fetch(`http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
  assert.is(posted.status, 200, await posted.text());
  const trace = await fetchTrace(backend.JAEGER_QUERY_PORT, traceId);
  assertDocgenTrace(trace, traceId, { service: 'docgen', framework: 'express', routes: 2 });
});

test.after(() => {
  for (const child of running) child.kill('SIGTERM');
});

test.run();
