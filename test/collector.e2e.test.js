// End to end: the repository's otel-collector.yaml, as it is (no variable set), run by a real
// OpenTelemetry Collector (built from the Go module proxy with the Collector's builder,
// scripts/otelcol.js) beside a real Jaeger v2 started with its defaults, as a user runs both on
// one machine. An example app sends its trace to the collector's default OTLP HTTP address; the
// trace is read back from Jaeger's query API on its default port.
// Skipped (and counted as skipped) when the collector cannot be built here, or when a port that
// Jaeger's or the file's defaults need is taken on this machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { jaegerBinary } from '../scripts/jaeger.js';
import { otelcolBinary } from '../scripts/otelcol.js';
import { assertDocgenTrace, fetchTrace, loggedTraceId, otlpHttpAnswers, portIsFree, startProcess, stopAll } from './helpers/jaeger.js';
import { ROOT, runApp } from './helpers/run-app.js';

const NAME = 'otel-collector.yaml as it is, beside a Jaeger with its defaults: app -> collector -> Jaeger';
/** Jaeger v1.76's defaults (OTLP, UI and query, Zipkin, sampling, health, its metrics) and the file's (4319, 4320). */
const DEFAULT_PORTS = [4317, 4318, 16686, 16685, 14250, 14268, 9411, 5778, 5779, 13132, 13133, 8888, 27777, 27778, 4319, 4320];

const collector = otelcolBinary();
const taken = [];
for (const port of DEFAULT_PORTS) if (!(await portIsFree(port))) taken.push(port);

if (!collector) {
  console.log('  skipped: the OpenTelemetry Collector cannot be built here (see scripts/otelcol.js above)');
  test.skip(NAME);
} else if (taken.length) {
  console.log(`  skipped: ports that the defaults need are taken on this machine: ${taken.join(', ')}`);
  test.skip(NAME);
} else {
  test(NAME, async () => {
    await startProcess('jaeger', jaegerBinary(), [], {}, async () => (await fetch('http://localhost:16686/api/services')).ok);
    const started = await startProcess('otelcol', collector, ['--config', join(ROOT, 'otel-collector.yaml')], {}, otlpHttpAnswers('http://localhost:4320'));
    const run = await runApp(join(ROOT, 'examples/hono/app.ts'), {
      cwd: ROOT,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4320', OTEL_SERVICE_NAME: 'hono-docs', DOCGEN_OUTPUT: join(ROOT, 'test/fixtures/jaeger/.out/hono-collector.json') },
    });
    assert.is(run.status, 0, run.stderr);
    const traceId = loggedTraceId(run.stderr);
    assert.ok(traceId, run.stderr);
    assert.match(run.stderr, `trace ${traceId} sent to http://localhost:4320/v1/traces`);
    const trace = await fetchTrace('http://localhost:16686', traceId);
    assertDocgenTrace(trace, traceId, { service: 'hono-docs', framework: 'hono', routes: 4 });
    assert.not.match(started.log(), /"level":"error"|\terror\t/, `the collector logged an error:\n${started.log()}`);
  });
}

test.after(stopAll);

test.run();
