// What was learned, into documents docgen really builds (src/learn/to-openapi.ts): real apps run
// under the preload write their document; the learned state comes from Exchanges written by hand
// (the capture that makes them from requests is built in parallel, see test/helpers/learn.js).
// Declared wins, learned fills the rest, contradictions are reported and not merged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Learner } from '../dist/learn/learned.js';
import { applyLearned } from '../dist/learn/to-openapi.js';
import { documented } from './helpers/schema-runs.js';
import { operation, runApp } from './helpers/run-app.js';
import { exchange, json } from './helpers/learn.js';
import { assertValidOpenApi } from './helpers/validate.js';

const conduit = runApp('learn/conduit-express.mjs', { env: { DOCGEN_INTROSPECT: '1' } });
conduit.catch(() => {});
documented('express-celebrate.mjs').catch(() => {});

function learn(exchanges) {
  const learner = new Learner();
  for (const e of exchanges) learner.observe(e);
  return learner.state;
}

const USER = (n) => ({ user: { email: `u${n}@example.org`, token: `t${n}`, username: `u${n}`, bio: n % 2 ? null : 'hi', image: null } });
const ARTICLE = (n) => ({ slug: `how-to-${n}`, title: 'T', tagList: ['a'], createdAt: '2024-05-01T10:00:00.000Z', favoritesCount: n, author: { username: `u${n}`, following: false } });

const conduitTraffic = () => [
  exchange({ method: 'post', path: '/api/users', requestBody: json({ user: { email: 'a@example.org', password: 'secret-1', username: 'a' } }), status: 201, responseBody: json(USER(1)) }),
  exchange({ method: 'post', path: '/api/users', requestBody: json({ user: { email: 'b@example.org', password: 'secret-2', username: 'b' } }), status: 201, responseBody: json(USER(2)) }),
  exchange({ method: 'post', path: '/api/users', requestBody: json({ user: { email: 'bad' } }), status: 422, responseBody: json({ errors: { email: ['is invalid'] } }) }),
  exchange({ method: 'post', path: '/api/users/login', requestBody: json({ user: { email: 'a@example.org', password: 'secret-1' } }), status: 200, responseBody: json(USER(2)) }),
  exchange({ method: 'get', path: '/api/user', credentials: [{ kind: 'bearer' }], status: 200, responseBody: json(USER(3)) }),
  exchange({ method: 'get', path: '/api/user', status: 401, responseBody: json({ errors: { message: 'missing authorization' } }) }),
  exchange({ method: 'get', path: '/api/articles', query: { limit: '20', offset: '0' }, status: 200, responseBody: json({ articles: [ARTICLE(1), ARTICLE(2)], articlesCount: 2 }) }),
  exchange({ method: 'get', path: '/api/articles', query: { limit: '10', offset: '10', tag: 'dragons' }, credentials: [{ kind: 'bearer' }], status: 200, responseBody: json({ articles: [], articlesCount: 0 }) }),
  exchange({ method: 'get', path: '/api/articles/{slug}', pathParams: { slug: 'how-to-1' }, status: 200, responseBody: json({ article: ARTICLE(1) }) }),
  exchange({ method: 'delete', path: '/api/articles/{slug}', pathParams: { slug: 'how-to-1' }, credentials: [{ kind: 'bearer' }], status: 204 }),
  exchange({ method: 'delete', path: '/api/articles/{slug}', pathParams: { slug: 'nope' }, credentials: [{ kind: 'bearer' }], status: 404, responseBody: json({ errors: { article: ['not found'] } }) }),
  exchange({ method: 'delete', path: '/api/articles/{slug}/comments/{id}', pathParams: { slug: 'how-to-1', id: '17' }, credentials: [{ kind: 'bearer' }], status: 200, responseBody: json({}) }),
  exchange({ method: 'get', path: '/api/tags', status: 200, responseBody: json({ tags: ['a', 'b'] }) }),
];

test('an app without validators (RealWorld-style, Express 5): the learned document, valid OpenAPI 3.1', async () => {
  const run = await conduit;
  assert.is(run.status, 0, run.stderr);
  const before = JSON.stringify(run.document);
  const result = applyLearned(run.document, learn(conduitTraffic()));
  assert.is(JSON.stringify(run.document), before, 'the input document is not changed');
  assert.equal(result.contradictions, []);
  await assertValidOpenApi(result.document);
  const doc = result.document;

  const register = operation(doc, 'POST /api/users');
  assert.equal(register.requestBody.content['application/json'].schema, {
    type: 'object',
    properties: { user: { type: 'object', properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, username: { type: 'string' } }, required: ['email', 'password', 'username'] } },
    required: ['user'],
  });
  assert.equal(Object.keys(register.responses), ['201', '422']);
  assert.equal(register.responses['201'].content['application/json'].schema.properties.user.properties.bio, { type: ['string', 'null'] });
  assert.is(register.security, undefined);

  const list = operation(doc, 'GET /api/articles');
  assert.equal(list.parameters.map((p) => [p.name, p.required === true, p.schema.type]), [['limit', true, 'integer'], ['offset', true, 'integer'], ['tag', false, 'string']]);
  // The same article shape in two operations (a list's items, `article` of another): one component.
  assert.equal(list.responses['200'].content['application/json'].schema.properties.articles.items, { $ref: '#/components/schemas/Article' });
  assert.equal(operation(doc, 'GET /api/articles/{slug}').responses['200'].content['application/json'].schema.properties.article, { $ref: '#/components/schemas/Article' });
  const article = doc.components.schemas.Article;
  assert.equal(article.properties.createdAt, { type: 'string', format: 'date-time' });
  assert.equal(article.properties.favoritesCount, { type: 'integer' });
  assert.equal(article.properties.author, { $ref: '#/components/schemas/Author' });
  assert.is(article['x-docgen-learned'], true);
  assert.equal(Object.keys(doc.components.schemas), ['Article', 'Author']);
  assert.equal(list.security, [{ bearerAuth: [] }, {}], 'called with and without a token');

  assert.equal(operation(doc, 'GET /api/user').security, [{ bearerAuth: [] }]);
  assert.equal(Object.keys(operation(doc, 'GET /api/user').responses), ['200', '401']);
  assert.equal(doc.components.securitySchemes, { bearerAuth: { type: 'http', scheme: 'bearer', 'x-docgen-learned': true } });

  // JSDoc declared `@response 204 Deleted`: its description stays, the 404 seen is added.
  const remove = operation(doc, 'DELETE /api/articles/{slug}');
  assert.equal(remove.responses['204'], { description: 'Deleted' });
  assert.equal(remove.responses['404'].content['application/json'].schema.properties.errors.type, 'object');
  assert.equal(operation(doc, 'DELETE /api/articles/{slug}/comments/{id}').parameters.map((p) => p.schema), [{ type: 'string' }, { type: 'integer' }]);
  assert.equal(operation(doc, 'DELETE /api/articles/{slug}/comments/{id}')['x-docgen-learned'], { exchanges: 1, accepted: 1 });

  assert.equal(result.uncovered, [{ method: 'put', path: '/api/user' }, { method: 'get', path: '/api/profiles/{username}' }].sort((a, b) => (a.path < b.path ? -1 : 1)));
  assert.equal(operation(doc, 'PUT /api/user').responses, { default: { description: 'Default response' } }, 'no traffic: the placeholder stays');
  const keys = Object.keys(doc);
  assert.ok(keys.indexOf('components') === keys.indexOf('paths') + 1, `components after paths: ${keys}`);
});

test('applying what was learned to its own result changes nothing and contradicts nothing', async () => {
  const run = await conduit;
  const state = learn(conduitTraffic());
  const once = applyLearned(run.document, state);
  const twice = applyLearned(once.document, state);
  assert.equal(twice.contradictions, []);
  assert.is(JSON.stringify(twice.document), JSON.stringify(once.document));
});

test('declared wins (celebrate/joi on Express 5): contradictions are reported with a pointer, never merged; learned fills the rest', async () => {
  const { document } = await documented('express-celebrate.mjs');
  const customer = { name: 'Ann', email: 'ann@example.org', plan: 'pro', seats: 3 };
  const state = learn([
    exchange({ method: 'post', path: '/customers', requestBody: json(customer), status: 201, responseBody: json(customer) }),
    // accepted by the app although the declared schema says otherwise (a validator that is off, a stale document)
    exchange({ method: 'post', path: '/customers', requestBody: json({ name: 'Bo', seats: 2.5, nickname: 'b' }), status: 201, responseBody: json(customer) }),
    // rejected: says nothing about what the operation takes
    exchange({ method: 'post', path: '/customers', requestBody: json({ name: 7 }), status: 400, responseBody: json({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' }) }),
    exchange({ method: 'get', path: '/customers', query: { page: '2', sort: 'name', q: 'ann' }, headerNames: ['x-tenant', 'x-request-source'], status: 200, responseBody: json([customer]) }),
    exchange({ method: 'get', path: '/customers', query: { page: 'last' }, headerNames: [], status: 200, responseBody: json([]) }),
    exchange({ method: 'put', path: '/customers/{customerId}', pathParams: { customerId: '42' }, requestBody: json(customer), status: 200, responseBody: json(customer) }),
    exchange({ method: 'delete', path: '/archive/{customerId}', pathParams: { customerId: '42' }, status: 204 }),
  ]);
  const result = applyLearned(document, state);
  await assertValidOpenApi(result.document);
  const customerSchema = '/components/schemas/Customer';
  const contradictions = result.contradictions.map(({ method, path, part, pointer, declared, seen }) => `${method} ${path} | ${part} | ${pointer} | ${declared} | ${seen}`);
  assert.equal([
    `get /customers | query parameter page | /paths/~1customers/get/parameters/0/schema/type | type integer | string`,
    `get /customers | header parameter x-tenant | /paths/~1customers/get/parameters/2/required | required | absent in 1 of 2 accepted requests`,
    `put /customers/{customerId} | path parameter customerId | /paths/~1customers~1{customerId}/put/parameters/0/schema/format | format uuid | texts that are not all uuid`,
    `post /customers | request body application/json | ${customerSchema}/properties/seats/type | type integer | number`,
    `post /customers | request body application/json | ${customerSchema}/additionalProperties | no other properties | property "nickname" in 1 of 2 objects`,
    `post /customers | request body application/json | ${customerSchema}/required | required property "email" | absent in 1 of 2 objects`,
  ].sort(), contradictions.sort());
  const reported = JSON.stringify(result.contradictions);
  for (const value of ['Ann', 'ann@example.org', '2.5', '"42"', 'last', 'Bo']) assert.not.ok(reported.includes(value), `a value in a contradiction: ${value}`);

  // Declared parts unchanged...
  assert.equal(result.document.components.schemas, document.components.schemas);
  assert.equal(operation(result.document, 'POST /customers').requestBody, operation(document, 'POST /customers').requestBody);
  assert.equal(operation(result.document, 'PUT /customers/{customerId}').parameters, operation(document, 'PUT /customers/{customerId}').parameters);
  // ...a declared `{ type: string, minLength: 1 }` is not docgen's placeholder: integers fit it, it stays.
  assert.equal(operation(result.document, 'DELETE /archive/{customerId}').parameters[0].schema, { type: 'string', minLength: 1 });
  // ...and learned fills the rest: the query parameter and header the declaration lacks, the responses.
  const list = operation(result.document, 'GET /customers');
  assert.equal(list.parameters.slice(3), [
    { name: 'q', in: 'query', schema: { type: 'string' }, 'x-docgen-learned': true },
    { name: 'x-request-source', in: 'header', schema: { type: 'string' }, 'x-docgen-learned': true },
  ]);
  // 201 from the handler's code, 400 learned; docgen's default, kept beside the code's statuses, goes once traffic shows statuses.
  assert.equal(Object.keys(operation(result.document, 'POST /customers').responses), ['201', '400']);
  // The handler's `res.sendStatus(204)` documents the status already: traffic adds nothing to it.
  assert.equal(operation(result.document, 'DELETE /archive/{customerId}').responses, { 204: { description: 'No Content' } });
});

test('a query parameter the code reads with no type takes traffic\'s schema; the keys of an object parameter (filter[age]) do not replace it', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/items': { get: { parameters: [{ name: 'page', in: 'query', schema: {} }, { name: 'filter', in: 'query', schema: {} }], responses: { default: { description: 'Default response' } } } } },
  };
  const learner = new Learner();
  for (let i = 0; i < 3; i++) learner.observe(exchange({ path: '/items', query: { page: String(i + 1), 'filter[status]': 'active', 'filter[age]': String(30 + i) }, status: 200, responseBody: json([]) }));
  const result = applyLearned(doc, learner.state);
  const parameters = result.document.paths['/items'].get.parameters;
  assert.equal(parameters[0], { name: 'page', in: 'query', schema: { type: 'integer' }, required: true, 'x-docgen-learned': true });
  assert.equal(parameters[1], { name: 'filter', in: 'query', schema: {} });
  assert.equal(result.contradictions, []);
});

test('repeated learned shapes become components only when the name is unambiguous and free', () => {
  const doc = (components) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(['/a', '/b', '/c', '/d'].map((path) => [path, { get: { operationId: path.slice(1), responses: { default: { description: 'Default response' } } } }])),
    ...(components ? { components } : {}),
  });
  const traffic = learn([
    exchange({ path: '/a', status: 200, responseBody: json({ owner: { id: 1, name: 'x' }, shipping_address: { city: 'c', zip: 'z' } }) }),
    exchange({ path: '/b', status: 200, responseBody: json({ owner: { id: 2, name: 'y' }, shipping_address: { city: 'c', zip: 'z' } }) }),
    // a different shape under the same name, in two operations too: `Owner` would be ambiguous
    exchange({ path: '/c', status: 200, responseBody: json({ owner: { login: 'x', admin: true } }) }),
    exchange({ path: '/d', status: 200, responseBody: json({ owner: { login: 'y', admin: false } }) }),
  ]);
  const result = applyLearned(doc(), traffic);
  assert.equal(Object.keys(result.document.components.schemas), ['ShippingAddress']);
  assert.equal(result.document.paths['/a'].get.responses['200'].content['application/json'].schema.properties.shipping_address, { $ref: '#/components/schemas/ShippingAddress' });
  assert.equal(result.document.paths['/c'].get.responses['200'].content['application/json'].schema.properties.owner.type, 'object');
  // A declared component of that name: reused when equal, left alone (and the shape inline) when not.
  const declared = { type: 'object', properties: { city: { type: 'string' } } };
  const taken = applyLearned(doc({ schemas: { ShippingAddress: declared } }), traffic);
  assert.equal(taken.document.components.schemas, { ShippingAddress: declared });
  assert.equal(taken.document.paths['/a'].get.responses['200'].content['application/json'].schema.properties.shipping_address.type, 'object');
  const equal = { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city', 'zip'] };
  const reused = applyLearned(doc({ schemas: { ShippingAddress: equal } }), traffic);
  assert.equal(reused.document.components.schemas, { ShippingAddress: equal });
  assert.equal(reused.document.paths['/b'].get.responses['200'].content['application/json'].schema.properties.shipping_address, { $ref: '#/components/schemas/ShippingAddress' });
});

test('security scheme names: an equal declared scheme keeps its name; a name taken by another scheme is not reused', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/a': { get: { operationId: 'a', responses: { default: { description: 'Default response' } } } } },
    components: { securitySchemes: { jwt: { type: 'http', scheme: 'Bearer' }, basicAuth: { type: 'apiKey', in: 'query', name: 'basic' } } },
  };
  const result = applyLearned(doc, learn([exchange({ path: '/a', credentials: [{ kind: 'bearer' }, { kind: 'basic' }], status: 200 })]));
  assert.equal(result.document.paths['/a'].get.security, [{ jwt: [], basicAuth_2: [] }]);
  assert.equal(Object.keys(result.document.components.securitySchemes), ['basicAuth', 'basicAuth_2', 'jwt']);
  assert.equal(result.document.components.securitySchemes.jwt, { type: 'http', scheme: 'Bearer' });
});

test('a declared range response (2XX) is checked, not shadowed by a learned 200; declared content with no body seen is reported', () => {
  const schema = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] };
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': { get: { operationId: 'a', responses: { '2XX': { description: 'OK', content: { 'application/json': { schema } } } } } },
      '/b': { get: { operationId: 'b', responses: { 200: { description: 'OK', content: { 'application/json': { schema } } } } } },
    },
  };
  const result = applyLearned(doc, learn([
    exchange({ path: '/a', status: 200, responseBody: json({ id: 'x' }) }),
    exchange({ path: '/b', status: 200 }),
    exchange({ path: '/b', status: 200 }),
  ]));
  assert.equal(Object.keys(result.document.paths['/a'].get.responses), ['2XX']);
  assert.equal(result.contradictions, [
    { method: 'get', path: '/a', part: 'response 200 application/json', pointer: '/paths/~1a/get/responses/2XX/content/application~1json/schema/properties/id/type', declared: 'type integer', seen: 'string' },
    { method: 'get', path: '/b', part: 'response 200', pointer: '/paths/~1b/get/responses/200/content', declared: 'content application/json', seen: 'no body in all 2 responses' },
  ]);
});

test.run();
