// The app's own validation factories (`validate(schema)` returning a middleware that closes over
// the schema): read from the middleware's closure when the document is built. Real apps from
// test/fixtures/schemas/factories* run under the preload.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';
import { jsonBody, schemaFields, sent } from './helpers/schema-runs.js';

const runs = new Map();
/** Runs a fixture once from its own folder (sources relative to it), writing to a temporary file. */
function documented(folder, entry) {
  if (!runs.has(folder)) {
    const output = join(mkdtempSync(join(tmpdir(), 'docgen-factories-')), 'openapi.json');
    const run = runApp(join('schemas', folder, entry), { cwd: join(FIXTURES, 'schemas', folder), env: { DOCGEN_OUTPUT: output } }).then(async (result) => {
      assert.is(result.status, 0, `${folder} exited with ${result.status}\n${result.stderr}`);
      assert.ok(result.document, `${folder} wrote no document\n${result.stderr}`);
      assert.not.match(result.stderr, /docgen error/);
      await assertValidOpenApi(result.document);
      return result;
    });
    run.catch(() => {});
    runs.set(folder, run);
  }
  return runs.get(folder);
}
const warnings = (stderr) => stderr.split('\n').filter((line) => line.startsWith('docgen warning: ')).map((line) => line.replace(/ \[[0-9a-f]+\]$/, ''));

const boilerplate = () => documented('factories', 'src/index.js');

test('boilerplate: validate(userValidation.createUser) gives the Joi body, with required, email format and enum', async () => {
  const { document } = await boilerplate();
  assert.equal(operations(document), [
    'DELETE /v1/users/{userId}',
    'GET /v1/users',
    'GET /v1/users/me',
    'GET /v1/users/search',
    'GET /v1/users/{userId}',
    'PATCH /v1/users/{userId}',
    'POST /v1/users',
    'POST /v1/users/checked',
    'POST /v1/users/either',
    'POST /v1/users/notes',
  ]);
  const body = schemaFields(document, 'POST /v1/users').requestBody;
  assert.equal(body, jsonBody({
    type: 'object',
    properties: {
      // the block's description fills in; its `role: integer` does not replace joi's string
      email: { type: 'string', minLength: 1, format: 'email', description: 'must be unique' },
      password: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      role: { type: 'string', enum: ['user', 'admin'] },
    },
    required: ['email', 'name', 'password', 'role'],
    additionalProperties: false,
  }));
});

test('boilerplate: query parameters from getUsers, integers included; a body of the same factory on GET is none', async () => {
  const { document } = await boilerplate();
  assert.equal(schemaFields(document, 'GET /v1/users'), {
    parameters: [
      { name: 'name', in: 'query', schema: { type: 'string', minLength: 1 } },
      { name: 'role', in: 'query', schema: { type: 'string', minLength: 1 } },
      { name: 'sortBy', in: 'query', schema: { type: 'string', minLength: 1 } },
      { name: 'limit', in: 'query', schema: { type: 'integer' } },
      { name: 'page', in: 'query', schema: { type: 'integer' } },
    ],
    // What userController.getUsers (another module, wrapped in catchAsync) sends.
    responses: sent('200', 'OK', { type: 'object', properties: { results: { type: 'array' } }, required: ['results'] }),
  });
});

test('boilerplate: path parameters, from a joi object and from joi\'s plain-object form; params and body together', async () => {
  const { document } = await boilerplate();
  // The @swagger block's stale `{id}` gives its description to the registered `userId`; validate()'s schema stays.
  const get = schemaFields(document, 'GET /v1/users/{userId}');
  assert.equal(get.parameters, [{ name: 'userId', in: 'path', description: 'User id', required: true, schema: { type: 'string', minLength: 1 } }]);
  assert.is(get.summary, 'Get a user');
  const patch = schemaFields(document, 'PATCH /v1/users/{userId}');
  // Joi.required().custom(objectId) is Joi.any(): any value
  assert.equal(patch.parameters, [{ name: 'userId', in: 'path', required: true, schema: {} }]);
  assert.equal(patch.requestBody, jsonBody({
    type: 'object',
    properties: { email: { type: 'string', minLength: 1, format: 'email' }, password: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
    additionalProperties: false,
    minProperties: 1,
  }));
});

test('boilerplate: a JSDoc @param describes the path parameter, the validator\'s schema stays', async () => {
  const { document } = await boilerplate();
  assert.equal(schemaFields(document, 'DELETE /v1/users/{userId}'), {
    summary: 'Delete a user.',
    parameters: [{ name: 'userId', in: 'path', description: "the user's id", required: true, schema: { type: 'string', minLength: 24, format: 'hex', maxLength: 24 } }],
    responses: sent('204', 'No Content'),
  });
});

test("boilerplate: a factory in a module whose top level nothing closes over (V8 lists the factory's scope alone)", async () => {
  const { document } = await boilerplate();
  assert.equal(schemaFields(document, 'POST /v1/users/notes').requestBody, jsonBody({
    type: 'object',
    properties: { title: { type: 'string', minLength: 1 } },
    required: ['title'],
    additionalProperties: false,
  }));
});

test('boilerplate: a computed argument is the value the app computed', async () => {
  const { document } = await boilerplate();
  assert.equal(schemaFields(document, 'GET /v1/users/search').parameters, [
    { name: 'q', in: 'query', schema: { type: 'string', minLength: 2 } },
    { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 50 } },
  ]);
});

test('boilerplate: routes without a schema in their middleware are as before; two schemas in one closure are one report', async () => {
  const { document, stderr } = await boilerplate();
  // What the controllers they end with send, and nothing else.
  assert.equal(schemaFields(document, 'GET /v1/users/me'), { responses: sent('200', 'OK', { type: 'object' }) });
  for (const key of ['POST /v1/users/checked', 'POST /v1/users/either']) assert.equal(schemaFields(document, key), { responses: sent('201', 'Created') }, key);
  // auth(...rights) and catchAsync(fn) hold no schema: nothing is said of them.
  assert.equal(warnings(stderr).filter((line) => !line.includes('.custom() rule')), [
    'docgen warning: src/routes/v1/user.route.js:42: @swagger documents GET /users/{id}, the app registers GET /v1/users/{userId} (src/routes/v1/user.route.js:31): path parameter id is userId in the document',
    "docgen warning: POST /v1/users (src/routes/v1/user.route.js:14), requestBody application/json /properties/role: the block says integer, the validator string: the validator's schema is kept (the block is at src/routes/v1/user.route.js:42)",
    'docgen warning: POST /v1/users/either (src/routes/v1/user.route.js:27), request (either() via either()): the middleware either() made holds 2 schemas: which one it checks cannot be told, none is documented; see x-docgen-schema-errors',
  ]);
  assert.equal(document['x-docgen-schema-errors'].map((e) => `${e.method} ${e.path} ${e.part} ${e.via}`), [
    'POST /v1/users request body validate()',
    'POST /v1/users/either request either()',
    'GET /v1/users/{userId} path parameters validate()',
    'PATCH /v1/users/{userId} path parameters validate()',
    'PATCH /v1/users/{userId} request body validate()',
  ]);
});

const typescript = () => documented('factories-ts', 'src/app.ts');

test('TypeScript, ES modules, zod: a schema passed bare is the body; one object of request parts gives path and query parameters', async () => {
  const { document, stderr } = await typescript();
  assert.equal(warnings(stderr), []);
  assert.equal(operations(document), ['GET /health', 'GET /orgs/{orgId}/users', 'POST /orgs/{orgId}/invites', 'POST /users']);
  const body = schemaFields(document, 'POST /users').requestBody.content['application/json'].schema;
  assert.equal(body.required, ['email', 'name']);
  assert.equal(body.properties.name, { type: 'string', minLength: 1, maxLength: 80 });
  assert.equal(body.properties.role, { default: 'user', type: 'string', enum: ['user', 'admin'] });
  assert.equal(body.properties.age, { type: 'integer', minimum: 13, maximum: 9007199254740991 });
  assert.is(body.properties.email.format, 'email');
  const list = schemaFields(document, 'GET /orgs/{orgId}/users');
  assert.equal(list.parameters.map((p) => [p.name, p.in, p.required ?? false, p.schema.type, p.schema.format ?? p.schema.minimum]), [
    ['orgId', 'path', true, 'string', 'uuid'],
    ['page', 'query', false, 'integer', 1],
    ['q', 'query', false, 'string', undefined],
  ]);
  assert.is(list.requestBody, undefined);
  // `res.send('ok')`: what the handler's code sends.
  assert.equal(schemaFields(document, 'GET /health'), { responses: sent('200', 'OK', { type: 'string' }, 'text/html') });
});

test('TypeScript, valibot: an object of request parts, each a valibot schema', async () => {
  const { document } = await typescript();
  assert.equal(schemaFields(document, 'POST /orgs/{orgId}/invites'), {
    parameters: [{ name: 'orgId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    requestBody: jsonBody({ type: 'object', properties: { email: { type: 'string', format: 'email' }, days: { type: 'integer', maximum: 30 } }, required: ['email'] }),
    // `res.status(201).end()`
    responses: sent('201', 'Created'),
  });
});

test.run();
