// Validator schemas in Express apps: celebrate/joi on Express 4 and 5 (read from the rules the
// middleware keeps), express-validator chains and checkSchema() (read from the chains'
// builders). Real apps from test/fixtures/schemas run under the preload.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operations } from './helpers/run-app.js';
import { documented, jsonBody, schemaFields, sent } from './helpers/schema-runs.js';

const CELEBRATE = 'express-celebrate.mjs';
const VERSIONS = { 'Express 5': {}, 'Express 4': { EXPRESS: '4' } };
for (const env of Object.values(VERSIONS)) documented(CELEBRATE, { env }).catch(() => {});
documented('express-validator.cjs', { warnings: true }).catch(() => {});

const CUSTOMER = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2, maxLength: 60 },
    email: { type: 'string', minLength: 1, format: 'email' },
    plan: { type: 'string', default: 'free', enum: ['free', 'pro'] },
    seats: { type: 'integer', minimum: 1 },
  },
  required: ['email', 'name'],
  additionalProperties: false,
};

for (const [version, env] of Object.entries(VERSIONS)) {
  test(`celebrate on ${version}: a joi body named by meta({ className }) is a component`, async () => {
    const { document } = await documented(CELEBRATE, { env });
    assert.equal(operations(document), ['DELETE /archive/{customerId}', 'GET /customers', 'POST /customers', 'PUT /customers/{customerId}']);
    // `res.status(201).json(req.body)`: the status from the code, the body of no known type.
    assert.equal(schemaFields(document, 'POST /customers'), { requestBody: jsonBody({ $ref: '#/components/schemas/Customer' }), responses: sent(201, 'Created', {}) });
    assert.equal(document.components.schemas, { Customer: CUSTOMER });
  });

  test(`celebrate on ${version}: params replace the path parameter; query and headers from plain objects and joi objects`, async () => {
    const { document } = await documented(CELEBRATE, { env });
    assert.equal(schemaFields(document, 'PUT /customers/{customerId}'), {
      parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string', minLength: 1, format: 'uuid' } }],
      requestBody: jsonBody({ $ref: '#/components/schemas/Customer' }),
      responses: sent(200, 'OK', {}),
    });
    // celebrate validates no body on GET: none is documented.
    assert.equal(schemaFields(document, 'GET /customers'), {
      parameters: [
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        { name: 'sort', in: 'query', schema: { type: 'string', enum: ['name', 'created'] } },
        { name: 'x-tenant', in: 'header', required: true, schema: { type: 'string', minLength: 1 } },
      ],
      responses: sent(200, 'OK', { type: 'array' }),
    });
  });

  test(`celebrate on ${version}: a route of a mounted router`, async () => {
    const { document } = await documented(CELEBRATE, { env });
    assert.equal(schemaFields(document, 'DELETE /archive/{customerId}').parameters, [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }]);
  });
}

test('celebrate: Express 4 and Express 5 give the same paths and components', async () => {
  const five = await documented(CELEBRATE, { env: VERSIONS['Express 5'] });
  const four = await documented(CELEBRATE, { env: VERSIONS['Express 4'] });
  assert.equal(four.document.paths, five.document.paths);
  assert.equal(four.document.components, five.document.components);
});

// --- express-validator --------------------------------------------------------------------------

const SIGNUP = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    password: { type: 'string', minLength: 8, maxLength: 64 },
    age: { type: 'integer', minimum: 13 },
    nickname: { type: 'string' },
    address: { type: 'object', properties: { city: { type: 'string', minLength: 1 } }, required: ['city'] },
    tags: { type: 'array', items: { enum: ['a', 'b', 'c'] } },
  },
  required: ['email', 'password', 'address', 'tags'],
};

test('express-validator chains: one body schema, nested fields and arrays, optional() fields not required', async () => {
  const { document } = await documented('express-validator.cjs', { warnings: true });
  // The app parses JSON and urlencoded bodies: the body is documented under both.
  assert.equal(schemaFields(document, 'POST /signup'), {
    requestBody: { required: true, content: { 'application/json': { schema: SIGNUP }, 'application/x-www-form-urlencoded': { schema: SIGNUP } } },
    responses: sent(200, 'OK', {}),
  });
});

test('express-validator query() and header() chains are parameters; check() on every location is reported, not guessed', async () => {
  const { document } = await documented('express-validator.cjs', { warnings: true });
  assert.equal(schemaFields(document, 'GET /search').parameters, [
    { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
    { name: 'x-request-id', in: 'header', schema: { type: 'string', format: 'uuid' } },
  ]);
  const skipped = document['x-docgen-schema-errors'].find((e) => e.path === '/search');
  assert.equal({ ...skipped, source: undefined }, {
    method: 'GET',
    path: '/search',
    source: undefined,
    part: 'request',
    library: 'express-validator',
    via: 'express-validator',
    reason: 'a chain that looks in body, cookies, headers, params, query is not documented (only a chain on one location says where its field is)',
  });
});

test('express-validator checkSchema(): params, body fields, and a custom validator reported', async () => {
  const { document, stderr } = await documented('express-validator.cjs', { warnings: true });
  const body = { type: 'object', properties: { displayName: { type: 'string', maxLength: 30 }, newsletter: { type: 'boolean' }, confirm: {} }, required: ['displayName', 'confirm'] };
  assert.equal(schemaFields(document, 'PATCH /accounts/{accountId}'), {
    parameters: [{ name: 'accountId', in: 'path', required: true, schema: { type: 'integer' } }],
    requestBody: { required: true, content: { 'application/json': { schema: body }, 'application/x-www-form-urlencoded': { schema: body } } },
    responses: sent(200, 'OK', { type: 'object' }),
  });
  const custom = document['x-docgen-schema-errors'].find((e) => e.path === '/accounts/{accountId}');
  assert.is(custom.reason, 'a custom validator on confirm has no JSON Schema form (documented without it)');
  assert.match(custom.source, /fixtures\/schemas\/express-validator\.cjs:\d+$/);
  assert.match(stderr, /docgen warning: PATCH \/accounts\/\{accountId\} .*a custom validator on confirm/);
});

test.run();
