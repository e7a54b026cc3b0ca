// Validator schemas in Hono apps: @hono/zod-validator (zod 4 and zod 3), @hono/standard-validator
// (valibot, arktype), hono-openapi (describeRoute, resolver, validator), Hono's own callback
// validator(), and schemas JSON Schema cannot fully express. Real apps from test/fixtures/schemas
// run under the preload; the JSON Schema in their documents is asserted exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REGISTER, ROOT, operations } from './helpers/run-app.js';
import { denoRuntime } from '../scripts/runtimes.js';
import { DEFAULT_RESPONSES, documented, jsonBody, schemaFields, sent } from './helpers/schema-runs.js';

for (const entry of ['hono-zod.mjs', 'hono-zod.cjs', 'hono-standard.mjs', 'hono-openapi.mjs', 'hono-callback.mjs']) documented(entry).catch(() => {});
documented('unconvertible.mjs', { warnings: true }).catch(() => {});

const UUID = '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$';
const SAFE_INT = { minimum: -9007199254740991, maximum: 9007199254740991 };
const TAG = { type: 'object', properties: { label: { type: 'string' }, color: { type: 'string', pattern: '^#[0-9a-f]{6}$' } }, required: ['label', 'color'] };

// --- zod 4 --------------------------------------------------------------------------------------

test('zod 4 json body: the schema zod converts, its .meta({ id }) subschema a component', async () => {
  const { document } = await documented('hono-zod.mjs');
  const fields = schemaFields(document, 'POST /users');
  assert.equal(fields, {
    requestBody: jsonBody({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 40 },
        email: fields.requestBody.content['application/json'].schema.properties.email,
        age: { type: 'integer', minimum: 0, maximum: SAFE_INT.maximum },
        role: { default: 'member', type: 'string', enum: ['admin', 'member'] },
        address: { $ref: '#/components/schemas/Address' },
      },
      required: ['name', 'email', 'address'],
    }),
    responses: sent(201, 'Created', {}),
  });
  assert.is(fields.requestBody.content['application/json'].schema.properties.email.format, 'email');
  assert.equal(document.components.schemas.Address, { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string', minLength: 1 } }, required: ['street', 'city'] });
});

test('zod 4 query object: one parameter per property, required from the schema', async () => {
  const { document } = await documented('hono-zod.mjs');
  assert.equal(schemaFields(document, 'GET /users'), {
    parameters: [
      { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: SAFE_INT.maximum } },
      { name: 'q', in: 'query', schema: { type: 'string' } },
    ],
    responses: sent(200, 'OK', { type: 'array' }),
  });
});

test('zod 4 param schema replaces the path parameter docgen found, by name', async () => {
  const { document } = await documented('hono-zod.mjs');
  assert.equal(schemaFields(document, 'GET /users/{userId}').parameters, [{ name: 'userId', in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: UUID } }]);
});

test('one unnamed schema used by two operations is one component, named after its first use', async () => {
  const { document } = await documented('hono-zod.mjs');
  const ref = jsonBody({ $ref: '#/components/schemas/PutTagBody' });
  assert.equal(schemaFields(document, 'PUT /tags/{tagId}').requestBody, ref);
  assert.equal(schemaFields(document, 'POST /users/{userId}/tags').requestBody, ref);
  assert.equal(document.components.schemas.PutTagBody, TAG);
  assert.equal(Object.keys(document.components.schemas), ['Address', 'PutTagBody']);
});

test('form target: both form media types Hono parses', async () => {
  const { document } = await documented('hono-zod.mjs');
  const schema = { type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', minLength: 8 } }, required: ['user', 'password'] };
  assert.equal(schemaFields(document, 'POST /login').requestBody, {
    required: true,
    content: { 'application/x-www-form-urlencoded': { schema }, 'multipart/form-data': { schema } },
  });
});

test('an operation without validators is documented as before (what its code sends)', async () => {
  const { document } = await documented('hono-zod.mjs');
  assert.equal(schemaFields(document, 'GET /plain'), { responses: sent(200, 'OK', { type: 'string' }, 'text/plain') });
  assert.is(document['x-docgen-schema-errors'], undefined);
});

// --- zod 3 --------------------------------------------------------------------------------------

test("zod 3 through docgen's own converter: body and header schemas", async () => {
  const { document } = await documented('hono-zod.mjs');
  assert.equal(schemaFields(document, 'POST /items'), {
    parameters: [{ name: 'x-api-key', in: 'header', required: true, schema: { type: 'string', minLength: 32, maxLength: 32 } }],
    requestBody: jsonBody({
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 100 },
        price: { type: 'number', exclusiveMinimum: 0 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
        kind: { anyOf: [{ const: 'book' }, { const: 'film' }] },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'free text' },
      },
      required: ['title', 'price', 'kind', 'note'],
    }),
    responses: sent(200, 'OK', { type: 'object' }),
  });
});

test('the CommonJS builds of hono and @hono/zod-validator are seen too', async () => {
  const { document } = await documented('hono-zod.cjs');
  assert.equal(schemaFields(document, 'POST /users').requestBody, jsonBody({ type: 'object', properties: { name: { type: 'string', minLength: 2 } }, required: ['name'] }));
  assert.equal(schemaFields(document, 'GET /users/{userId}').parameters[0].schema, { type: 'string', format: 'uuid', pattern: UUID });
});

test('the document is byte-identical across runs', async () => {
  const first = await documented('hono-zod.mjs');
  const second = await documented('hono-zod.mjs', { env: { SECOND_RUN: '1' } });
  assert.is(second.text, first.text);
});

const denoForSchemas = denoRuntime();
// Counted as skipped, not passed, where Deno is not installed (DOCGEN_TEST_RUNTIMES=current).
(denoForSchemas ? test : test.skip)('Deno writes the same document (valibot converted by the app\'s package there too)', async () => {
  const deno = denoForSchemas;
  for (const entry of ['hono-zod.mjs', 'hono-standard.mjs']) {
    const cwd = mkdtempSync(join(tmpdir(), 'docgen-deno-schemas-'));
    const result = spawnSync(deno.path, ['run', '-A', `--config=${join(ROOT, 'deno.json')}`, '--preload', REGISTER, join(FIXTURES, 'schemas', entry)], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 90000 });
    assert.is(result.status, 0, result.stderr);
    const fromDeno = JSON.parse(readFileSync(join(cwd, 'openapi.json'), 'utf8'));
    const { document } = await documented(entry);
    assert.equal({ ...fromDeno, 'x-docgen-app': undefined }, { ...document, 'x-docgen-app': undefined }, entry);
  }
});

// --- @hono/standard-validator: valibot and arktype ------------------------------------------------

test("valibot through the app's @valibot/to-json-schema; shared and titled: a component named by its title", async () => {
  const { document } = await documented('hono-standard.mjs');
  const ref = jsonBody({ $ref: '#/components/schemas/Book' });
  assert.equal(schemaFields(document, 'POST /books').requestBody, ref);
  assert.equal(schemaFields(document, 'PUT /books/{isbn}').requestBody, ref);
  assert.equal(document.components.schemas, {
    Book: { type: 'object', properties: { isbn: { type: 'string', minLength: 13, maxLength: 13 }, title: { type: 'string', minLength: 1 }, year: { type: 'integer' } }, required: ['isbn', 'title'], title: 'Book' },
  });
  assert.equal(schemaFields(document, 'GET /books').parameters, [
    { name: 'author', in: 'query', required: true, schema: { type: 'string' } },
    { name: 'limit', in: 'query', schema: { type: 'string' } },
  ]);
});

test('arktype through its own converter: json body and a cookie parameter', async () => {
  const { document } = await documented('hono-standard.mjs');
  const fields = schemaFields(document, 'POST /books/{isbn}/reviews');
  assert.equal(fields.parameters, [
    { name: 'isbn', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } },
  ]);
  const body = fields.requestBody.content['application/json'].schema;
  assert.equal(body.required, ['reviewer', 'stars']);
  assert.equal(body.properties.stars, { type: 'integer', maximum: 5, minimum: 1 });
  assert.equal(body.properties.text, { type: 'string', maxLength: 500 });
  assert.is(body.properties.reviewer.format, 'email');
});

// --- hono-openapi ---------------------------------------------------------------------------------

test('hono-openapi describeRoute: responses from resolver(), summary, description and tags', async () => {
  const { document } = await documented('hono-openapi.mjs');
  assert.equal(schemaFields(document, 'GET /pets/{petId}'), {
    summary: 'One pet',
    description: 'Finds a pet by its id.',
    tags: ['pets'],
    parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer', ...SAFE_INT } }],
    responses: {
      200: { description: 'The pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
      404: { description: 'No such pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePetResponse400' } } } },
    },
  });
  const problem = { type: 'object', properties: { message: { type: 'string' } }, required: ['message'], additionalProperties: false };
  assert.equal(document.components.schemas, {
    CreatePetResponse400: problem,
    Pet: { type: 'object', properties: { id: { type: 'integer', ...SAFE_INT }, name: { type: 'string' }, tag: { type: 'string' } }, required: ['id', 'name'], additionalProperties: false },
  });
});

test("hono-openapi validator() with valibot; a response without a description gets the status's", async () => {
  const { document } = await documented('hono-openapi.mjs');
  assert.equal(schemaFields(document, 'POST /pets'), {
    tags: ['pets'],
    requestBody: jsonBody({ type: 'object', properties: { name: { type: 'string', minLength: 1 }, tag: { type: 'string' } }, required: ['name'] }),
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
      400: { description: 'Invalid', content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePetResponse400' } } } },
    },
  });
});

test('hono-openapi: a plain JSON Schema response is kept as written; deprecated', async () => {
  const { document } = await documented('hono-openapi.mjs');
  assert.equal(schemaFields(document, 'GET /pets'), {
    deprecated: true,
    responses: { 200: { description: 'All pets', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } },
  });
});

test('hono-openapi describeResponse(handler, responses): the schema given as vSchema', async () => {
  const { document } = await documented('hono-openapi.mjs');
  assert.equal(schemaFields(document, 'GET /pets/{petId}/owner'), {
    parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { 200: { description: 'The owner', content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } } } },
  });
});

// --- Hono's own validator(fn) -------------------------------------------------------------------

test("Hono's validator(target, fn) has no schema: the operations are documented as without it", async () => {
  const { document } = await documented('hono-callback.mjs');
  assert.equal(operations(document), ['GET /notes', 'POST /notes']);
  assert.equal(schemaFields(document, 'GET /notes'), { responses: sent(200, 'OK', { type: 'array' }) });
  assert.equal(schemaFields(document, 'POST /notes'), { responses: sent(201, 'Created', { type: 'object' }) });
  assert.is(document.components, undefined);
  assert.is(document['x-docgen-schema-errors'], undefined);
});

// --- what JSON Schema cannot say -----------------------------------------------------------------

test('unconvertible schemas are reported (where, which library, why); the rest of each operation stays', async () => {
  const { document, stderr } = await documented('unconvertible.mjs', { warnings: true });
  const errors = document['x-docgen-schema-errors'];
  assert.equal(
    errors.map(({ source, ...rest }) => rest),
    [
      { method: 'POST', path: '/codes', part: 'request body', library: 'joi', via: '@hono/standard-validator', reason: 'a .custom() rule at code has no JSON Schema form (documented without it)' },
      { method: 'GET', path: '/count', part: 'response 200', library: 'zod', via: 'hono-openapi', reason: 'Transforms cannot be represented in JSON Schema' },
      { method: 'POST', path: '/events', part: 'request body', library: 'zod', via: '@hono/zod-validator', reason: 'Date cannot be represented in JSON Schema' },
    ],
  );
  for (const error of errors) assert.match(error.source, /fixtures\/schemas\/unconvertible\.mjs:\d+$/);
  // What could be converted is there: zod's lenient second pass writes {} for the date and the custom value.
  assert.equal(schemaFields(document, 'POST /events').requestBody, jsonBody({ type: 'object', properties: { name: { type: 'string' }, when: {}, payload: {} }, required: ['name', 'when', 'payload'] }));
  assert.equal(schemaFields(document, 'GET /count').responses, { 200: { description: 'A count', content: { 'application/json': { schema: {} } } } });
  assert.equal(schemaFields(document, 'POST /codes').requestBody, jsonBody({ type: 'object', properties: { code: { type: 'string', minLength: 1 } }, required: ['code'], additionalProperties: false }));
  assert.equal(schemaFields(document, 'GET /fine').parameters, [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }]);
  assert.equal(operations(document), ['GET /count', 'GET /fine', 'POST /codes', 'POST /events']);
  // One warning line per report, naming the route's source line.
  assert.is((stderr.match(/docgen warning: .*see x-docgen-schema-errors/g) ?? []).length, 3);
  assert.match(stderr, /docgen warning: POST \/events \([^)]*fixtures\/schemas\/unconvertible\.mjs:\d+\), request body \(zod via @hono\/zod-validator\): Date cannot be represented in JSON Schema/);
});

test.run();
