// Per-operation learning (src/learn/operation.ts, learned.ts) from Exchanges, read through the
// OpenAPI it produces (src/learn/to-openapi.ts) on a document as docgen's builder writes it for
// an app without validators: path parameter types, query and header parameters (required only
// when in every accepted request), request bodies from accepted requests only, every response
// status, credentials as security schemes, skipped bodies counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Learner, learnedCounts } from '../dist/learn/learned.js';
import { applyLearned } from '../dist/learn/to-openapi.js';
import { exchange, json } from './helpers/learn.js';
import { assertValidOpenApi } from './helpers/validate.js';

/** What docgen's builder writes for `path`/`method` when nothing declares its schemas. */
function bareDocument(operations) {
  const paths = {};
  for (const [method, path] of operations) {
    const params = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    (paths[path] ??= {})[method] = { operationId: `${method}${path.replace(/\W/g, '')}`, ...(params.length ? { parameters: params } : {}), responses: { default: { description: 'Default response' } } };
  }
  return { openapi: '3.1.0', info: { title: 'app', version: '1.0.0' }, paths, 'x-docgen-app': { framework: 'express', index: 0, of: 1 } };
}

function learn(exchanges, options) {
  const learner = new Learner(options);
  for (const e of exchanges) learner.observe(e);
  return learner;
}

function op(result, method, path) {
  return result.document.paths[path][method];
}

test('path parameters: integer when every accepted value is an integer, else string; a uuid is a uuid', async () => {
  const doc = bareDocument([['get', '/articles/{id}'], ['get', '/users/{name}'], ['get', '/orders/{orderId}']]);
  const learner = learn([
    exchange({ path: '/articles/{id}', pathParams: { id: '12' }, status: 200 }),
    exchange({ path: '/articles/{id}', pathParams: { id: '7' }, status: 200 }),
    // answered 400: does not widen the type to string
    exchange({ path: '/articles/{id}', pathParams: { id: 'abc' }, status: 400 }),
    exchange({ path: '/users/{name}', pathParams: { name: '12' }, status: 200 }),
    exchange({ path: '/users/{name}', pathParams: { name: 'jake' }, status: 200 }),
    exchange({ path: '/orders/{orderId}', pathParams: { orderId: '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e' }, status: 200 }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'get', '/articles/{id}').parameters, [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, 'x-docgen-learned': true }]);
  assert.equal(op(result, 'get', '/users/{name}').parameters, [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], 'string stays docgen\'s own');
  assert.equal(op(result, 'get', '/orders/{orderId}').parameters[0].schema, { type: 'string', format: 'uuid' });
  assert.equal(result.contradictions, []);
  await assertValidOpenApi(result.document);
});

test('query parameters: name and type; required only when present in every accepted request; repeated keys are arrays', () => {
  const doc = bareDocument([['get', '/articles']]);
  const learner = learn([
    exchange({ path: '/articles', query: { limit: '20', offset: '0', tag: 'dragons' }, status: 200 }),
    exchange({ path: '/articles', query: { limit: '10', tag: ['a', 'b'] }, status: 200 }),
    exchange({ path: '/articles', query: { limit: '5', author: 'jake' }, status: 200 }),
    // rejected: neither makes `limit` optional nor adds `debug`
    exchange({ path: '/articles', query: { debug: '1' }, status: 400 }),
    // a name that is a value is not a parameter
    exchange({ path: '/articles', query: { limit: '1', 1712345678: '' }, status: 200 }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'get', '/articles').parameters, [
    { name: 'author', in: 'query', schema: { type: 'string' }, 'x-docgen-learned': true },
    { name: 'limit', in: 'query', required: true, schema: { type: 'integer' }, 'x-docgen-learned': true },
    { name: 'offset', in: 'query', schema: { type: 'integer' }, 'x-docgen-learned': true },
    { name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string' } }, 'x-docgen-learned': true },
  ]);
});

test("header parameters: the app's own headers, not standard ones, not credentials", () => {
  const doc = bareDocument([['post', '/payments']]);
  const learner = learn([
    exchange({ method: 'post', path: '/payments', headerNames: ['Idempotency-Key', 'x-tenant', 'user-agent', 'traceparent', 'x-api-key', 'sec-fetch-mode'], credentials: [{ kind: 'apiKeyHeader', name: 'x-api-key' }], status: 201 }),
    exchange({ method: 'post', path: '/payments', headerNames: ['idempotency-key', 'x-api-key'], credentials: [{ kind: 'apiKeyHeader', name: 'X-API-Key' }], status: 201 }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'post', '/payments').parameters, [
    { name: 'idempotency-key', in: 'header', required: true, schema: { type: 'string' }, 'x-docgen-learned': true },
    { name: 'x-tenant', in: 'header', schema: { type: 'string' }, 'x-docgen-learned': true },
  ]);
  assert.equal(op(result, 'post', '/payments').security, [{ 'apiKeyHeader_x-api-key': [] }]);
  assert.equal(result.document.components.securitySchemes, { 'apiKeyHeader_x-api-key': { type: 'apiKey', in: 'header', name: 'x-api-key', 'x-docgen-learned': true } });
});

test('request bodies per content type, from accepted requests only: a request answered 400 does not widen the schema', async () => {
  const doc = bareDocument([['post', '/users']]);
  const learner = learn([
    exchange({ method: 'post', path: '/users', requestBody: json({ user: { email: 'a@example.org', password: 'x', username: 'a' } }), status: 201, responseBody: json({ user: { email: 'a@example.org', token: 'jwt', username: 'a', bio: null } }) }),
    exchange({ method: 'post', path: '/users', requestBody: json({ user: { email: 'b@example.org', password: 'y', username: 'b' } }, 'application/json; charset=utf-8'), status: 201, responseBody: json({ user: { email: 'b@example.org', token: 'jwt', username: 'b', bio: 'hi' } }) }),
    exchange({ method: 'post', path: '/users', requestBody: json({ user: { email: 42, extra: true } }), status: 422, responseBody: json({ errors: { body: ['invalid'] } }) }),
    exchange({ method: 'post', path: '/users', requestBody: { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { email: 'c@example.org', age: '30', tags: ['x', 'y'] } }, status: 201, responseBody: json({ user: { email: 'c@example.org', token: 't', username: 'c', bio: null } }) }),
    exchange({ method: 'post', path: '/users', requestBody: { kind: 'multipart', mediaType: 'multipart/form-data; boundary=xyz', fields: ['email', 'tag', 'tag'], files: ['avatar'] }, status: 201, responseBody: json({ user: { email: 'd@example.org', token: 't', username: 'd', bio: null } }) }),
  ]);
  const result = applyLearned(doc, learner.state);
  const post = op(result, 'post', '/users');
  assert.equal(post.requestBody, {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { user: { type: 'object', properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, username: { type: 'string' } }, required: ['email', 'password', 'username'] } },
          required: ['user'],
        },
        'x-docgen-learned': true,
      },
      'application/x-www-form-urlencoded': {
        schema: { type: 'object', properties: { age: { type: 'integer' }, email: { type: 'string', format: 'email' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['age', 'email', 'tags'] },
        'x-docgen-learned': true,
      },
      'multipart/form-data': {
        schema: { type: 'object', properties: { avatar: { contentMediaType: 'application/octet-stream' }, email: { type: 'string' }, tag: { type: 'array', items: { type: 'string' } } }, required: ['avatar', 'email', 'tag'] },
        'x-docgen-learned': true,
      },
    },
  });
  assert.equal(Object.keys(post.responses), ['201', '422'], "docgen's placeholder response is replaced");
  assert.equal(post.responses['201'].content['application/json'].schema.properties.user.properties.bio, { type: ['string', 'null'] });
  assert.equal(post.responses['422'], {
    description: 'Unprocessable Entity',
    content: { 'application/json': { schema: { type: 'object', properties: { errors: { type: 'object', properties: { body: { type: 'array', items: { type: 'string' } } }, required: ['body'] } }, required: ['errors'] }, 'x-docgen-learned': true } },
    'x-docgen-learned': true,
  });
  await assertValidOpenApi(result.document);
});

test('every status is documented: no content for 204 and res.end(), text and binary by media type', () => {
  const doc = bareDocument([['delete', '/articles/{slug}'], ['get', '/files/{name}']]);
  const learner = learn([
    exchange({ method: 'delete', path: '/articles/{slug}', pathParams: { slug: 'how-to' }, status: 204 }),
    exchange({ method: 'delete', path: '/articles/{slug}', pathParams: { slug: 'x' }, status: 404, responseBody: { kind: 'other', mediaType: 'text/html; charset=utf-8' } }),
    exchange({ method: 'delete', path: '/articles/{slug}', pathParams: { slug: 'y' }, status: 403 }),
    exchange({ path: '/files/{name}', pathParams: { name: 'a.png' }, status: 200, responseBody: { kind: 'other', mediaType: 'image/png' } }),
    exchange({ path: '/files/{name}', pathParams: { name: 'big.json' }, status: 200, responseBody: { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' } }),
    exchange({ path: '/files/{name}', pathParams: { name: 'log' }, status: 200, responseBody: { kind: 'skipped', mediaType: undefined, reason: 'stream' } }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'delete', '/articles/{slug}').responses, {
    204: { description: 'No Content', 'x-docgen-learned': true },
    403: { description: 'Forbidden', 'x-docgen-learned': true },
    404: { description: 'Not Found', content: { 'text/html': { schema: { type: 'string' }, 'x-docgen-learned': true } }, 'x-docgen-learned': true },
  });
  const get = op(result, 'get', '/files/{name}');
  assert.equal(get.responses['200'].content, {
    'application/json': { schema: {}, 'x-docgen-learned': true },
    'image/png': { schema: { contentMediaType: 'image/png' }, 'x-docgen-learned': true },
  });
  assert.equal(get['x-docgen-learned'], { exchanges: 3, accepted: 3, skippedBodies: { response: { stream: 1, 'too-large': 1 } } });
});

test('security: bearer, basic, API key header and cookie; none for operations called without; optional `{}` when both', async () => {
  const doc = bareDocument([['get', '/user'], ['get', '/tags'], ['get', '/articles'], ['get', '/admin'], ['get', '/feed']]);
  const learner = learn([
    exchange({ path: '/user', credentials: [{ kind: 'bearer' }], status: 200 }),
    exchange({ path: '/user', credentials: [], status: 401 }),
    exchange({ path: '/tags', status: 200 }),
    exchange({ path: '/articles', credentials: [{ kind: 'bearer' }], status: 200 }),
    exchange({ path: '/articles', status: 200 }),
    exchange({ path: '/admin', credentials: [{ kind: 'basic' }], status: 200 }),
    exchange({ path: '/admin', credentials: [{ kind: 'apiKeyCookie', name: 'sid' }, { kind: 'bearer' }], status: 200 }),
    // only rejected requests: the credentials they carried still name the scheme
    exchange({ path: '/feed', credentials: [{ kind: 'bearer' }], status: 401 }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'get', '/user').security, [{ bearerAuth: [] }], 'a 401 without credentials does not make it optional');
  assert.is(op(result, 'get', '/tags').security, undefined);
  assert.equal(op(result, 'get', '/articles').security, [{ bearerAuth: [] }, {}]);
  assert.equal(op(result, 'get', '/admin').security, [{ basicAuth: [] }, { bearerAuth: [], apiKeyCookie_sid: [] }]);
  assert.equal(op(result, 'get', '/feed').security, [{ bearerAuth: [] }]);
  assert.equal(result.document.components.securitySchemes, {
    apiKeyCookie_sid: { type: 'apiKey', in: 'cookie', name: 'sid', 'x-docgen-learned': true },
    basicAuth: { type: 'http', scheme: 'basic', 'x-docgen-learned': true },
    bearerAuth: { type: 'http', scheme: 'bearer', 'x-docgen-learned': true },
  });
  await assertValidOpenApi(result.document);
});

test('counts: exchanges, accepted, skipped bodies per operation; traffic to no operation kept as value-free paths', () => {
  const learner = learn([
    exchange({ method: 'post', path: '/upload', requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' }, status: 413 }),
    exchange({ method: 'post', path: '/upload', requestBody: { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' }, status: 400 }),
    exchange({ method: 'post', path: '/upload', requestBody: { kind: 'skipped', mediaType: 'application/octet-stream', reason: 'stream' }, status: 201 }),
    exchange({ method: 'get', path: null, unmatchedPath: '/wp-admin/{}', status: 404 }),
    exchange({ method: 'get', path: null, unmatchedPath: '/users/{}/avatar', status: 404 }),
    exchange({ method: 'get', path: null, unmatchedPath: '/users/{}/avatar', status: 404 }),
    // a capture mistake (a raw path) never puts the value in the state
    exchange({ method: 'get', path: null, unmatchedPath: '/users/8f14e45fceea167a5a36dedd4bea2543/ann@example.org', status: 404 }),
  ]);
  assert.equal(learnedCounts(learner.state), { exchanges: 7, operations: 1, unmatched: 4, skippedBodies: 3 });
  const doc = bareDocument([['post', '/upload']]);
  const result = applyLearned(doc, learner.state);
  assert.equal(op(result, 'post', '/upload')['x-docgen-learned'], { exchanges: 3, accepted: 1, skippedBodies: { request: { stream: 1, 'too-large': 1, unparsable: 1 } } });
  assert.equal(op(result, 'post', '/upload').requestBody, { required: true, content: { 'application/octet-stream': { schema: { contentMediaType: 'application/octet-stream' }, 'x-docgen-learned': true } } });
  assert.equal(result.unmatched, [
    { method: 'get', path: '/users/{}/avatar', exchanges: 2 },
    { method: 'get', path: '/users/{}/{}', exchanges: 1 },
    { method: 'get', path: '/wp-admin/{}', exchanges: 1 },
  ]);
});

test('HEAD responses say nothing about bodies; operations the document lacks are listed, not added', () => {
  const doc = bareDocument([['get', '/a'], ['head', '/a'], ['get', '/b']]);
  const learner = learn([
    exchange({ method: 'head', path: '/a', status: 200 }),
    exchange({ method: 'get', path: '/a', status: 200, responseBody: json({ ok: true }) }),
    exchange({ method: 'get', path: '/gone', status: 200 }),
  ]);
  const result = applyLearned(doc, learner.state);
  assert.equal(result.document.paths['/a'].head.responses, { 200: { description: 'OK', 'x-docgen-learned': true } });
  assert.equal(result.covered, [{ method: 'get', path: '/a' }, { method: 'head', path: '/a' }]);
  assert.equal(result.uncovered, [{ method: 'get', path: '/b' }]);
  assert.equal(result.unknown, [{ method: 'get', path: '/gone', exchanges: 1 }]);
  assert.is(result.document.paths['/gone'], undefined);
  assert.equal(result.document.paths['/b'].get, doc.paths['/b'].get, 'an operation no traffic reached is left as it was');
});

test('the learner never throws into the capture; a method OpenAPI has no field for is unmatched', () => {
  const learner = new Learner();
  learner.observe({ method: 'get', path: '/x' }); // a broken Exchange
  learner.observe(exchange({ method: 'PROPFIND', path: '/dav', status: 207 }));
  assert.is(learner.failures, 1);
  assert.equal(Object.keys(learner.state.paths), [], 'nothing half-counted');
  assert.equal({ ...learner.state.unmatched }, { 'propfind /dav': 1 });
});

test.run();
