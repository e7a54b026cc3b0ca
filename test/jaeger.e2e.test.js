// End to end: a real Jaeger v2 (built from the Go module proxy, scripts/jaeger.js), an example
// app run under the preload with the OTLP endpoint pointing at it, and the trace fetched back
// from Jaeger's query API by the correlation ID the log printed. Then the same through a
// collector running the repository's otel-collector.yaml with every address set from the
// environment, as the container variant does (Jaeger v2 is a collector build). The file as it is,
// beside a Jaeger with its defaults, is test/collector.e2e.test.js.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jaegerBinary } from '../scripts/jaeger.js';
import { assertDocgenTrace, fetchTrace, freePort, otlpHttpAnswers, startJaegerBackend, startProcess, stopAll } from './helpers/jaeger.js';
import { ROOT, runApp } from './helpers/run-app.js';

const JAEGER = jaegerBinary();

/** Jaeger with a config file and environment (its only environment besides PATH and HOME). */
const startJaeger = (config, env, ready) => startProcess('jaeger', JAEGER, [`--config=file:${config}`], env, ready);

test('the example app traced straight into Jaeger: the trace found by the logged correlation ID', async () => {
  const backend = await startJaegerBackend();
  const run = await runApp(join(ROOT, 'examples/express/app.ts'), {
    cwd: ROOT,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}`, OTEL_SERVICE_NAME: 'bookshop-docs', DOCGEN_OUTPUT: join(ROOT, 'test/fixtures/jaeger/.out/openapi.json') },
  });
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)?.[1];
  assert.ok(traceId, run.stderr);
  assert.match(run.stderr, `trace ${traceId} sent to http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}/v1/traces`);
  const trace = await fetchTrace(`http://127.0.0.1:${backend.JAEGER_QUERY_PORT}`, traceId);
  assertDocgenTrace(trace, traceId, { service: 'bookshop-docs', framework: 'express', routes: 8 });
  const load = trace.spans.find((s) => s.operationName === 'docgen.load');
  assert.ok(load.tags.some((t) => t.key === 'docgen.load.modules' && t.value > 10));
});

test('otel-collector.yaml with its addresses from the environment: app -> collector (OTLP HTTP) -> Jaeger (OTLP gRPC)', async () => {
  const backend = await startJaegerBackend();
  const collector = { grpc: await freePort(), http: await freePort() };
  await startJaeger(
    join(ROOT, 'otel-collector.yaml'),
    {
      COLLECTOR_OTLP_GRPC_ENDPOINT: `127.0.0.1:${collector.grpc}`,
      COLLECTOR_OTLP_HTTP_ENDPOINT: `127.0.0.1:${collector.http}`,
      JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${backend.JAEGER_OTLP_GRPC_PORT}`,
    },
    // The collector has no query API: it is ready when its OTLP HTTP port answers.
    otlpHttpAnswers(`http://127.0.0.1:${collector.http}`),
  );
  const run = await runApp(join(ROOT, 'examples/hono/app.ts'), {
    cwd: ROOT,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.http}`, DOCGEN_OUTPUT: join(ROOT, 'test/fixtures/jaeger/.out/hono.json') },
  });
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
  const trace = await fetchTrace(`http://127.0.0.1:${backend.JAEGER_QUERY_PORT}`, traceId);
  assertDocgenTrace(trace, traceId, { service: 'docgen', framework: 'hono', routes: 4 });
});

test('the embedded default trace file is OTLP JSON that Jaeger takes as it is', async () => {
  const backend = await startJaegerBackend();
  const run = await runApp('tracing/app.mjs');
  assert.is(run.status, 0, run.stderr);
  const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
  const file = readFileSync(join(run.cwd, 'openapi.trace.json'), 'utf8');
  const posted = await fetch(`http://127.0.0.1:${backend.JAEGER_OTLP_HTTP_PORT}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
  assert.is(posted.status, 200, await posted.text());
  const trace = await fetchTrace(`http://127.0.0.1:${backend.JAEGER_QUERY_PORT}`, traceId);
  assertDocgenTrace(trace, traceId, { service: 'docgen', framework: 'express', routes: 2 });
});

test.after(stopAll);

test.run();
