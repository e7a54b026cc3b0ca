// The document as a contract (src/learn/verify.ts): each Exchange against a document docgen
// built from a real app, checked with ajv's 2020-12 dialect. An operation the document lacks, an
// undocumented status, a body that breaks its schema (the pointer of the first mismatch, what
// the schema wants, what was seen as a type), missing required fields and parameters, undeclared
// query parameters; never a value in a finding.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Learner } from '../dist/learn/learned.js';
import { applyLearned } from '../dist/learn/to-openapi.js';
import { describeFinding, Verifier } from '../dist/learn/verify.js';
import { documented } from './helpers/schema-runs.js';
import { runApp } from './helpers/run-app.js';
import { exchange, json, random } from './helpers/learn.js';

documented('express-celebrate.mjs').catch(() => {});
const conduit = runApp('learn/conduit-express.mjs');
conduit.catch(() => {});

const customer = { name: 'Ann', email: 'ann@example.org', plan: 'pro', seats: 3 };

test('findings, kind by kind, against a document with declared schemas (celebrate/joi, $refs into components)', async () => {
  const { document } = await documented('express-celebrate.mjs');
  const verifier = new Verifier(document);
  const check = (fields) => verifier.check(exchange(fields));

  assert.equal(check({ method: 'get', path: null, unmatchedPath: '/customers/{}/notes', status: 404 }), [{ kind: 'unknown-operation', method: 'get', path: '/customers/{}/notes' }]);
  assert.equal(check({ method: 'patch', path: '/customers', status: 200 }), [{ kind: 'unknown-operation', method: 'patch', path: '/customers' }]);

  // A body that breaks the $ref'd component: the first mismatch, in the body and in the document.
  assert.equal(check({ method: 'post', path: '/customers', requestBody: json({ ...customer, seats: 2.5 }), status: 201, responseBody: json(customer) }), [
    { kind: 'schema-mismatch', method: 'post', path: '/customers', part: 'request body application/json', pointer: '/seats', schemaPointer: '/components/schemas/Customer/properties/seats/type', wants: 'type integer', seen: 'number' },
  ]);
  assert.equal(check({ method: 'post', path: '/customers', requestBody: json({ name: 'Bo', seats: 1 }), status: 201 }), [
    { kind: 'missing-required', method: 'post', path: '/customers', part: 'request body application/json', pointer: '', schemaPointer: '/components/schemas/Customer/required', name: 'email' },
  ]);
  const [closed] = check({ method: 'post', path: '/customers', requestBody: json({ ...customer, nickname: 'b' }), status: 201 });
  assert.equal([closed.kind, closed.wants, closed.seen, closed.schemaPointer], ['schema-mismatch', 'no other properties', 'property "nickname"', '/components/schemas/Customer/additionalProperties']);
  const [format] = check({ method: 'post', path: '/customers', requestBody: json({ ...customer, email: 'not-an-email' }), status: 201 });
  assert.equal([format.pointer, format.wants, format.seen], ['/email', 'format email', 'a string that is not email']);
  const [enumeration] = check({ method: 'post', path: '/customers', requestBody: json({ ...customer, plan: 'gold' }), status: 201 });
  assert.equal([enumeration.pointer, enumeration.wants, enumeration.seen], ['/plan', 'one of the declared values', 'string']);

  // A rejected request is expected to break the request schema: nothing to report (the handler's
  // code documents its 201, and docgen's `default` the rest).
  assert.equal(check({ method: 'post', path: '/customers', requestBody: json({ name: 7 }), status: 400 }), []);
  // An accepted request without the required body.
  assert.equal(check({ method: 'post', path: '/customers', status: 201 }).map((f) => f.kind), ['missing-request-body']);
  assert.equal(check({ method: 'post', path: '/customers', requestBody: { kind: 'other', mediaType: 'text/csv' }, status: 201 }), [
    { kind: 'undocumented-media-type', method: 'post', path: '/customers', part: 'request body', mediaType: 'text/csv' },
  ]);

  // Parameters: typed from the wire, required ones, undeclared query keys.
  assert.equal(check({ method: 'get', path: '/customers', query: { page: '2', sort: 'name' }, headerNames: ['x-tenant'], status: 200 }), []);
  assert.equal(check({ method: 'get', path: '/customers', query: { page: 'last', sort: 'name', q: 'ann', 1712345: '' }, headerNames: [], status: 200 }), [
    { kind: 'schema-mismatch', method: 'get', path: '/customers', part: 'query parameter page', pointer: '', schemaPointer: '/paths/~1customers/get/parameters/0/schema/type', wants: 'type integer', seen: 'string' },
    { kind: 'missing-required', method: 'get', path: '/customers', part: 'header parameters', name: 'x-tenant' },
    { kind: 'undeclared-query-parameter', method: 'get', path: '/customers', name: '{}' },
    { kind: 'undeclared-query-parameter', method: 'get', path: '/customers', name: 'q' },
  ]);
  assert.equal(check({ method: 'get', path: '/customers', query: { page: '0' }, headerNames: ['x-tenant'], status: 200 }).map((f) => [f.wants, f.seen]), [['minimum 1', 'integer']]);
  assert.equal(check({ method: 'put', path: '/customers/{customerId}', pathParams: { customerId: '42' }, requestBody: json(customer), status: 200 }).map((f) => [f.part, f.wants]), [['path parameter customerId', 'format uuid']]);

  // docgen's placeholder response, kept beside the 204 the handler's code sends, documents every
  // other status and says nothing about bodies.
  assert.equal(check({ method: 'delete', path: '/archive/{customerId}', pathParams: { customerId: 'x' }, status: 500, responseBody: json({ oops: true }) }), []);
});

test('a learned document verifies the traffic it was learned from without a finding, and catches what changed', async () => {
  const run = await conduit;
  const traffic = [
    exchange({ method: 'get', path: '/api/articles', query: { limit: '20' }, status: 200, responseBody: json({ articles: [{ slug: 'a', createdAt: '2024-05-01T10:00:00.000Z', favoritesCount: 2, author: { email: 'x@example.org', image: null } }], articlesCount: 1 }) }),
    exchange({ method: 'get', path: '/api/articles', query: { limit: '5', tag: 'dragons' }, status: 200, responseBody: json({ articles: [], articlesCount: 0 }) }),
    exchange({ method: 'get', path: '/api/articles/{slug}', pathParams: { slug: 'a' }, status: 404, responseBody: json({ errors: { article: ['not found'] } }) }),
    exchange({ method: 'get', path: '/api/tags', status: 200, responseBody: json({ tags: ['a'], byId: { '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e': 1 } }) }),
  ];
  const learner = new Learner();
  for (const e of traffic) learner.observe(e);
  const { document } = applyLearned(run.document, learner.state);
  const verifier = new Verifier(document);
  for (const e of traffic) assert.equal(verifier.check(e), [], `${e.method} ${e.path}`);

  const changed = [
    exchange({ method: 'get', path: '/api/articles', query: { limit: 'tenfold' }, status: 200, responseBody: json({ articles: [{ slug: 'a', createdAt: 'yesterday', favoritesCount: 2, author: { email: 'x@example.org', image: null } }], articlesCount: 1 }) }),
    exchange({ method: 'get', path: '/api/articles', query: { limit: '1' }, status: 200, responseBody: json({ articles: [{ slug: 'a', createdAt: '2024-05-01T10:00:00.000Z', favoritesCount: 2, author: { email: 'x@example.org', image: null } }] }) }),
    exchange({ method: 'get', path: '/api/articles/{slug}', pathParams: { slug: 'a' }, status: 500, responseBody: json({ error: 'kaboom' }) }),
    exchange({ method: 'get', path: '/api/tags', status: 200, responseBody: json({ tags: ['a'], byId: { '9a1b2c3d-0000-4c55-8a0e-2d4f6b8c0a1e': 'eleven' } }) }),
  ];
  const lines = changed.flatMap((e) => verifier.check(e)).map(describeFinding);
  assert.equal(lines, [
    'GET /api/articles: query parameter limit: the schema wants type integer, seen string (/paths/~1api~1articles/get/parameters/0/schema/type)',
    'GET /api/articles: response 200 application/json at /articles/0/createdAt: the schema wants format date-time, seen a string that is not date-time (/paths/~1api~1articles/get/responses/200/content/application~1json/schema/properties/articles/items/properties/createdAt/format)',
    'GET /api/articles: response 200 application/json: required property "articlesCount" is missing',
    'GET /api/articles/{slug}: status 500 is not documented',
    'GET /api/tags: response 200 application/json at /byId/{}: the schema wants type integer, seen string (/paths/~1api~1tags/get/responses/200/content/application~1json/schema/properties/byId/additionalProperties/type)',
  ]);
  const text = lines.join('\n');
  for (const value of ['tenfold', 'yesterday', 'kaboom', '9a1b2c3d', 'eleven']) assert.not.ok(text.includes(value), `a value in a finding: ${value}`);

  assert.equal(verifier.coverage().covered.map((op) => `${op.method} ${op.path}`), ['get /api/articles', 'get /api/articles/{slug}', 'get /api/tags']);
  assert.ok(verifier.coverage().uncovered.some((op) => op.path === '/api/users' && op.method === 'post'));
});

test('learned schemas and the verifier agree on formats: random traffic learned, then verified, gives no finding (seeded)', () => {
  const next = random(4242);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const strings = ['2024-02-29', '2023-13-01', '2024-05-01T10:00:00Z', '2024-05-01T10:00:00', 'a@b.co', 'a@b', 'https://x.org/p?q=1', 'urn:isbn:0451450523', '3F2C6A1E-9B7D-4C55-8A0E-2D4F6B8C0A1E', 'urn:uuid:3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e', '', ' ', 'plain'];
  const traffic = Array.from({ length: 300 }, () =>
    exchange({ path: '/x', query: { v: pick(['1', '-0', '1.50', 'true', '01', '1e3', '9007199254740993']) }, status: 200, responseBody: json({ s: pick(strings), n: pick([1, 2.5, -0, 1e21, null]), list: [pick(strings)] }) }),
  );
  const learner = new Learner();
  for (const e of traffic) learner.observe(e);
  const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { operationId: 'x', responses: { default: { description: 'Default response' } } } } } };
  const verifier = new Verifier(applyLearned(doc, learner.state).document);
  for (const e of traffic) assert.equal(verifier.check(e), []);
});

test('only OpenAPI 3.1 documents; a schema ajv cannot compile is reported, not thrown', () => {
  assert.throws(() => new Verifier({ openapi: '3.0.3', paths: {} }), (error) => error.code === 'DOCGEN_INVALID_DOCUMENT' && /reads OpenAPI 3\.1 documents; this one says openapi: 3\.0\.3/.test(error.message));
  const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } } };
  const [finding] = new Verifier(doc).check(exchange({ path: '/x', status: 200, responseBody: json({}) }));
  assert.is(finding.kind, 'unverifiable-schema');
  assert.match(describeFinding(finding), 'cannot be checked');
});

test.run();
