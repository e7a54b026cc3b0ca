// swagger-jsdoc and express-jsdoc-swagger comment blocks in the emitted document: real apps run
// under the preload; schemas, statuses, warnings (exact stderr lines) and the absence of
// phantom paths asserted on what they write.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, operation, operations, runApp } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

const runs = new Map();
/** Runs a fixture once; `cwd`: run from that fixture folder (swagger-jsdoc's apis are relative to it). */
function documented(entry, cwd) {
  if (!runs.has(entry)) {
    const output = join(mkdtempSync(join(tmpdir(), 'docgen-blocks-')), 'openapi.json');
    runs.set(entry, runApp(`comment-blocks/${entry}`, { env: { DOCGEN_INTROSPECT: '1', DOCGEN_OUTPUT: output }, ...(cwd ? { cwd: join(FIXTURES, 'comment-blocks', cwd) } : {}) }));
  }
  return runs.get(entry);
}
const warnings = (stderr) => stderr.split('\n').filter((line) => line.startsWith('docgen warning: ')).map((line) => line.replace(/ \[[0-9a-f]+\]$/, ''));

const boilerplate = () => documented('boilerplate/src/index.js', 'boilerplate');
const ERROR_JSON = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

test('boilerplate: blocks written relative to the server URL /v1 describe the /v1 operations; no phantom path', async () => {
  const { status, stderr, document } = await boilerplate();
  assert.is(status, 0, stderr);
  await assertValidOpenApi(document);
  assert.equal(operations(document), ['DELETE /v1/users/{userId}', 'GET /v1/docs', 'GET /v1/users', 'GET /v1/users/{userId}', 'POST /v1/auth/register', 'POST /v1/users']);
  const create = operation(document, 'POST /v1/users');
  assert.equal([create.summary, create.description, create.tags, create.security], ['Create a user', 'Only admins can create other users.', ['Users'], [{ bearerAuth: [] }]]);
  assert.equal(create.requestBody, {
    required: true,
    content: { 'application/json': { schema: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { type: 'string', enum: ['user', 'admin'] } } } } },
  });
  assert.equal(create.responses, {
    201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } },
    401: { description: 'Unauthorized', content: ERROR_JSON },
  });
  assert.equal(operation(document, 'GET /v1/users').parameters, [{ name: 'limit', in: 'query', description: 'Maximum number of users', schema: { type: 'integer', minimum: 1 } }]);
});

test('boilerplate: the stale {id} is the registered {userId}; the DELETE no block documents keeps what its code sends', async () => {
  const { document } = await boilerplate();
  const get = operation(document, 'GET /v1/users/{userId}');
  assert.equal(get.parameters, [{ name: 'userId', in: 'path', description: 'User id', required: true, schema: { type: 'string' } }]);
  assert.equal(get.responses, {
    200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } },
    404: { description: 'Not found', content: ERROR_JSON },
  });
  assert.equal(operation(document, 'DELETE /v1/users/{userId}').responses, { 204: { description: 'No Content' }, default: { description: 'Default response' } });
  assert.is(operation(document, 'PATCH /v1/users/{userId}'), undefined, 'PATCH is documented, not registered');
});

test('boilerplate: components from a YAML file and a never-loaded JS file named by swagger-jsdoc apis; only those used', async () => {
  const { document } = await boilerplate();
  assert.equal(Object.keys(document.components.schemas), ['AuthTokens', 'Error', 'Token', 'User']);
  assert.equal(document.components.schemas.AuthTokens, { type: 'object', properties: { access: { $ref: '#/components/schemas/Token' }, refresh: { $ref: '#/components/schemas/Token' } } });
  assert.equal(document.components.securitySchemes, { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
});

test('boilerplate: celebrate/Joi wins over the block; the block fills descriptions and responses; contradictions warned', async () => {
  const { document } = await boilerplate();
  const register = operation(document, 'POST /v1/auth/register');
  assert.equal(register.requestBody.content['application/json'].schema, {
    type: 'object',
    properties: {
      email: { type: 'string', minLength: 1, format: 'email', description: 'must be unique' },
      password: { type: 'string', minLength: 8, description: 'At least one number and one letter' },
      name: { type: 'string', minLength: 1 },
    },
    required: ['email', 'name', 'password'],
    additionalProperties: false,
  });
  assert.equal(register.responses, {
    201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/AuthTokens' } } } },
    400: { description: 'Email already taken', content: ERROR_JSON },
  });
  assert.equal([register.summary, register.tags], ['Register as user', ['Auth']]);
});

test('boilerplate: the exact warnings', async () => {
  const { stderr } = await boilerplate();
  assert.equal(warnings(stderr), [
    'docgen warning: src/routes/v1/user.route.js:70: @swagger documents GET /users/{id}, the app registers GET /v1/users/{userId} (src/routes/v1/user.route.js:14): path parameter id is userId in the document',
    'docgen warning: src/routes/v1/user.route.js:70: @swagger documents PATCH /users/{id}, which the app does not register; it is left out',
    "docgen warning: POST /v1/auth/register (src/routes/v1/auth.route.js:7), requestBody application/json /properties/name: the block says integer, the validator string: the validator's schema is kept (the block is at src/routes/v1/auth.route.js:21)",
  ]);
});

test('express-jsdoc-swagger: routes, parameters, bodies, returns, @typedef, @security; renamed and unregistered paths warned', async () => {
  const { status, stderr, document } = await documented('albums.mjs');
  assert.is(status, 0, stderr);
  assert.equal(operations(document), ['GET /api/v1/albums', 'GET /api/v1/albums/{albumId}', 'POST /api/v1/albums']);
  const list = operation(document, 'GET /api/v1/albums');
  assert.equal([list.summary, list.description, list.tags], ['List albums', undefined, ['album']]);
  assert.equal(list.parameters, [{ name: 'name', in: 'query', description: 'name param description', required: true, schema: { type: 'string' } }]);
  assert.equal(list.responses, { 200: { description: 'success response', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Album' } } } } } });
  const add = operation(document, 'POST /api/v1/albums');
  assert.equal(add.requestBody, { description: 'the album', required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Album' } } } });
  assert.equal(add.responses, {
    201: { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Album' } } } },
    400: { description: 'bad request', content: { 'application/json': { schema: { type: 'object' } } } },
  });
  assert.equal(add.security, [{ BearerAuth: [] }]);
  assert.equal(operation(document, 'GET /api/v1/albums/{albumId}').parameters, [{ name: 'albumId', in: 'path', description: "the album's id", required: true, schema: { type: 'string' } }]);
  assert.equal(document.components.schemas, {
    Album: { type: 'object', description: 'An album', properties: { title: { type: 'string', description: 'The title' }, year: { type: 'number', description: 'The year', format: 'int64' } }, required: ['title'] },
  });
  assert.equal(warnings(stderr), [
    'docgen warning: test/fixtures/comment-blocks/albums.mjs:38: express-jsdoc-swagger documents GET /api/v1/albums/{id}, the app registers GET /api/v1/albums/{albumId} (test/fixtures/comment-blocks/albums.mjs:44): path parameter id is albumId in the document',
    'docgen warning: test/fixtures/comment-blocks/albums.mjs:48: express-jsdoc-swagger documents DELETE /api/v1/songs/{id}, which the app does not register; it is left out',
  ].map((line) => line.replaceAll('test/fixtures/comment-blocks/albums.mjs', join(FIXTURES, 'comment-blocks', 'albums.mjs'))));
});

test('a malformed YAML block: one warning with file and line, the other blocks read, the document written', async () => {
  const { status, stderr, document } = await documented('malformed.mjs');
  assert.is(status, 0, stderr);
  assert.equal(warnings(stderr), [`docgen warning: ${join(FIXTURES, 'comment-blocks', 'malformed.mjs')}:10: the @swagger block is not valid YAML (Nested mappings are not allowed in compact mappings); it is left out`]);
  // The broken block says nothing: the handler's code still gives its status.
  assert.equal(operation(document, 'GET /health').responses, { 200: { description: 'OK' }, default: { description: 'Default response' } });
  assert.is(operation(document, 'GET /ready').summary, 'Ready');
});

test.run();
