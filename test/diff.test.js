// The library behind `docgen diff`: rules, severities, locations, rendering.
// Build first: npx tsc -p .
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { diffDocuments, renderDiffJson, renderDiffMarkdown } from '../dist/diff/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'diff');
const load = (name) => {
  const text = readFileSync(join(fixtures, name), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : parse(text);
};
/** [severity letter, rule, method, path, location]: B breaking, n non-breaking. */
const rows = (result) => result.changes.map((c) => [c.severity === 'breaking' ? 'B' : 'n', c.rule, c.method, c.path, c.location]);
const clone = (value) => structuredClone(value);

test('users 3.0 -> 3.1: operations, parameters, bodies, responses, a renamed path parameter', () => {
  const result = diffDocuments(load('users-v1.yaml'), load('users-v2.yaml'));
  const users = '/paths/~1users';
  const byId = '/paths/~1users~1{userId}';
  const detail = '/components/schemas/UserDetail/properties';
  const newUser = '/components/schemas/NewUser/properties';
  assert.equal(rows(result), [
    ['n', 'new-optional-request-parameter', 'get', '/users', `${users}/get/parameters/5`],
    ['n', 'operation-deprecated', 'get', '/users', `${users}/get`],
    ['n', 'request-parameter-became-optional', 'get', '/users', `${users}/get/parameters/4`],
    ['B', 'request-parameter-became-required', 'get', '/users', `${users}/get/parameters/0`],
    ['B', 'request-parameter-enum-value-removed', 'get', '/users', `${users}/get/parameters/1/schema`],
    ['B', 'request-parameter-removed', 'get', '/users', `${users}/get/parameters/2`],
    ['B', 'request-parameter-type-changed', 'get', '/users', `${users}/get/parameters/2/schema`],
    ['n', 'request-parameter-type-generalized', 'get', '/users', `${users}/get/parameters/3/schema`],
    ['n', 'response-header-added', 'get', '/users', `${users}/get/responses/200/headers/X-Rate-Limit`],
    ['B', 'response-header-became-optional', 'get', '/users', `${users}/get/responses/200/headers/x-total-count`],
    ['B', 'response-header-removed', 'get', '/users', `${users}/get/responses/200/headers/X-Next-Page`],
    ['n', 'new-optional-request-property', 'post', '/users', `${newUser}/nickname`],
    ['B', 'new-required-request-property', 'post', '/users', `${newUser}/password`],
    ['B', 'request-body-media-type-removed', 'post', '/users', `${users}/post/requestBody/content/application~1xml`],
    ['B', 'request-property-became-required', 'post', '/users', `${newUser}/email`],
    ['B', 'request-property-max-length-decreased', 'post', '/users', `${newUser}/name`],
    ['B', 'request-property-min-increased', 'post', '/users', `${newUser}/age`],
    ['n', 'response-non-success-status-added', 'post', '/users', `${users}/post/responses/409`],
    ['n', 'response-success-status-added', 'post', '/users', `${users}/post/responses/200`],
    ['B', 'response-success-status-removed', 'post', '/users', `${users}/post/responses/201`],
    // Only in the old document: its path and pointer.
    ['B', 'operation-removed', 'delete', '/users/{id}', '/paths/~1users~1{id}/delete'],
    ['n', 'path-parameter-renamed', 'get', '/users/{userId}', `${byId}/parameters/0`],
    ['B', 'response-media-type-removed', 'get', '/users/{userId}', '/paths/~1users~1{id}/get/responses/200/content/application~1xml'],
    ['n', 'response-property-added', 'get', '/users/{userId}', `${detail}/avatarUrl`],
    ['B', 'response-property-became-nullable', 'get', '/users/{userId}', `${detail}/name`],
    ['B', 'response-property-became-optional', 'get', '/users/{userId}', `${detail}/email`],
    ['B', 'response-property-enum-value-added', 'get', '/users/{userId}', `${detail}/role`],
    ['B', 'response-property-removed', 'get', '/users/{userId}', `${detail}/nickname`],
    ['B', 'response-property-type-changed', 'get', '/users/{userId}', `${detail}/age`],
    ['n', 'new-optional-request-property', 'put', '/users/{userId}', `${newUser}/nickname`],
    ['B', 'new-required-request-property', 'put', '/users/{userId}', `${newUser}/password`],
    ['n', 'path-parameter-renamed', 'put', '/users/{userId}', `${byId}/parameters/0`],
    ['B', 'request-body-became-required', 'put', '/users/{userId}', `${byId}/put/requestBody`],
    ['B', 'request-parameter-location-changed', 'put', '/users/{userId}', `${byId}/put/parameters/0`],
    ['B', 'request-property-became-required', 'put', '/users/{userId}', `${newUser}/email`],
    ['B', 'request-property-max-length-decreased', 'put', '/users/{userId}', `${newUser}/name`],
    ['B', 'request-property-min-increased', 'put', '/users/{userId}', `${newUser}/age`],
    ['n', 'operation-added', 'put', '/users/{userId}/avatar', '/paths/~1users~1{userId}~1avatar/put'],
    ['n', 'operation-reactivated', 'post', '/users/{userId}/disable', '/paths/~1users~1{userId}~1disable/post'],
    ['n', 'path-parameter-renamed', 'post', '/users/{userId}/disable', '/paths/~1users~1{userId}~1disable/post/parameters/0'],
    ['B', 'request-body-added-required', 'post', '/users/{userId}/disable', '/paths/~1users~1{userId}~1disable/post/requestBody'],
  ]);
  assert.equal(result.summary, { added: 1, removed: 1, changed: 5, breaking: 26, nonBreaking: 15 });
  const renamed = result.changes.find((c) => c.rule === 'path-parameter-renamed');
  assert.is(renamed.message, 'The path parameter "id" was renamed to "userId".');
  const moved = result.changes.find((c) => c.rule === 'request-parameter-location-changed');
  assert.is(moved.message, 'The query parameter "version" moved to the header.');
});

test('orders: request constraints narrowed and widened, response constraints, oneOf, bodies', () => {
  const result = diffDocuments(load('orders-v1.yaml'), load('orders-v2.yaml'));
  const input = '/components/schemas/OrderInput/properties';
  const order = '/components/schemas/Order/properties';
  const op = '/paths/~1orders/post';
  const sub = (name) => `/paths/~1orders~1{orderId}~1${name}/post/requestBody`;
  assert.equal(rows(result), [
    ['n', 'request-body-media-type-added', 'post', '/orders', `${op}/requestBody/content/application~1x-www-form-urlencoded`],
    ['n', 'request-parameter-deprecated', 'post', '/orders', `${op}/parameters/0`],
    ['B', 'request-property-became-enum', 'post', '/orders', `${input}/channel`],
    ['n', 'request-property-became-nullable', 'post', '/orders', `${input}/giftMessage`],
    ['n', 'request-property-became-optional', 'post', '/orders', `${input}/shippingAddress`],
    ['n', 'request-property-enum-value-added', 'post', '/orders', `${input}/currency`],
    ['B', 'request-property-max-decreased', 'post', '/orders', `${input}/quantity`],
    ['B', 'request-property-max-items-set', 'post', '/orders', `${input}/tags`],
    ['n', 'request-property-max-length-increased', 'post', '/orders', `${input}/note`],
    ['n', 'request-property-min-decreased', 'post', '/orders', `${input}/quantity`],
    ['n', 'request-property-one-of-added', 'post', '/orders', '/components/schemas/Payment/oneOf/2'],
    ['B', 'request-property-pattern-added', 'post', '/orders', `${input}/sku`],
    ['B', 'request-property-pattern-changed', 'post', '/orders', `${input}/code`],
    ['n', 'request-property-pattern-removed', 'post', '/orders', `${input}/comment`],
    ['B', 'request-property-removed', 'post', '/orders', `${input}/legacyCode`],
    ['B', 'request-property-type-changed', 'post', '/orders', `${input}/priority`],
    ['n', 'request-property-type-generalized', 'post', '/orders', `${input}/discount`],
    ['n', 'response-media-type-added', 'post', '/orders', `${op}/responses/201/content/application~1xml`],
    ['n', 'response-non-success-status-removed', 'post', '/orders', `${op}/responses/422`],
    ['n', 'response-property-became-not-nullable', 'post', '/orders', `${order}/trackingUrl`],
    ['n', 'response-property-became-required', 'post', '/orders', `${order}/eta`],
    ['n', 'response-property-enum-value-removed', 'post', '/orders', `${order}/status`],
    ['B', 'response-property-max-unset', 'post', '/orders', `${order}/total`],
    // The same new oneOf branch: more accepted in a request, more to handle in a response.
    ['B', 'response-property-one-of-added', 'post', '/orders', '/components/schemas/Payment/oneOf/2'],
    ['n', 'response-property-type-specialized', 'post', '/orders', `${order}/id`],
    ['B', 'request-body-removed', 'post', '/orders/{orderId}/cancel', sub('cancel')],
    ['n', 'request-body-became-optional', 'post', '/orders/{orderId}/notes', sub('notes')],
    ['n', 'request-body-added-optional', 'post', '/orders/{orderId}/refund', sub('refund')],
  ]);
  const format = result.changes.find((c) => c.rule === 'response-property-type-specialized');
  assert.is(format.message, 'The response property "id" (201, application/json) changed format from none to "uuid".');
});

test('security: added to an open operation, removed, alternatives and scopes', () => {
  const result = diffDocuments(load('reports-v1.yaml'), load('reports-v2.yaml'));
  assert.equal(rows(result), [
    ['n', 'security-removed', 'get', '/admin/stats', '/paths/~1admin~1stats/get/security'],
    // The document-level requirement gained an alternative: reported where it is written.
    ['n', 'security-requirement-added', 'get', '/exports', '/security'],
    ['B', 'security-scope-added', 'post', '/imports', '/paths/~1imports/post/security'],
    ['n', 'security-scope-removed', 'post', '/imports', '/paths/~1imports/post/security'],
    ['B', 'security-requirement-removed', 'post', '/jobs', '/paths/~1jobs/post/security'],
    ['B', 'security-added', 'get', '/reports', '/paths/~1reports/get/security'],
  ]);
  assert.is(result.changes.at(-1).message, 'The operation now requires authentication: "bearer".');
});

test('recursive $ref schemas through components: each change once, at the component', () => {
  const result = diffDocuments(load('tree-v1.json'), load('tree-v2.json'));
  const node = '/components/schemas/Node/properties';
  const kind = '/components/schemas/Link/properties/kind';
  assert.equal(rows(result), [
    ['n', 'path-parameter-renamed', 'get', '/trees/{tree}', '/components/parameters/TreeId'],
    ['B', 'request-parameter-max-decreased', 'get', '/trees/{tree}', '/components/parameters/Depth/schema'],
    ['n', 'response-property-added', 'get', '/trees/{tree}', `${node}/weight`],
    ['n', 'response-property-became-enum', 'get', '/trees/{tree}', kind],
    ['n', 'response-property-max-length-decreased', 'get', '/trees/{tree}', `${node}/label`],
    ['B', 'response-property-removed', 'get', '/trees/{tree}', `${node}/color`],
    ['B', 'new-required-request-property', 'put', '/trees/{tree}', `${node}/weight`],
    ['n', 'path-parameter-renamed', 'put', '/trees/{tree}', '/components/parameters/TreeId'],
    ['B', 'request-property-became-enum', 'put', '/trees/{tree}', kind],
    ['B', 'request-property-max-length-decreased', 'put', '/trees/{tree}', `${node}/label`],
    // `id` is readOnly: it is not part of a request, so nothing about it is reported for PUT.
    ['B', 'request-property-removed', 'put', '/trees/{tree}', `${node}/color`],
  ]);
  const links = result.changes.find((c) => c.rule === 'request-property-became-enum');
  assert.is(links.message, 'The request property "links[].kind" (application/json) was restricted to the values "parent", "peer".');
});

test('a self-referencing schema compared with a changed copy of itself terminates', () => {
  const doc = (extra) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/a': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } } } } },
    components: { schemas: { A: { type: 'object', properties: { self: { $ref: '#/components/schemas/A' }, list: { type: 'array', items: { $ref: '#/components/schemas/A' } }, ...extra } } } },
  });
  const result = diffDocuments(doc({}), doc({ more: { type: 'string' } }));
  assert.equal(rows(result), [['n', 'response-property-added', 'get', '/a', '/components/schemas/A/properties/more']]);
});

test('3.0 nullable / exclusive booleans / allOf wrappers equal their 3.1 spellings', () => {
  const v30 = load('catalog-3.0.yaml');
  const v31 = load('catalog-3.1.json');
  assert.equal(diffDocuments(v30, v31).changes, []);
  assert.equal(diffDocuments(v31, v30).changes, []);

  // No type at all allows null already, in both versions.
  assert.equal(diffDocuments(bodyDoc({ nullable: true }), bodyDoc({})).changes, []);

  // ...and a real difference is still seen across versions.
  const notNullable = clone(v31);
  notNullable.components.schemas.Product.properties.discount.type = 'number';
  notNullable.components.schemas.Product.properties.category.anyOf.pop();
  notNullable.paths['/products/{sku}'].get.parameters[1].schema.enum = ['EUR', 'USD'];
  notNullable.components.schemas.Product.properties.price.exclusiveMinimum = 1;
  const result = diffDocuments(v30, notNullable);
  const product = '/components/schemas/Product/properties';
  assert.equal(rows(result), [
    // The parameter kept type [string, null]: only its enum lost null, which says nothing more.
    ['n', 'response-property-became-not-nullable', 'get', '/products/{sku}', `${product}/category`],
    ['n', 'response-property-became-not-nullable', 'get', '/products/{sku}', `${product}/discount`],
    ['n', 'response-property-min-increased', 'get', '/products/{sku}', `${product}/price`],
  ]);
});

test('identical documents: no changes, "No differences."', () => {
  const doc = load('users-v2.yaml');
  const result = diffDocuments(doc, clone(doc));
  assert.equal(result.changes, []);
  assert.equal(result.summary, { added: 0, removed: 0, changed: 0, breaking: 0, nonBreaking: 0 });
  assert.is(renderDiffMarkdown(result, { old: 'a.yaml', new: 'b.yaml' }), '# API changes: a.yaml → b.yaml\n\nNo differences.\n');
  assert.is(renderDiffJson(result), '{\n  "summary": {\n    "added": 0,\n    "removed": 0,\n    "changed": 0,\n    "breaking": 0,\n    "nonBreaking": 0\n  },\n  "changes": []\n}\n');
});

// A request body and a 200 response with the same schema, before and after.
const bodyDoc = (schema) => ({
  openapi: '3.1.0',
  info: { title: 'Things', version: '1' },
  paths: {
    '/things': {
      put: {
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } },
      },
    },
  },
});
const REQUEST = '/paths/~1things/put/requestBody/content/application~1json/schema';
const RESPONSE = '/paths/~1things/put/responses/200/content/application~1json/schema';

// [old schema, new schema, [request rule, severity], [response rule, severity]]
const DIRECTION_CASES = [
  [{ type: 'string', maxLength: 10 }, { type: 'string', maxLength: 5 }, ['request-body-max-length-decreased', 'B'], ['response-body-max-length-decreased', 'n']],
  [{ type: 'string', minLength: 1 }, { type: 'string', minLength: 3 }, ['request-body-min-length-increased', 'B'], ['response-body-min-length-increased', 'n']],
  [{ type: 'string' }, { type: 'string', maxLength: 5 }, ['request-body-max-length-set', 'B'], ['response-body-max-length-set', 'n']],
  [{ type: 'string', maxLength: 5 }, { type: 'string' }, ['request-body-max-length-unset', 'n'], ['response-body-max-length-unset', 'B']],
  [{ type: 'integer', maximum: 10 }, { type: 'integer', exclusiveMaximum: 10 }, ['request-body-max-decreased', 'B'], ['response-body-max-decreased', 'n']],
  [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0, exclusiveMinimum: true }, ['request-body-min-increased', 'B'], ['response-body-min-increased', 'n']],
  [{ type: 'integer', minimum: 5 }, { type: 'integer', minimum: 2 }, ['request-body-min-decreased', 'n'], ['response-body-min-decreased', 'B']],
  [{ type: 'array', items: { type: 'string' }, minItems: 1 }, { type: 'array', items: { type: 'string' }, minItems: 2 }, ['request-body-min-items-increased', 'B'], ['response-body-min-items-increased', 'n']],
  [{ type: 'array', items: { type: 'string' }, maxItems: 9 }, { type: 'array', items: { type: 'string' }, maxItems: 20 }, ['request-body-max-items-increased', 'n'], ['response-body-max-items-increased', 'B']],
  [{ type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, ['request-body-enum-value-removed', 'B'], ['response-body-enum-value-removed', 'n']],
  [{ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, ['request-body-enum-value-added', 'n'], ['response-body-enum-value-added', 'B']],
  [{ type: 'string', enum: ['a'] }, { type: 'string' }, ['request-body-became-not-enum', 'n'], ['response-body-became-not-enum', 'B']],
  [{ type: 'string' }, { type: 'string', const: 'a' }, ['request-body-became-enum', 'B'], ['response-body-became-enum', 'n']],
  [{ type: 'string' }, { type: ['string', 'null'] }, ['request-body-became-nullable', 'n'], ['response-body-became-nullable', 'B']],
  [{ type: 'string', nullable: true }, { type: 'string' }, ['request-body-became-not-nullable', 'B'], ['response-body-became-not-nullable', 'n']],
  [{ enum: ['a', 'b'] }, { enum: ['a', 'b', null] }, ['request-body-became-nullable', 'n'], ['response-body-became-nullable', 'B']],
  [{ oneOf: [{ title: 'A', type: 'object' }, { title: 'B', type: 'string' }] }, { oneOf: [{ title: 'A', type: 'object' }, { title: 'B', type: 'string' }, { type: 'null' }] }, ['request-body-became-nullable', 'n'], ['response-body-became-nullable', 'B']],
  [{ type: 'integer' }, { type: 'number' }, ['request-body-type-generalized', 'n'], ['response-body-type-changed', 'B']],
  [{ type: 'number' }, { type: 'integer' }, ['request-body-type-changed', 'B'], ['response-body-type-specialized', 'n']],
  [{ type: 'string' }, { type: 'object' }, ['request-body-type-changed', 'B'], ['response-body-type-changed', 'B']],
  [{ type: 'integer', format: 'int32' }, { type: 'integer', format: 'int64' }, ['request-body-type-generalized', 'n'], ['response-body-type-changed', 'B']],
  [{ type: 'string', format: 'email' }, { type: 'string', format: 'uri' }, ['request-body-type-changed', 'B'], ['response-body-type-changed', 'B']],
  [{ type: 'string' }, { type: 'string', pattern: '^a' }, ['request-body-pattern-added', 'B'], ['response-body-pattern-added', 'n']],
  [{ type: 'string', pattern: '^a' }, { type: 'string' }, ['request-body-pattern-removed', 'n'], ['response-body-pattern-removed', 'B']],
  [{ type: 'string', pattern: '^a' }, { type: 'string', pattern: '^b' }, ['request-body-pattern-changed', 'B'], ['response-body-pattern-changed', 'B']],
  [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, { anyOf: [{ type: 'string' }] }, ['request-body-any-of-removed', 'B'], ['response-body-any-of-removed', 'n']],
  [{ oneOf: [{ title: 'Cat', type: 'object' }, { title: 'Fox', type: 'object' }] }, { oneOf: [{ title: 'Cat', type: 'object' }, { title: 'Dog', type: 'object' }, { title: 'Fox', type: 'object' }] }, ['request-body-one-of-added', 'n'], ['response-body-one-of-added', 'B']],
  // A lone branch is merged into its schema; growing to two still compares branch by branch.
  [{ oneOf: [{ title: 'Cat', type: 'object', properties: { name: { type: 'string' } } }] }, { oneOf: [{ title: 'Cat', type: 'object', properties: { name: { type: 'string' } } }, { title: 'Dog', type: 'object' }] }, ['request-body-one-of-added', 'n'], ['response-body-one-of-added', 'B']],
];

test('request narrowing breaks, response widening breaks: each rule on both sides', () => {
  for (const [before, after, [requestRule, requestSeverity], [responseRule, responseSeverity]] of DIRECTION_CASES) {
    const result = diffDocuments(bodyDoc(before), bodyDoc(after));
    const where = (rule) => (/one-of|any-of/.test(rule) ? `/${rule.includes('one-of') ? 'oneOf' : 'anyOf'}/1` : '');
    const expected = [
      [requestSeverity, requestRule, 'put', '/things', REQUEST + where(requestRule)],
      [responseSeverity, responseRule, 'put', '/things', RESPONSE + where(responseRule)],
    ].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    assert.equal(rows(result), expected, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  }
});

test('parameters: path-level merged with operation-level (operation wins), header names case-insensitive', () => {
  const doc = (overrides) => ({
    openapi: '3.0.3',
    info: { title: 'p', version: '1' },
    paths: {
      '/items': {
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
        ],
        get: { parameters: overrides, responses: { 200: { description: 'ok' } } },
      },
    },
  });
  const same = diffDocuments(doc([]), doc([{ name: 'x-tenant', in: 'header', required: true, schema: { type: 'string' } }]));
  assert.equal(same.changes, []);
  const result = diffDocuments(
    doc([]),
    doc([
      { name: 'limit', in: 'query', required: true, schema: { type: 'integer' } },
      { name: 'x-TENANT', in: 'header', required: false, schema: { type: 'string' } },
      // OpenAPI ignores these header parameters; so does the diff.
      { name: 'Accept', in: 'header', required: true, schema: { type: 'string' } },
    ]),
  );
  assert.equal(rows(result), [
    ['n', 'request-parameter-became-optional', 'get', '/items', '/paths/~1items/get/parameters/1'],
    ['B', 'request-parameter-became-required', 'get', '/items', '/paths/~1items/get/parameters/0'],
  ]);
  const added = diffDocuments(doc([]), doc([{ name: 'cursor', in: 'query', required: true, schema: { type: 'string' } }]));
  assert.equal(rows(added), [['B', 'new-required-request-parameter', 'get', '/items', '/paths/~1items/get/parameters/0']]);
  assert.is(added.changes[0].message, 'The query parameter "cursor" was added as required.');
});

test('markdown: breaking changes first, grouped by operation, then added, removed, other', () => {
  const result = diffDocuments(load('users-v1.yaml'), load('users-v2.yaml'));
  const md = renderDiffMarkdown(result, { old: 'users-v1.yaml', new: 'users-v2.yaml' });
  const lines = md.split('\n');
  assert.is(lines[0], '# API changes: users-v1.yaml → users-v2.yaml');
  assert.is(lines[2], '**Summary:** 26 breaking changes, 15 non-breaking changes; 1 operation added, 1 removed, 5 changed.');
  const at = (line) => {
    const index = lines.indexOf(line);
    assert.ok(index >= 0, `missing line: ${line}`);
    return index;
  };
  const breaking = at('## Breaking changes');
  const added = at('## Operations added');
  const removed = at('## Operations removed');
  const other = at('## Other changes');
  assert.ok(breaking < added && added < removed && removed < other, 'section order');

  const inBreaking = (line) => at(line) > breaking && at(line) < added;
  const sort = '- The query parameter "sort" was removed. `request-parameter-removed`';
  assert.ok(inBreaking(sort) && at(sort) > at('### GET /users') && at(sort) < at('### POST /users'), 'under GET /users in Breaking');
  const deleted = '- The operation DELETE /users/{id} was removed. `operation-removed`';
  assert.ok(inBreaking(deleted) && at(deleted) > at('### DELETE /users/{id}'));
  assert.ok(at('- PUT /users/{userId}/avatar') > added && at('- PUT /users/{userId}/avatar') < removed);
  assert.ok(at('- DELETE /users/{id}') > removed && at('- DELETE /users/{id}') < other);
  // A non-breaking change is only in "Other changes".
  const deprecated = '- The operation GET /users was deprecated. `operation-deprecated`';
  assert.ok(at(deprecated) > other);
  assert.is(lines.filter((line) => line === deprecated).length, 1);
  assert.ok(md.endsWith('\n') && !md.endsWith('\n\n\n'));
});

test('markdown escapes text from the documents', () => {
  const doc = (properties) => ({
    openapi: '3.1.0',
    info: { title: 'e', version: '1' },
    paths: { '/a|b': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } } } } },
  });
  const result = diffDocuments(doc({ '`<img src=x>`': { type: 'string' }, 'a*b_c': { type: 'string' } }), doc({}));
  const md = renderDiffMarkdown(result, { old: 'old|<v1>.yaml', new: 'new.yaml' });
  assert.ok(md.startsWith('# API changes: old\\|&lt;v1&gt;.yaml → new.yaml\n'));
  assert.ok(md.includes('### GET /a\\|b\n'));
  assert.ok(md.includes('- The response property "\\`&lt;img src=x&gt;\\`" (200, application/json) was removed. `response-property-removed`'));
  assert.ok(md.includes('- The response property "a\\*b\\_c" (200, application/json) was removed.'));
  assert.not.ok(md.includes('<img'));
});

test('json output: stable, 2-space indent, trailing newline, independent of key order', () => {
  const v1 = load('users-v1.yaml');
  const v2 = load('users-v2.yaml');
  const result = diffDocuments(v1, v2);
  const json = renderDiffJson(result);
  assert.ok(json.endsWith('}\n'));
  assert.ok(json.startsWith('{\n  "summary": {\n    "added": 1,'));
  assert.equal(JSON.parse(json), { summary: result.summary, changes: result.changes });
  assert.equal(Object.keys(JSON.parse(json).changes[0]), ['rule', 'severity', 'method', 'path', 'location', 'message']);

  // The same documents with every object's keys in reverse order: byte-identical output.
  const reversed = (value) =>
    Array.isArray(value) ? value.map(reversed) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
  const again = diffDocuments(reversed(v1), reversed(v2));
  assert.is(renderDiffJson(again), json);
  assert.is(renderDiffMarkdown(again, { old: 'a', new: 'b' }), renderDiffMarkdown(result, { old: 'a', new: 'b' }));
});

test('invalid input: DOCGEN_INVALID_DOCUMENT naming the document and the reason', () => {
  const valid = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
  const cases = [
    [null, valid, /^The old document is not an OpenAPI 3\.0 or 3\.1 document: it is null, not an object\.$/],
    [valid, [], /^The new document .*: it is an array, not an object\.$/],
    [valid, 'openapi: 3.1.0', /^The new document .*: it is string, not an object\.$/],
    [{ swagger: '2.0', paths: {} }, valid, /^The old document .*: it is Swagger 2\.0\.$/],
    [valid, { openapi: '3.2.0', paths: {} }, /^The new document .*: its "openapi" field is "3\.2\.0"\.$/],
    [{ openapi: 3.1, paths: {} }, valid, /: its "openapi" field is 3\.1\.$/],
    [valid, { openapi: '3.1.0', info: {} }, /^The new document .*: it has no "paths" object\.$/],
  ];
  for (const [before, after, message] of cases) {
    let error;
    try {
      diffDocuments(before, after);
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof Error, `no error for ${JSON.stringify([before, after])}`);
    assert.is(error.code, 'DOCGEN_INVALID_DOCUMENT');
    assert.match(error.message, message);
  }
  assert.equal(diffDocuments(valid, { ...valid, openapi: '3.1.1' }).changes, []);
});

test.run();
