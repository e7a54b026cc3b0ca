// Hono apps documented through a library: @hono/zod-openapi (OpenAPIHono, createRoute, named
// schemas) and hono-openapi (describeRoute, resolver, validator), each in the shape of a real
// starter (test/fixtures/zod-openapi, test/fixtures/hono-openapi-app): TypeScript, tsconfig
// `paths` aliases, sub-apps mounted with route() under a basePath(), a plain route beside the
// library's. One document per app; the library's declarations fill the operations docgen saw
// registered and win over what docgen infers; sources are the app's own lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, operation, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

const ZOD_OPENAPI = join(FIXTURES, 'zod-openapi');
const HONO_OPENAPI = join(FIXTURES, 'hono-openapi-app');

/** Runs a fixture app with the fixture as working directory (sources read `src/...`), writing into a fresh folder. */
function documented(dir, entry) {
  const out = mkdtempSync(join(tmpdir(), 'docgen-hono-libraries-'));
  const run = runApp(join(dir, entry), { cwd: dir, env: { DOCGEN_OUTPUT: join(out, 'openapi.json') } }).then((result) => ({ ...result, out }));
  run.catch(() => {});
  return run;
}

const zodRun = documented(ZOD_OPENAPI, 'src/index.ts');
const honoRun = documented(HONO_OPENAPI, 'src/app.ts');
const cjsRun = documented(ZOD_OPENAPI, 'twice.cjs');

const JSON_OF = (schema) => ({ 'application/json': { schema } });
const BOOK = { $ref: '#/components/schemas/Book' };

// --- @hono/zod-openapi ----------------------------------------------------------------------------

test('zod-openapi: one OpenAPIHono app with route(), basePath() and a plain route is one document', async () => {
  const run = await zodRun;
  assert.is(run.status, 0, run.stderr);
  assert.not.match(run.stderr, /docgen (warning|error)/, run.stderr);
  assert.equal(readdirSync(run.out).filter((f) => f.endsWith('.json') && !f.includes('trace')), ['openapi.json']);
  assert.match(run.stderr, /wrote .*openapi\.json: 6 operations from 1 app/);
  assert.equal(run.document['x-docgen-app'], { framework: 'hono', index: 1, of: 1, created: 'src/lib/create-app.ts:9' });
  assert.equal(run.document.info, { title: 'books-api', version: '1.2.0' });
  // The route added to the sub-app after route() is not served, and not in the library's document either.
  assert.equal(operations(run.document), ['GET /', 'GET /api/books', 'GET /api/books/{id}', 'GET /doc', 'GET /health', 'POST /api/books']);
  await assertValidOpenApi(run.document);
});

test("zod-openapi: createRoute()'s params, responses 200/404 and tags; the library's declaration wins over JSDoc and inference", async () => {
  const { document } = await zodRun;
  assert.equal(operation(document, 'GET /api/books/{id}'), {
    operationId: 'getBook',
    // The JSDoc above the registration says otherwise: the library's summary and 200 win; its 500 is added.
    summary: 'One book',
    tags: ['Books'],
    // docgen alone infers { type: 'integer', minimum, maximum } from the zValidator the library makes.
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: ['integer', 'null'], example: 42 } }],
    responses: {
      200: { description: 'The requested book', content: JSON_OF(BOOK) },
      404: { description: 'Book not found', content: JSON_OF({ $ref: '#/components/schemas/NotFound' }) },
      500: { description: 'Something broke' },
    },
    'x-docgen-source': 'src/routes/books/books.index.ts:14',
    'x-docgen-middleware': ['requestLogger', '<anonymous>'],
  });
});

test('zod-openapi: request headers and a named body schema, 201, security', async () => {
  const { document } = await zodRun;
  assert.equal(operation(document, 'POST /api/books'), {
    operationId: 'createBook',
    summary: 'Add a book',
    tags: ['Books'],
    parameters: [{ name: 'x-request-id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }],
    requestBody: { required: true, description: 'The book to add', content: JSON_OF({ $ref: '#/components/schemas/NewBook' }) },
    responses: { 201: { description: 'The created book', content: JSON_OF(BOOK) } },
    security: [{ Bearer: [] }],
    'x-docgen-source': 'src/routes/books/books.index.ts:7',
    'x-docgen-middleware': ['requestLogger', '<anonymous>', 'mediaTypeGate', '<anonymous>'],
  });
  assert.equal(operation(document, 'GET /api/books'), {
    operationId: 'listBooks',
    summary: 'List books',
    tags: ['Books'],
    parameters: [
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
      { name: 'author', in: 'query', required: false, schema: { type: 'string' } },
    ],
    responses: { 200: { description: 'The books', content: JSON_OF({ type: 'array', items: BOOK }) } },
    'x-docgen-source': 'src/routes/books/books.index.ts:6',
    'x-docgen-middleware': ['requestLogger', '<anonymous>'],
  });
  assert.equal(operation(document, 'GET /').responses, {
    200: { description: 'Books API index', content: JSON_OF({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }) },
  });
  assert.is(operation(document, 'GET /')['x-docgen-source'], 'src/routes/index.route.ts:4');
  // The operationId the route declares, not docgen's `getRoot` for an anonymous handler.
  assert.is(operation(document, 'GET /').operationId, 'apiIndex');
});

test(".openapi('Book') named schemas and the registered security scheme are the document's components", async () => {
  const { document } = await zodRun;
  const fields = { title: { type: 'string', minLength: 1, maxLength: 200 }, author: { type: 'string' } };
  assert.equal(document.components, {
    schemas: {
      Book: { type: 'object', properties: { id: { type: 'integer', example: 1 }, ...fields }, required: ['id', 'title', 'author'] },
      NewBook: { type: 'object', properties: fields, required: ['title', 'author'] },
      NotFound: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    },
    securitySchemes: { Bearer: { type: 'http', scheme: 'bearer' } },
  });
});

test('zod-openapi: what the library misses: the plain route, the /doc route, middleware and sources', async () => {
  const { document } = await zodRun;
  assert.equal(operation(document, 'GET /health'), {
    operationId: 'health',
    // Not the library's: what the handler's code sends (src/jsdoc/handler-responses.ts).
    responses: { 200: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } }, default: { description: 'Default response' } },
    'x-docgen-source': 'src/app.ts:18',
    'x-docgen-middleware': ['requestLogger'],
  });
  assert.is(operation(document, 'GET /doc')['x-docgen-source'], 'src/lib/configure-open-api.ts:5');
  for (const [key, op] of operations(document).map((k) => [k, operation(document, k)])) assert.not.match(op['x-docgen-source'], /node_modules/, key);
});

test("docgen's document holds the library's own documents (the app's and its basePath() clone's): every operation and component, nothing more", async () => {
  const { document } = await zodRun;
  // The library's documents (3.1), under tsx without docgen: the app's (what its /doc route
  // serves: `/` only) and the `/api` clone's, whose registry holds what was mounted on it.
  const code =
    "const { default: app, api } = await import('./src/app.ts'); const config = { openapi: '3.1.0', info: { title: '', version: '' } };" +
    'console.log(JSON.stringify([app.getOpenAPI31Document(config), api.getOpenAPI31Document(config)]));';
  const library = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ZOD_OPENAPI, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.is(library.status, 0, library.stderr);
  const [own, clone] = JSON.parse(library.stdout);
  assert.equal(Object.keys(own.paths), ['/']);
  const declared = { paths: { ...own.paths, ...clone.paths }, components: { schemas: { ...own.components.schemas, ...clone.components.schemas }, securitySchemes: own.components.securitySchemes } };
  const declaredKeys = Object.entries(declared.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)).sort();
  assert.equal(declaredKeys, ['GET /', 'GET /api/books', 'GET /api/books/{id}', 'POST /api/books']);
  for (const key of declaredKeys) {
    const [method, path] = key.split(' ');
    const ours = operation(document, key);
    const theirs = declared.paths[path][method.toLowerCase()];
    for (const field of ['summary', 'tags', 'requestBody', 'security']) assert.equal(ours[field], theirs[field], `${key} ${field}`);
    if (theirs.operationId) assert.is(ours.operationId, theirs.operationId, `${key} operationId`);
    // A path parameter stays required, as OpenAPI demands (the library says `required: false` for a z.coerce one).
    assert.equal(ours.parameters, theirs.parameters?.map((p) => (p.in === 'path' ? { ...p, required: true } : p)), `${key} parameters`);
    for (const [status, response] of Object.entries(theirs.responses)) assert.equal(ours.responses[status], response, `${key} ${status}`);
  }
  assert.equal(document.components, declared.components);
});

test('@hono/zod-openapi outside its supported range is named on stderr and left alone; the app is still documented by Hono', async () => {
  // A project whose @hono/zod-openapi says 0.19.10 (the real 1.x code, its dependencies linked from docgen's).
  const project = mkdtempSync(join(tmpdir(), 'docgen-zod-openapi-old-'));
  const modules = join(project, 'node_modules');
  const pkg = join(modules, '@hono', 'zod-openapi');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'node_modules', '@hono', 'zod-openapi', 'dist', 'index.mjs'), join(pkg, 'dist', 'index.mjs'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@hono/zod-openapi', version: '0.19.10', type: 'module', exports: { '.': { import: './dist/index.mjs' } } }));
  for (const name of ['hono', 'zod', '@asteasolutions', '@hono/zod-validator', 'openapi3-ts']) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'old', version: '1.0.0', dependencies: { '@hono/zod-openapi': '0.19.10' } }));
  writeFileSync(
    join(project, 'app.mjs'),
    "import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';\n" +
      'const app = new OpenAPIHono();\n' +
      "app.openapi(createRoute({ method: 'get', path: '/ping', responses: { 200: { description: 'Pong', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } } } }), (c) => c.json({ ok: true }, 200));\n" +
      'export default app;\n',
  );
  const run = await runApp(join(project, 'app.mjs'), { cwd: project });
  assert.is(run.status, 0, run.stderr);
  assert.match(
    run.stderr,
    /docgen warning: @hono\/zod-openapi 0\.19\.10 \([^)]*\) is outside the versions docgen supports \(\^1\.0\.0\): its createRoute\(\) declarations are not documented; the app is not affected/,
  );
  assert.equal(operations(run.document), ['GET /ping']);
  assert.equal(operation(run.document, 'GET /ping').responses, { default: { description: 'Default response' } });
});

test("zod-openapi's CommonJS build: a sub-app mounted at two paths, one document, its declarations under both", async () => {
  const run = await cjsRun;
  assert.is(run.status, 0, run.stderr);
  assert.not.match(run.stderr, /docgen (warning|error)/, run.stderr);
  assert.equal(readdirSync(run.out).filter((f) => f.endsWith('.json') && !f.includes('trace')), ['openapi.json']);
  assert.equal(operations(run.document), ['GET /books', 'GET /more', 'GET /plain']);
  const books = { 200: { description: 'Books', content: JSON_OF({ type: 'array', items: { type: 'string' } }) } };
  assert.equal(operation(run.document, 'GET /books').responses, books);
  assert.equal(operation(run.document, 'GET /more').responses, books);
  assert.is(operation(run.document, 'GET /more')['x-docgen-source'], 'twice.cjs:6');
  assert.is(run.document['x-docgen-app'].created, 'twice.cjs:4');
});

// --- hono-openapi ---------------------------------------------------------------------------------

test('hono-openapi starter: one document; describeRoute() responses (with and without content), validators, sources', async () => {
  const run = await honoRun;
  assert.is(run.status, 0, run.stderr);
  assert.not.match(run.stderr, /docgen (warning|error)/, run.stderr);
  const { document } = run;
  assert.equal(readdirSync(run.out).filter((f) => f.endsWith('.json') && !f.includes('trace')), ['openapi.json']);
  assert.equal(document['x-docgen-app'], { framework: 'hono', index: 1, of: 1, created: 'src/app.ts:5' });
  assert.equal(operations(document), ['DELETE /api/todos/{id}', 'GET /api/todos', 'GET /openapi', 'POST /api/todos']);
  assert.equal(operation(document, 'DELETE /api/todos/{id}'), {
    operationId: 'removeTodo',
    summary: 'Remove a todo',
    tags: ['todos'],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: operation(document, 'DELETE /api/todos/{id}').parameters[0].schema.pattern } }],
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such todo' } },
    'x-docgen-source': 'src/routes/todos.ts:38',
    'x-docgen-middleware': ['describeRoute', 'validator'],
  });
  assert.equal(operation(document, 'POST /api/todos'), {
    operationId: 'addTodo',
    summary: 'Add a todo',
    tags: ['todos'],
    requestBody: { required: true, content: JSON_OF({ type: 'object', properties: { title: { type: 'string', minLength: 1 } }, required: ['title'] }) },
    responses: {
      201: { description: 'Added', content: JSON_OF({ $ref: '#/components/schemas/Todo' }) },
      400: { description: 'Not a todo', content: JSON_OF({ $ref: '#/components/schemas/Problem' }) },
    },
    'x-docgen-source': 'src/routes/todos.ts:22',
    'x-docgen-middleware': ['describeRoute', 'validator'],
  });
  assert.equal(operation(document, 'GET /api/todos').responses, { 200: { description: 'The todos', content: JSON_OF({ type: 'array', items: { $ref: '#/components/schemas/Todo' } }) } });
  assert.equal(document.components.schemas, {
    Problem: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'], additionalProperties: false },
    Todo: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string', minLength: 1 }, done: { type: 'boolean' } }, required: ['id', 'title', 'done'], additionalProperties: false },
  });
  await assertValidOpenApi(document);
});

test.run();
