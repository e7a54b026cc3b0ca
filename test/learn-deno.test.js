// Learning from traffic (issue 14) under Deno 2, end to end: `DOCGEN_LEARN=1 deno run -A
// --preload <docgen register> app`, real requests over loopback (test/fixtures/learn-capture/
// client.mjs: JSON, form and multipart bodies, query and path parameters, a 400, a 404, Bearer,
// Basic, an API key), the app ended as it ends itself (Deno.serve's shutdown(), server.close()).
// The learned document carries the schemas, parameters, statuses and security, and is byte for
// byte the one Node writes for the same app and the same traffic: Hono on Deno.serve against Hono
// on @hono/node-server, Express 5 on Deno's node:http against Express 5 on Node, and Hono's
// app.request()/app.fetch() in-process on both. Not in run.js's every-Node list: the Node side
// runs on the Node that runs this file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { denoRuntime } from '../scripts/runtimes.js';
import { runDeno } from './helpers/deno.js';
import { runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { mediaSchema, USER } from './helpers/learn-expectations.js';

const deno = denoRuntime();

/** The same app learned under Node and under Deno: both runs, each with its document. */
async function bothRuntimes(node, denoEntry, env) {
  const [underNode, underDeno] = await Promise.all([
    runApp(node, { env: { ...env, DOCGEN_LEARN: '1' }, timeout: 60000 }),
    runDeno(deno, denoEntry, { env: { ...env, DOCGEN_LEARN: '1' } }),
  ]);
  assert.is(underNode.status, 0, underNode.stderr);
  assert.is(underDeno.status, 0, underDeno.stderr);
  assert.ok(underDeno.document, `Deno wrote no openapi.json\n${underDeno.stderr}`);
  assert.match(underDeno.stderr, /docgen: wrote openapi\.json: \d+ operations from 1 app/);
  assert.ok(existsSync(join(underDeno.cwd, 'openapi.learned.json')), 'the store beside the document, under Deno');
  return { underNode, underDeno };
}

/** What client.mjs's traffic teaches, as a user reads it in the document. */
function assertLearnedOverLoopback(doc) {
  const create = doc.paths['/users'].post;
  // Only the accepted request shapes the request body: the 400 (a broken body) does not widen it.
  assert.equal(mediaSchema(create.requestBody), {
    type: 'object',
    properties: { age: { type: 'integer' }, email: { type: 'string', format: 'email' }, name: { type: 'string' } },
    required: ['age', 'email', 'name'],
  });
  assert.equal(Object.keys(create.responses).sort(), ['201', '400']);
  assert.equal(mediaSchema(create.responses['201']).required, ['age', 'email', 'id', 'name']);
  const user = doc.paths['/users/{id}'].get;
  assert.equal(mediaSchema(user.responses['200']), USER);
  const params = Object.fromEntries(user.parameters.map((p) => [`${p.in} ${p.name}`, p.schema]));
  assert.equal(params['path id'], { type: 'integer' });
  assert.equal(params['query expand'], { type: 'array', items: { type: 'string' } });
  assert.equal(params['query q'], { type: 'string' });
  assert.ok(doc.paths['/users/{id}'].delete.responses['204'], 'a 204');
  assert.equal(mediaSchema(doc.paths['/stream'].get.responses['200']), { type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } }, required: ['items'] }, 'a streamed JSON body');
  const schemes = Object.values(doc.components.securitySchemes);
  assert.ok(schemes.some((s) => s.type === 'http' && s.scheme === 'bearer'), JSON.stringify(schemes));
  assert.ok(schemes.some((s) => s.type === 'http' && s.scheme === 'basic'));
  assert.ok(schemes.some((s) => s.type === 'apiKey' && s.in === 'header' && s.name === 'x-api-key'));
  assert.ok(doc.paths['/users/me'].get.security?.length, 'the operation called with a Bearer token has security');
  assert.is(doc.paths['/health'].get.security, undefined);
  assert.equal(doc.paths['/health'].get['x-docgen-learned'], { exchanges: 1, accepted: 1 });
}

if (!deno) {
  console.log('# skipped: Deno is not available here (DOCGEN_TEST_RUNTIMES=current)');
  test.skip('learning under Deno (Deno is not available here)', () => {});
} else {
  test('Hono on Deno.serve: the learned document, byte for byte the one Node writes with @hono/node-server', async () => {
    const { underNode, underDeno } = await bothRuntimes('learn-capture/serve.mjs', 'learn-capture/deno-serve.mjs', { FRAMEWORK: 'hono' });
    assertLearnedOverLoopback(underDeno.document);
    // Hono answers the unknown path itself: a 404 and no operation for it.
    assert.equal(Object.keys(underDeno.document.paths['/users/{id}'].get.responses), ['200']);
    assert.is(underDeno.text, underNode.text);
    await assertValidOpenApi(underDeno.document);
  });

  test("Express 5 on Deno's node:http: the learned document, byte for byte the one Node writes", async () => {
    const { underNode, underDeno } = await bothRuntimes('learn-capture/serve.mjs', 'learn-capture/serve.mjs', { FRAMEWORK: 'express5' });
    assertLearnedOverLoopback(underDeno.document);
    assert.equal(mediaSchema(underDeno.document.paths['/file'].get.responses['200']), { type: 'object', properties: { file: { type: 'boolean' }, size: { type: 'integer' } }, required: ['file', 'size'] });
    assert.is(underDeno.text, underNode.text);
    await assertValidOpenApi(underDeno.document);
  });

  test("Hono's app.request() and app.fetch() in-process under Deno: learned, byte for byte as under Node", async () => {
    const { underNode, underDeno } = await bothRuntimes('learn-capture/hono-inprocess.mjs', 'learn-capture/hono-inprocess.mjs', { HONO_BUILD: 'esm' });
    const doc = underDeno.document;
    const create = doc.paths['/users'].post;
    assert.equal(mediaSchema(create.requestBody), { type: 'object', properties: { age: { type: 'integer' }, name: { type: 'string' } }, required: ['age', 'name'] });
    assert.equal(Object.keys(create.responses).sort(), ['201', '400']);
    const user = doc.paths['/users/{id}'].get;
    assert.equal(mediaSchema(user.responses['200']), USER);
    assert.equal(Object.fromEntries(user.parameters.map((p) => [`${p.in} ${p.name}`, p.schema])), { 'path id': { type: 'integer' }, 'query expand': { type: 'string' }, 'header x-tenant': { type: 'string' } });
    assert.equal(mediaSchema(doc.paths['/upload'].post.requestBody, 'multipart/form-data').properties.photo, { contentMediaType: 'application/octet-stream' });
    assert.ok(Object.values(doc.components.securitySchemes).some((s) => s.type === 'apiKey' && s.name === 'x-api-key'));
    assert.is(underDeno.text, underNode.text);
  });
}

test.run();
