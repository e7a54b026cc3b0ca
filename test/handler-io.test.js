// What handlers send and read, from their code (src/jsdoc/handler-responses.ts): each fixture
// runs under the preload and the document it writes is asserted exactly, and is valid OpenAPI 3.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readRegistration } from '../dist/jsdoc/index.js';
import { standardStatusNames } from '../dist/jsdoc/status-names.js';
import { fillOpen } from '../dist/learn/fill-open.js';
import { operation } from './helpers/run-app.js';
import { introspectedRuns } from './helpers/fixture-runs.js';

const fixtureRun = introspectedRuns('handler-io');
const documented = async (entry, env) => (await fixtureRun(entry, env)).document;

const json = (schema) => ({ 'application/json': { schema } });
const object = (properties) => ({ type: 'object', properties, required: Object.keys(properties) });
const untyped = (...names) => ({ required: true, content: json({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, {}])) }) });
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const ERROR = object({ code: { type: 'integer' }, message: { type: 'string' } });
/** docgen's placeholder, kept beside what the code sends: the code does not show all an operation answers (middleware, thrown errors). */
const OTHERS = { default: { description: 'Default response' } };

test('Express (CommonJS JavaScript): a helper sends the 404, literal shapes, a query read', async () => {
  const op = operation(await documented('express.cjs'), 'GET /users/{id}');
  assert.equal(op.parameters, [ID, { name: 'verbose', in: 'query', schema: {} }]);
  assert.equal(op.responses, {
    200: {
      description: 'OK',
      content: json(object({ id: { type: 'integer' }, name: { type: 'string' }, admin: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } }, score: { type: 'number' }, manager: { type: 'null' } })),
    },
    404: { description: 'Not Found', content: json(ERROR) },
    ...OTHERS,
  });
});

test('Express: destructured body fields, req.get header, a bare res.status(400) then res.send, httpStatus.CREATED', async () => {
  const op = operation(await documented('express.cjs'), 'POST /users');
  assert.equal(op.parameters, [{ name: 'X-Request-Id', in: 'header', schema: {} }]);
  assert.equal(op.requestBody, untyped('email', 'password'));
  assert.equal(op.responses, {
    201: { description: 'Created', content: json(object({ email: {} })) },
    400: { description: 'Bad Request', content: json(object({ message: { type: 'string' }, requestId: {} })) },
    ...OTHERS,
  });
});

test('Express: empty responses (httpStatus.NO_CONTENT + send(), sendStatus, end()) and a redirect', async () => {
  const document = await documented('express.cjs');
  assert.equal(operation(document, 'DELETE /users/{id}').responses, { 204: { description: 'No Content' }, ...OTHERS });
  assert.equal(operation(document, 'PUT /users/{id}/avatar').responses, { 204: { description: 'No Content' }, ...OTHERS });
  assert.equal(operation(document, 'GET /ping').responses, { 200: { description: 'OK' }, ...OTHERS });
  assert.equal(operation(document, 'GET /logout').responses, { 302: { description: 'Found' }, ...OTHERS });
});

test('Express (TypeScript): StatusCodes, the file\'s const enum and const object, a typed variable\'s body', async () => {
  const document = await documented('express.ts');
  const post = operation(document, 'POST /books');
  assert.equal(post.requestBody, untyped('title'));
  assert.equal(post.responses, {
    201: { description: 'Created', content: json(object({ id: { type: 'string' }, title: { type: 'string' } })) },
    409: { description: 'Conflict', content: json(object({ error: { type: 'string' }, title: {} })) },
    ...OTHERS,
  });
  const get = operation(document, 'GET /books/{id}');
  assert.equal(get.parameters, [ID, { name: 'page', in: 'query', schema: {} }]);
  assert.equal(get.responses, { 200: { description: 'OK', content: json(object({ id: {}, page: {} })) }, 410: { description: 'Gone' }, ...OTHERS });
});

test('Koa: ctx.status then ctx.body, ctx.throw(StatusCodes.BAD_REQUEST), a helper, ctx.request.body, ctx.get, ctx.body = null', async () => {
  const document = await documented('koa.cjs');
  const get = operation(document, 'GET /orders/{id}');
  assert.equal(get.parameters, [ID, { name: 'expand', in: 'query', schema: {} }]);
  assert.equal(get.responses, {
    200: { description: 'OK', content: json(object({ id: { type: 'integer' }, total: { type: 'number' }, paid: { type: 'boolean' } })) },
    400: { description: 'Bad Request' },
    404: { description: 'Not Found', content: json(ERROR) },
    ...OTHERS,
  });
  const post = operation(document, 'POST /orders');
  assert.equal(post.parameters, [{ name: 'Idempotency-Key', in: 'header', schema: {} }]);
  assert.equal(post.requestBody, untyped('items'));
  assert.equal(post.responses, { 201: { description: 'Created', content: json(object({ items: {}, key: {} })) }, ...OTHERS });
  assert.equal(operation(document, 'DELETE /orders/{id}').responses, { 204: { description: 'No Content' }, ...OTHERS });
});

test('Hono: c.json(x, n) with a typed variable, c.body(null, httpStatus.NO_CONTENT), c.notFound, c.text, c.redirect, c.req reads (not c.get)', async () => {
  const document = await documented('hono.ts');
  const list = operation(document, 'GET /books');
  assert.equal(list.parameters, [{ name: 'q', in: 'query', schema: {} }, { name: 'X-Trace', in: 'header', schema: {} }]);
  assert.equal(list.responses, {
    200: { description: 'OK', content: json({ type: 'array', items: object({ id: { type: 'integer' }, title: { type: 'string' }, q: {}, trace: {}, user: {} }) }) },
    410: { description: 'Gone', content: json(ERROR) },
    ...OTHERS,
  });
  const post = operation(document, 'POST /books');
  assert.equal(post.requestBody, untyped('title'));
  assert.equal(post.responses, { 201: { description: 'Created', content: json(object({ id: { type: 'number' }, title: { type: 'string' } })) }, ...OTHERS });
  assert.equal(operation(document, 'DELETE /books/{id}').responses, { 204: { description: 'No Content' }, ...OTHERS });
  assert.equal(operation(document, 'GET /books/{id}').responses, { 200: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } }, 404: { description: 'Not Found' }, ...OTHERS });
  assert.equal(operation(document, 'GET /old').responses, { 302: { description: 'Found' }, ...OTHERS });
});

test('Koa (TypeScript, ES module): ctx.request.query destructured, a body `as Order` (its type, optional field included), the file\'s const enum status', async () => {
  const document = await documented('koa.ts');
  const list = operation(document, 'GET /orders');
  assert.equal(list.parameters, [{ name: 'page', in: 'query', schema: {} }]);
  assert.equal(list.responses, { 200: { description: 'OK', content: json({ type: 'array', items: object({ id: { type: 'integer' }, total: { type: 'number' }, page: {} }) }) }, ...OTHERS });
  assert.equal(operation(document, 'POST /orders').responses, {
    201: { description: 'Created', content: json({ type: 'object', properties: { id: { type: 'number' }, total: { type: 'number' }, note: { type: 'string' } }, required: ['id', 'total'] }) },
    ...OTHERS,
  });
  assert.equal(operation(document, 'PUT /orders/{id}').responses, { 202: { description: 'Accepted', content: json(object({ queued: { type: 'boolean' } })) }, ...OTHERS });
});

test('Hono (CommonJS JavaScript): StatusCodes through a helper and inline, c.req.queries, await c.req.json() destructured, c.html', async () => {
  const document = await documented('hono.cjs');
  const list = operation(document, 'GET /tags');
  assert.equal(list.parameters, [{ name: 'tag', in: 'query', schema: {} }]);
  assert.equal(list.responses, { 200: { description: 'OK', content: json(object({ tags: {}, count: { type: 'integer' } })) }, ...OTHERS });
  const post = operation(document, 'POST /tags');
  assert.equal(post.requestBody, untyped('name'));
  assert.equal(post.responses, {
    201: { description: 'Created', content: json(object({ name: {} })) },
    422: { description: 'Unprocessable Entity', content: json(object({ error: {} })) },
    ...OTHERS,
  });
  assert.equal(operation(document, 'GET /about').responses, { 200: { description: 'OK', content: { 'text/html': { schema: { type: 'string' } } } }, ...OTHERS });
});

test('handlers in another CommonJS module (books.list, a JSDoc\'d books.create wrapped in catchAsync, books.remove): read where they are written', async () => {
  const document = await documented('express-controllers.cjs');
  const list = operation(document, 'GET /books');
  assert.equal(list.parameters, [{ name: 'genre', in: 'query', schema: {} }]);
  assert.equal(list.responses, { 200: { description: 'OK', content: json({ type: 'array', items: object({ id: { type: 'integer' }, title: { type: 'string' }, genre: {} }) }) }, ...OTHERS });
  const create = operation(document, 'POST /books');
  assert.is(create.summary, 'Add a book.');
  assert.equal(create.requestBody, untyped('title'));
  assert.equal(create.responses, {
    201: { description: 'Created', content: json(object({ id: { type: 'integer' }, title: {} })) },
    409: { description: 'The title is taken', content: json(object({ message: { type: 'string' } })) },
  });
  assert.equal(operation(document, 'DELETE /books/{id}').responses, { 204: { description: 'No Content' }, ...OTHERS });
  // Where the operation is registered stays its source.
  assert.match(create['x-docgen-source'], /express-controllers\.cjs:8$/);
});

test('handlers an ES module imports from the app\'s own TypeScript modules (a namespace import, a named one, `./x.js` for x.ts): read where they are written', async () => {
  const document = await documented('esm/app.ts');
  assert.equal(operation(document, 'GET /books').responses, { 200: { description: 'OK', content: json({ type: 'array', items: object({ id: { type: 'integer' }, title: { type: 'string' } }) }) }, ...OTHERS });
  const create = operation(document, 'POST /books');
  assert.equal([create.summary, create.tags], ['Add a book.', ['books']]);
  assert.equal(create.requestBody, untyped('title'));
  assert.equal(create.responses, {
    201: { description: 'Created', content: json(object({ id: { type: 'integer' }, title: {} })) },
    400: { description: 'Bad Request', content: json(object({ error: { type: 'string' } })) },
    ...OTHERS,
  });
  assert.equal(operation(document, 'GET /health').responses, { 200: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } }, ...OTHERS });
  assert.match(create['x-docgen-source'], /esm\/app\.ts:9$/);
});

test('precedence: the validator\'s body over the fields read; JSDoc\'s words over the status names; the code\'s bodies kept', async () => {
  const op = operation(await documented('precedence.mjs'), 'POST /register');
  assert.equal(op.requestBody.content['application/json'].schema.properties, { email: { type: 'string', minLength: 1, format: 'email' } });
  assert.equal(op.responses, {
    201: { description: 'The user', content: json(object({ id: { type: 'integer' }, email: {}, nickname: {} })) },
    409: { description: 'The email is taken', content: json(object({ message: { type: 'string' } })) },
  });
});

test('DOCGEN_SOURCE_DOCS=0: every response is docgen\'s default again', async () => {
  const op = operation(await documented('express.cjs', { DOCGEN_SOURCE_DOCS: '0' }), 'GET /users/{id}');
  assert.equal(op.responses, { default: { description: 'Default response' } });
  assert.equal(op.parameters, [ID]);
});

test('the status names table agrees with the installed http-status and http-status-codes', () => {
  const require = createRequire(import.meta.url);
  const httpStatus = require('http-status');
  const constants = httpStatus.default ?? httpStatus;
  const { StatusCodes } = require('http-status-codes');
  const table = new Map(standardStatusNames());
  const missing = [];
  for (const source of [constants, StatusCodes]) {
    for (const [name, code] of Object.entries(source)) {
      if (!/^[A-Z][A-Z_]*$/.test(name) || typeof code !== 'number') continue;
      if (table.get(name) !== code) missing.push(`${name}=${code} (table: ${table.get(name)})`);
    }
  }
  assert.equal(missing, []);
});

// In-process, on scratch files: the edges of the reader.
const scratch = mkdtempSync(join(tmpdir(), 'docgen-handler-io-'));
let files = 0;
/** What the one registration on the file's line 2 sends and reads. */
function io(source, ext = 'js') {
  const file = join(scratch, `h${files++}.${ext}`);
  writeFileSync(file, `import express from 'express';\n${source}\n`);
  return readRegistration(file, 2, undefined)?.io;
}
const statuses = (found) => found?.responses.map((r) => r.status);

test('a status set in a branch stays there; a status known only at run time documents nothing', () => {
  assert.equal(statuses(io("app.get('/a', (req, res) => { if (req.query.x) { res.status(400); } res.json({ ok: true }); });")), [200, 400]);
  const runtime = io("app.get('/a', (req, res) => { const code = 418; res.status(req.query.code).json({}); });");
  assert.equal([runtime.responses, runtime.query], [[], ['code']], 'the fields read in the chain still count');
});

test('a callback that rebinds res is not read; one that closes over it is', () => {
  assert.equal(statuses(io("app.get('/a', (req, res) => { list((res) => res.status(500).end()); load().then(() => res.status(202).end()); });")), [202]);
});

test('helpers: two calls deep, not three; an ambiguous name is not followed', () => {
  const chain = ["app.get('/a', (req, res) => one(res));", 'function one(r) { two(r); }', 'function two(r) { r.sendStatus(401); three(r); }', 'function three(r) { r.sendStatus(403); }'].join('\n');
  assert.equal(statuses(io(chain)), [401]);
});

test('a handler wrapped in a call (catchAsync, asyncHandler), inline or named; a call with two functions is no wrapper', () => {
  assert.equal(statuses(io("app.post('/a', catchAsync(async (req, res) => { res.status(201).end(); }));")), [201]);
  assert.equal(statuses(io(["app.get('/a', show);", 'const show = asyncHandler(async (req, res) => { res.sendStatus(202); });'].join('\n'))), [202]);
  assert.is(io(["app.get('/a', show);", 'const show = either((req, res) => res.sendStatus(202), (req, res) => res.sendStatus(203));'].join('\n')), undefined);
});

test('header names: Authorization, Accept and Content-Type are not parameters; a name read twice is one', () => {
  const found = io("app.get('/a', (req, res) => { req.get('Authorization'); req.get('x-id'); req.headers['X-Id']; req.header('accept'); res.end(); });");
  assert.equal(found.headers, ['x-id']);
});

test('const objects, enums and Object.freeze tables of the file; http-status-codes under a namespace import', () => {
  const source = [
    "app.get('/a', (req, res) => { if (a) res.sendStatus(Codes.Teapot); if (b) res.sendStatus(Frozen.Locked); if (c) res.sendStatus(NS.StatusCodes.GONE); res.sendStatus(E.Accepted); });",
    "import * as NS from 'http-status-codes';",
    'const Codes = { Teapot: 418 } as const;',
    'const Frozen = Object.freeze({ Locked: 423 });',
    'enum E { Accepted = 202 }',
  ].join('\n');
  assert.equal(statuses(io(source, 'ts')), [202, 410, 418, 423]);
});

test('an object literal with a spread or a computed key has more properties than it names: additionalProperties true, then filled from traffic; a declared map is not', () => {
  const found = io("app.post('/a', (req, res) => { res.status(201).json({ ...req.body, id: 'u1', [req.query.k]: 1 }); });");
  const schema = found.responses[0].content['application/json'];
  assert.equal(schema, { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: true });
  const learned = { type: 'object', properties: { age: { type: 'integer' }, id: { type: 'string' }, name: { type: 'string' } }, required: ['age', 'id'] };
  assert.equal(fillOpen(schema, learned), { type: 'object', properties: { id: { type: 'string' }, age: { type: 'integer' }, name: { type: 'string' } }, required: ['age', 'id'] });
  // A literal without a spread names every property: traffic adds none.
  assert.is(fillOpen({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, learned), undefined);
  // A declared map (Record<string, unknown>, z.record(z.any())) stays one; a validator's object of
  // any-typed fields gets types in its `{}` places only: no field made required, none added.
  assert.is(fillOpen({ type: 'object', additionalProperties: {} }, learned), undefined);
  assert.equal(fillOpen({ type: 'object', properties: { age: {}, name: {} }, additionalProperties: false }, learned), { type: 'object', properties: { age: { type: 'integer' }, name: { type: 'string' } }, additionalProperties: false });
  // The fields a handler reads (the code reader's names-only object) take traffic's object.
  assert.equal(fillOpen({ type: 'object', properties: { name: {}, nick: {} } }, learned), { type: 'object', properties: { age: { type: 'integer' }, id: { type: 'string' }, name: { type: 'string' }, nick: {} }, required: ['age', 'id'] });
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test.run();
