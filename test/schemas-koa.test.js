// Validator schemas in Koa apps: koa-joi-router, whose route specs carry joi schemas for the
// headers, path parameters, query, a JSON or form body and the response bodies by status. Its
// routes live on an inner @koa/router 10 that the Koa adapter reads. Real apps from
// test/fixtures/schemas run under the preload; the JSON Schema in their documents is asserted exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operations } from './helpers/run-app.js';
import { DEFAULT_RESPONSES, documented, jsonBody, schemaFields, sent } from './helpers/schema-runs.js';

const APP = 'koa-joi-router.cjs';
const UNCONVERTIBLE = 'koa-joi-unconvertible.cjs';
const VERSIONS = { 'Koa 3': {}, 'Koa 2': { KOA: '2' } };
for (const env of Object.values(VERSIONS)) documented(APP, { env }).catch(() => {});
documented(APP, { env: { SECOND_RUN: '1' } }).catch(() => {});
documented(UNCONVERTIBLE, { warnings: true }).catch(() => {});

const PET = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40 },
    kind: { type: 'string', enum: ['cat', 'dog'] },
    age: { type: 'integer', minimum: 0 },
  },
  required: ['name', 'kind'],
  additionalProperties: false,
};
const PET_REF = { $ref: '#/components/schemas/Pet' };
const json = (schema) => ({ 'application/json': { schema } });

for (const [version, env] of Object.entries(VERSIONS)) {
  test(`koa-joi-router on ${version}: every route of the prefixed and plain routers, sited at the app's call`, async () => {
    const { document } = await documented(APP, { env });
    assert.equal(operations(document), ['GET /pets', 'GET /pets/count', 'PATCH /pets/{petId}', 'POST /login', 'POST /pets', 'PUT /pets/{petId}']);
    assert.match(document.paths['/pets'].post['x-docgen-source'], /fixtures\/schemas\/koa-joi-router\.cjs:17$/);
    assert.match(document.paths['/pets'].get['x-docgen-source'], /fixtures\/schemas\/koa-joi-router\.cjs:36$/);
  });

  test(`koa-joi-router on ${version}: header and json body, output bodies by status, meta.swagger words; the named joi body a component`, async () => {
    const { document } = await documented(APP, { env });
    assert.equal(schemaFields(document, 'POST /pets'), {
      summary: 'Add a pet',
      tags: ['pets'],
      parameters: [{ name: 'x-tenant', in: 'header', required: true, schema: { type: 'string', minLength: 1 } }],
      requestBody: jsonBody(PET_REF),
      responses: {
        201: { description: 'Created', content: json(PET_REF) },
        '4XX': { description: 'Response', content: json({ type: 'object', properties: { error: { type: 'string', minLength: 1 } }, additionalProperties: false }) },
      },
    });
    assert.equal(document.components.schemas, { Pet: PET });
    assert.is(document['x-docgen-schema-errors'], undefined);
  });

  test(`koa-joi-router on ${version}: params compiled from a plain object on every method of a route; query parameters`, async () => {
    const { document } = await documented(APP, { env });
    for (const key of ['PUT /pets/{petId}', 'PATCH /pets/{petId}']) {
      assert.equal(schemaFields(document, key), {
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        requestBody: jsonBody(PET_REF),
        responses: DEFAULT_RESPONSES,
      });
    }
    assert.equal(schemaFields(document, 'GET /pets'), {
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } },
        { name: 'q', in: 'query', schema: { type: 'string', minLength: 1 } },
      ],
      responses: sent(200, 'OK', { type: 'array' }),
    });
    // A route without validate has nothing to document.
    assert.equal(schemaFields(document, 'GET /pets/count'), { responses: sent(200, 'OK', { type: 'integer' }) });
  });

  test(`koa-joi-router on ${version}: a form body is urlencoded only; a 200-299 output is 2XX`, async () => {
    const { document } = await documented(APP, { env });
    assert.equal(schemaFields(document, 'POST /login'), {
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', properties: { user: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 8 } }, required: ['user', 'password'], additionalProperties: false },
          },
        },
      },
      responses: { '2XX': { description: 'Response', content: json({ type: 'object', properties: { token: { type: 'string', minLength: 1 } }, additionalProperties: false }) } },
    });
  });
}

test('koa-joi-router: Koa 2 and Koa 3 give the same paths and components', async () => {
  const three = await documented(APP, { env: VERSIONS['Koa 3'] });
  const two = await documented(APP, { env: VERSIONS['Koa 2'] });
  assert.equal(two.document.paths, three.document.paths);
  assert.equal(two.document.components, three.document.components);
});

test('the document is byte-identical across runs', async () => {
  const first = await documented(APP);
  const second = await documented(APP, { env: { SECOND_RUN: '1' } });
  assert.is(second.text, first.text);
});

test('a .custom() rule and an output headers schema are reported; the rest of each operation stays', async () => {
  const { document, stderr } = await documented(UNCONVERTIBLE, { warnings: true });
  const errors = document['x-docgen-schema-errors'];
  assert.equal(
    errors.map(({ source, ...rest }) => rest),
    [
      { method: 'POST', path: '/codes', part: 'request body', library: 'joi', via: 'koa-joi-router', reason: 'a .custom() rule at code has no JSON Schema form (documented without it)' },
      { method: 'POST', path: '/codes', part: 'response 201', library: 'koa-joi-router', via: 'koa-joi-router', reason: 'a schema of response headers (validate.output headers) is not documented' },
    ],
  );
  for (const error of errors) assert.match(error.source, /fixtures\/schemas\/koa-joi-unconvertible\.cjs:8$/);
  assert.equal(schemaFields(document, 'POST /codes'), {
    requestBody: jsonBody({ type: 'object', properties: { code: { type: 'string', minLength: 1 } }, required: ['code'], additionalProperties: false }),
    responses: { 201: { description: 'Created', content: json({ type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false }) } },
  });
  assert.equal(schemaFields(document, 'GET /fine').parameters, [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }]);
  assert.is((stderr.match(/docgen warning: .*see x-docgen-schema-errors/g) ?? []).length, 2);
});

test('statusKeys: codes, lists, whole and partial hundreds, *', async () => {
  const { statusKeys } = await import('../dist/schemas/capture/koa-joi-router.js');
  assert.equal(statusKeys('200'), ['200']);
  assert.equal(statusKeys('201, 202'), ['201', '202']);
  assert.equal(statusKeys('400-599'), ['4XX', '5XX']);
  assert.equal(statusKeys('200-204'), ['200', '201', '202', '203', '204']);
  assert.equal(statusKeys('*'), ['default']);
});

test.run();
