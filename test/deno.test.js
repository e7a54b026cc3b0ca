// Deno 2: `deno run -A --preload <docgen register> app.ts`. Apps whose dependencies come from a
// package.json with node_modules (this repository) and from deno.json npm: imports; served by
// Deno.serve, node:http, or only exported; every way a Deno process ends; tracing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { denoRuntime } from '../scripts/runtimes.js';
import { FIXTURES, operations } from './helpers/run-app.js';
import { REGISTER, runDeno as runDenoWith } from './helpers/deno.js';
import { assertValidOpenApi } from './helpers/validate.js';

const deno = denoRuntime();
const runDeno = (entry, options) => runDenoWith(deno, entry, options);

/**
 * A Deno-first fixture copied out of this repository, whose node_modules would otherwise be
 * found above it: a Deno-first project has none. Returns its entry and its deno.json.
 */
function denoFirst(folder) {
  const dir = join(mkdtempSync(join(tmpdir(), 'docgen-deno-first-')), folder);
  cpSync(join(FIXTURES, folder), dir, { recursive: true });
  return { entry: join(dir, 'main.ts'), config: join(dir, 'deno.json') };
}

if (!deno) {
  console.log('# skipped: Deno is not available here (DOCGEN_TEST_RUNTIMES=current)');
  test.skip('the Deno suite (Deno is not available here)', () => {});
} else {
  test('Deno.exit(3): the document is written and the status kept', async () => {
    const run = await runDeno('deno/exit.ts', { env: { EXIT_CODE: '3' } });
    assert.is(run.status, 3, run.stderr);
    assert.equal(operations(run.document), ['GET /before-exit']);
    await assertValidOpenApi(run.document);
  });

  test('Deno.serve + SIGINT: the document is written and the process dies of the signal', async () => {
    const run = await runDeno('deno/serve.ts', { signal: 'SIGINT' });
    assert.ok(run.signal === 'SIGINT' || run.status === 130, `status ${run.status} signal ${run.signal}\n${run.stderr}`);
    assert.equal(operations(run.document), ['GET /hello', 'GET /late']);
  });

  test('Koa on node:http + SIGTERM under Deno', async () => {
    const run = await runDeno('deno/node-http.ts', { signal: 'SIGTERM' });
    assert.ok(run.signal === 'SIGTERM' || run.status === 143, `status ${run.status} signal ${run.signal}\n${run.stderr}`);
    assert.equal(operations(run.document), ['GET /ping']);
    assert.match(run.document.paths['/ping'].get['x-docgen-source'], /deno\/node-http\.ts:7$/);
  });

  test('an uncaught error under Deno: the document marked incomplete, the app failing as it would', async () => {
    const run = await runDeno('lifecycle/throws-at-import.mjs', { env: { EXPRESS: 'express5' } });
    assert.is(run.status, 1);
    assert.match(run.stderr, 'boom at import');
    assert.is(run.document['x-docgen-incomplete'], true);
  });

  test('a Deno-first project (deno.json npm: imports, no node_modules) with the same, self-contained preload', async () => {
    const project = denoFirst('deno-first');
    const run = await runDeno(project.entry, { config: project.config, preload: REGISTER });
    assert.is(run.status, 0, run.stderr);
    assert.equal(operations(run.document), ['GET /v1/greetings/{name}', 'POST /v1/greetings']);
    assert.is(run.document.paths['/v1/greetings/{name}'].get.operationId, 'greet');
    assert.match(run.document.paths['/v1/greetings/{name}'].get['x-docgen-source'], /deno-first\/main\.ts:6$/);
    assert.ok(existsSync(join(run.cwd, 'openapi.trace.json')), 'the embedded default trace');
    await assertValidOpenApi(run.document);
  });

  test('Deno-first Express and Koa projects (npm: imports): documented like the others', async () => {
    const expressProject = denoFirst('deno-first-express');
    const express = await runDeno(expressProject.entry, { config: expressProject.config, preload: REGISTER });
    assert.is(express.status, 0, express.stderr);
    assert.equal(operations(express.document), ['GET /orders/{orderId}']);
    assert.is(express.document.paths['/orders/{orderId}'].get.operationId, 'getOrder');
    const koaProject = denoFirst('deno-first-koa');
    const koa = await runDeno(koaProject.entry, { config: koaProject.config, preload: REGISTER });
    assert.is(koa.status, 0, koa.stderr);
    assert.equal(operations(koa.document), ['GET /shop/items']);
    assert.is(koa.document.paths['/shop/items'].get.operationId, 'list-items');
    assert.match(koa.document.paths['/shop/items'].get['x-docgen-source'], /deno-first-koa\/main\.ts:7$/);
  });

  test("OTLP export under Deno, with Deno's own OpenTelemetry on (OTEL_DENO): docgen's trace arrives whole", async () => {
    const bodies = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push({ url: req.url, type: req.headers['content-type'], body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${server.address().port}`;
      const run = await runDeno('tracing/app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_DENO: 'true' } });
      assert.is(run.status, 0, run.stderr);
      const traceId = /\[([0-9a-f]{32})\]/.exec(run.stderr)[1];
      assert.match(run.stderr, `trace ${traceId} sent to ${endpoint}/v1/traces`);
      const docgen = bodies
        .filter((b) => b.url === '/v1/traces' && b.type?.includes('json'))
        .flatMap((b) => JSON.parse(b.body).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))
        .filter((s) => s.traceId === traceId);
      assert.equal(docgen.map((s) => s.name).sort(), ['docgen.detect', 'docgen.discover', 'docgen.load', 'docgen.session', 'docgen.spec.build', 'docgen.spec.write']);
      assert.not.ok(existsSync(join(run.cwd, 'openapi.trace.json')));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
}

test.run();
