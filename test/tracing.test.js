// docgen's own trace: one per process, its ID in every log line, spans for every step with
// their measures, written as OTLP JSON by default, exported over OTLP/HTTP when configured,
// and never in the way of the app's own OpenTelemetry or of its exit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';


test('embedded default: an OTLP JSON trace beside the document, one summary line naming both', async () => {
  const run = await runApp('tracing/app.mjs');
  assert.is(run.status, 0, run.stderr);
  const otlp = readTrace(run.cwd);
  const resource = Object.fromEntries(otlp.resourceSpans[0].resource.attributes.map((kv) => [kv.key, kv.value.stringValue ?? kv.value.intValue]));
  assert.is(resource['service.name'], 'docgen');
  // The SDK is OpenTelemetry's, in the version installed; docgen is the distribution.
  const sdk = JSON.parse(readFileSync(join(ROOT, 'node_modules/@opentelemetry/sdk-trace-node/package.json'), 'utf8'));
  assert.is(resource['telemetry.sdk.name'], 'opentelemetry');
  assert.is(resource['telemetry.sdk.language'], 'nodejs');
  assert.is(resource['telemetry.sdk.version'], sdk.version);
  assert.is(resource['telemetry.distro.name'], 'docgen');
  assert.is(resource['telemetry.distro.version'], JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const spans = spansOf(otlp);
  const root = spans.find((s) => s.name === 'docgen.session');
  assert.ok(root, 'a docgen.session root span');
  assert.is(root.parentSpanId, undefined);
  const names = spans.map((s) => s.name).sort();
  assert.equal(names, ['docgen.detect', 'docgen.discover', 'docgen.load', 'docgen.session', 'docgen.spec.build', 'docgen.spec.write']);
  for (const span of spans) {
    assert.is(span.traceId, root.traceId, `${span.name} is in the one trace`);
    if (span !== root) assert.is(span.parentSpanId, root.spanId, `${span.name} is a child of docgen.session`);
    assert.type(span.attributes['docgen.duration_ms'], 'number', `${span.name} has docgen.duration_ms`);
    assert.type(span.attributes['docgen.memory.heap_delta_bytes'], 'number');
    assert.ok(span.attributes['docgen.memory.rss_bytes'] > 1e6, `${span.name} has docgen.memory.rss_bytes`);
    assert.ok(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano));
  }
  const discover = spans.find((s) => s.name === 'docgen.discover');
  assert.is(discover.attributes['docgen.framework'], 'express');
  assert.is(discover.attributes['docgen.routes.count'], 2);
  const routes = discover.events.filter((e) => e.name === 'docgen.route').map((e) => e.attributes);
  assert.equal(routes, [
    { 'http.request.method': 'GET', 'http.route': '/items', 'code.file.path': routes[0]['code.file.path'], 'code.line.number': 4 },
    { 'http.request.method': 'GET', 'http.route': '/items/{id}', 'code.file.path': routes[1]['code.file.path'], 'code.line.number': 5 },
  ]);
  assert.match(routes[0]['code.file.path'], /tracing\/app\.mjs$/);
  const detect = spans.find((s) => s.name === 'docgen.detect');
  assert.is(detect.attributes['docgen.framework'], 'express');
  assert.is(detect.attributes['docgen.package.name'], 'express');
  const load = spans.find((s) => s.name === 'docgen.load');
  assert.ok(load.attributes['docgen.load.modules'] > 10, 'modules counted');
  assert.is(spans.find((s) => s.name === 'docgen.spec.write').attributes['docgen.output.bytes'], Buffer.byteLength(run.text));
  // the correlation ID of every log line is the trace ID
  const lines = run.stderr.trim().split('\n').filter((l) => l.startsWith('docgen'));
  assert.ok(lines.length >= 1);
  for (const line of lines) assert.ok(line.endsWith(`[${root.traceId}]`), line);
  assert.match(run.stderr, `wrote openapi.json: 2 operations from 1 app; trace: openapi.trace.json [${root.traceId}]`);
});

test('docgen.detect names the package it instrumented: @koa/router with its own version, beside Koa with Koa\'s', async () => {
  const run = await runApp('koa/main.cjs', { env: { KOA: 'koa3', ROUTER: '@koa/router' } });
  assert.is(run.status, 0, run.stderr);
  const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  const detects = spansOf(readTrace(run.cwd))
    .filter((s) => s.name === 'docgen.detect')
    .map((s) => s.attributes);
  const byPackage = Object.fromEntries(detects.map((a) => [a['docgen.package.name'], a]));
  assert.equal(Object.keys(byPackage).sort(), ['@koa/router', 'koa', 'koa-mount']);
  assert.is(byPackage['@koa/router']['docgen.package.version'], version('@koa/router'));
  assert.is(byPackage['@koa/router']['docgen.framework'], 'koa');
  assert.is(byPackage.koa['docgen.package.version'], version('koa3'));
  assert.is(byPackage['@koa/router']['docgen.package.instrumented'], true);
  assert.is(byPackage['@koa/router']['docgen.package.supported_versions'], '>=10.0.0 <16.0.0');
  // No attribute pairs Koa with a router's version any more.
  for (const attributes of detects) assert.is(attributes['docgen.framework.version'], undefined);
});

test('TypeScript loading is counted on docgen.load: transpiles, then cache hits on the next run', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'docgen-cache-'));
  const env = { DOCGEN_CACHE_DIR: cacheDir };
  const first = spansOf(readTrace((await runApp('loading/esm/app.ts', { env })).cwd)).find((s) => s.name === 'docgen.load');
  const second = spansOf(readTrace((await runApp('loading/esm/app.ts', { env })).cwd)).find((s) => s.name === 'docgen.load');
  assert.is(first.attributes['docgen.load.transpiled'], 3);
  assert.is(first.attributes['docgen.load.cache_hits'], 0);
  assert.is(second.attributes['docgen.load.transpiled'], 0);
  assert.is(second.attributes['docgen.load.cache_hits'], 3);
});

test('DOCGEN_LOG_FORMAT=json: every docgen line is one JSON object with the correlation ID', async () => {
  const run = await runApp('lifecycle/exit-code.mjs', { env: { DOCGEN_LOG_FORMAT: 'json' } });
  const lines = run.stderr.trim().split('\n').filter(Boolean);
  assert.ok(lines.length >= 1);
  const traceId = spansOf(readTrace(run.cwd))[0].traceId;
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.equal(Object.keys(entry).sort(), ['correlation_id', 'level', 'logger', 'message', 'timestamp']);
    assert.is(entry.correlation_id, traceId);
    assert.is(entry.logger, 'docgen');
    assert.ok(!Number.isNaN(Date.parse(entry.timestamp)));
  }
});

test('OTEL_TRACES_EXPORTER=none: no trace file, the document still written', async () => {
  const run = await runApp('tracing/app.mjs', { env: { OTEL_TRACES_EXPORTER: 'none' } });
  assert.ok(run.document);
  assert.not.ok(existsSync(join(run.cwd, 'openapi.trace.json')));
  assert.not.match(run.stderr, 'trace');
});

test('DOCGEN_PERFORMANCE_METRICS=1 prints count, total, average, minimum, maximum and memory per step', async () => {
  const run = await runApp('tracing/app.mjs', { env: { DOCGEN_PERFORMANCE_METRICS: '1' } });
  for (const step of ['docgen.load', 'docgen.detect', 'docgen.discover', 'docgen.spec.build', 'docgen.spec.write']) {
    assert.match(run.stderr, new RegExp(`performance ${step.replace('.', '\\.')}: 1x, total [\\d.]+ ms, avg [\\d.]+ ms, min [\\d.]+ ms, max [\\d.]+ ms, heap [+-][\\d.]+ MiB, rss [\\d.]+ MiB`));
  }
});

test('a failing step records the exception and an error status on its span', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-trace-'));
  writeFileSync(join(cwd, 'blocker'), '');
  const run = await runApp('tracing/app.mjs', { cwd, env: { DOCGEN_OUTPUT: 'blocker/openapi.json', DOCGEN_TRACE_OUTPUT: join(cwd, 'trace.json') } });
  const write = spansOf(readTrace(cwd, 'trace.json')).find((s) => s.name === 'docgen.spec.write');
  assert.is(write.status.code, 2);
  const exception = write.events.find((e) => e.name === 'exception');
  assert.ok(exception, 'an exception event');
  assert.match(exception.attributes['exception.message'], /ENOTDIR/);
});

test("the app's own OpenTelemetry provider keeps its global place and gets only the app's spans", async () => {
  const run = await runApp('tracing/own-otel.mjs');
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, 'global-provider-is-app true');
  const exported = run.stdout.split('\n').filter((l) => l.startsWith('app-exported '));
  assert.equal(exported.map((l) => l.split(' ')[1]), ['app.work']);
  const docgenSpans = spansOf(readTrace(run.cwd));
  assert.not.ok(docgenSpans.some((s) => s.name === 'app.work'));
  assert.not.ok(exported.some((l) => l.includes(docgenSpans[0].traceId)), 'the app trace is not docgen’s');
});

/** A local OTLP endpoint: `mode` 'accept' answers 200 and keeps the bodies, 'hang' never answers. */
function collector(mode) {
  const bodies = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push({ url: req.url, headers: req.headers, body });
      if (mode === 'accept') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, bodies, close: () => server.closeAllConnections() || server.close() })));
}

test('OTLP/HTTP: the trace goes to OTEL_EXPORTER_OTLP_ENDPOINT with its headers, the same IDs as the log, no file', async () => {
  const sink = await collector('accept');
  try {
    const run = await runApp('tracing/app.mjs', {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cret', OTEL_SERVICE_NAME: 'my-api' },
    });
    assert.is(run.status, 0, run.stderr);
    assert.is(sink.bodies.length, 1);
    assert.is(sink.bodies[0].url, '/v1/traces');
    assert.is(sink.bodies[0].headers['x-api-key'], 's3cret');
    assert.not.match(run.stderr, 's3cret');
    const spans = spansOf(JSON.parse(sink.bodies[0].body));
    const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
    assert.ok(spans.every((s) => s.traceId === traceId));
    assert.is(spans.length, 6);
    const root = spans.find((s) => s.name === 'docgen.session');
    assert.ok(spans.filter((s) => s !== root).every((s) => s.parentSpanId === root.spanId));
    const service = JSON.parse(sink.bodies[0].body).resourceSpans[0].resource.attributes.find((kv) => kv.key === 'service.name');
    assert.is(service.value.stringValue, 'my-api');
    assert.match(run.stderr, `trace ${traceId} sent to http://127.0.0.1:${sink.port}/v1/traces`);
    assert.not.ok(existsSync(join(run.cwd, 'openapi.trace.json')));
  } finally {
    sink.close();
  }
});

test('a collector that is down: the document is written, one warning, the trace kept in a file', async () => {
  const sink = await collector('accept');
  const port = sink.port;
  sink.close();
  const run = await runApp('tracing/app.mjs', { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`, DOCGEN_TRACE_TIMEOUT_MS: '1000' } });
  assert.is(run.status, 0);
  assert.ok(run.document);
  const warnings = run.stderr.split('\n').filter((l) => l.startsWith('docgen warning'));
  assert.is(warnings.length, 1, run.stderr);
  assert.match(warnings[0], `was not exported to http://127.0.0.1:${port}/v1/traces`);
  assert.match(warnings[0], 'written to openapi.trace.json instead');
  assert.is(spansOf(readTrace(run.cwd)).length, 6);
});

test('a collector that never answers does not hold the exit beyond the bound', async () => {
  const sink = await collector('hang');
  try {
    const started = Date.now();
    const run = await runApp('tracing/app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`, DOCGEN_TRACE_TIMEOUT_MS: '500' } });
    const elapsed = Date.now() - started;
    assert.is(run.status, 0);
    assert.ok(run.document, 'the document was written first');
    // 500 ms for the export, plus the worker's start-up allowance (3 s) at the very most
    assert.ok(elapsed < 5000, `the exit took ${elapsed} ms`);
    assert.match(run.stderr, 'was not exported');
    assert.ok(existsSync(join(run.cwd, 'openapi.trace.json')));
  } finally {
    sink.close();
  }
});

test.run();
