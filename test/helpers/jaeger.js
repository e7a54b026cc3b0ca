// Shared by the end-to-end tracing tests: real Jaeger v2 and collector processes, free and busy
// ports, and the checks a user would make on a docgen trace read back from Jaeger's query API.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as assert from 'uvu/assert';

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
