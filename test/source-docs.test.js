// JSDoc and handler types in the emitted document: real apps run under the preload, the words
// and schemas asserted in the document they write, which is valid OpenAPI 3.1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operation, runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';
import { introspectedRuns } from './helpers/fixture-runs.js';
import { assertValidOpenApi } from './helpers/validate.js';

const documented = introspectedRuns('source-docs');

const BOOK = {
  type: 'object',
  properties: { id: { type: 'string', description: "The book's id" }, title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['id', 'title'],
};

test('a multi-line JSDoc: summary, description, tags, @param, @response; the handler types give the schemas', async () => {
  const { document } = await documented('shop.ts');
  const op = operation(document, 'GET /shops/{shopId}/books');
  assert.is(op.summary, 'List the books of a shop.');
  assert.is(op.description, 'Books come back in the order they were added,\nfifty at a time.');
  assert.equal(op.tags, ['books', 'catalogue']);
  assert.equal(op.parameters, [
    { name: 'shopId', in: 'path', description: "the shop's id", required: true, schema: { type: 'string' } },
    { name: 'q', in: 'query', schema: { type: 'string', description: 'Full-text search' } },
    { name: 'sort', in: 'query', required: true, schema: { enum: ['title', 'added'] } },
    { name: 'page', in: 'query', description: 'the page, from 1', required: false, schema: { type: 'integer' } },
  ]);
  assert.equal(op.responses, {
    200: { description: 'The books', content: { 'application/json': { schema: { type: 'array', items: BOOK } } } },
    404: { description: 'No such shop' },
  });
});

test('@deprecated and @example; a typed request body; a typed response at the status the code sends (201)', async () => {
  const { document } = await documented('shop.ts');
  const op = operation(document, 'POST /books');
  assert.is(op.summary, 'Add a book.');
  assert.is(op.deprecated, true);
  assert.is(op.description, 'Example:\n\n```\n{ "title": "Dune" }\n```');
  assert.equal(op.requestBody, {
    required: true,
    content: { 'application/json': { schema: { type: 'object', properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['title'] } } },
  });
  assert.equal(op.responses, { 201: { description: 'Created', content: { 'application/json': { schema: BOOK } } }, default: { description: 'Default response' } });
});

test('a comment does not leak to the next registration; // comments are not docs; no comment, no words (the code\'s status only)', async () => {
  const { document } = await documented('shop.ts');
  for (const key of ['PUT /books/{id}', 'DELETE /books/{id}']) {
    const op = operation(document, key);
    assert.equal([op.summary, op.description, op.tags], [undefined, undefined, undefined], key);
    assert.equal(op.responses, { 204: { description: 'No Content' }, default: { description: 'Default response' } }, key);
  }
});

test('no comment at the registration: the named handler\'s JSDoc, wherever it is declared', async () => {
  const { document } = await documented('shop.ts');
  const op = operation(document, 'GET /books/{id}');
  assert.equal([op.summary, op.tags, op.responses], ['Show one book.', ['books'], { 200: { description: 'The book', content: { 'application/json': { schema: { type: 'object', properties: { id: {} }, required: ['id'] } } } } }]);
});

test('a route() chain in another file: each link has its own comment and its own line', async () => {
  const { document } = await documented('shop.ts');
  const list = operation(document, 'GET /books/{id}/reviews');
  const review = operation(document, 'POST /books/{id}/reviews');
  assert.is(list.summary, 'List the reviews of a book.');
  assert.equal(list.responses, { 200: { description: 'OK', content: { 'application/json': { schema: { type: 'array' } } } }, default: { description: 'Default response' } });
  assert.is(review.summary, 'Review a book.');
  assert.equal(review.responses, { 201: { description: 'Reviewed' } });
  assert.match(list['x-docgen-source'], /reviews\.ts:9$/);
  assert.match(review['x-docgen-source'], /reviews\.ts:16$/);
});

test('JavaScript (Hono, ES module): JSDoc without TypeScript', async () => {
  const { document } = await documented('catalogue.mjs');
  assert.equal(operation(document, 'GET /health'), {
    operationId: 'getHealth',
    summary: 'Health check.',
    tags: ['ops'],
    responses: { 200: { description: 'Up', content: { 'text/plain': { schema: { type: 'string' } } } } },
    'x-docgen-source': operation(document, 'GET /health')['x-docgen-source'],
  });
  assert.equal(operation(document, 'GET /search').parameters, [{ name: 'q', in: 'query', description: 'words to look for', required: true, schema: { type: 'string' } }]);
});

test('JSDoc and a validator together: words from the comment, the body from zod, the response from c.json<T>()', async () => {
  const { document } = await documented('validated.ts');
  const op = operation(document, 'POST /todos');
  assert.equal([op.summary, op.tags], ['Create a todo.', ['todos']]);
  assert.equal(op.requestBody.content['application/json'].schema.required, ['title']);
  assert.equal(op.responses['400'], { description: 'The body is not a todo' });
  assert.equal(op.responses['201'].content['application/json'].schema, {
    type: 'object',
    properties: { id: { type: 'number' }, title: { type: 'string' }, done: { type: 'boolean' } },
    required: ['id', 'title', 'done'],
  });
});

test('each file is parsed once, counted on docgen.load; DOCGEN_SOURCE_DOCS=0 turns it off', async () => {
  const run = await documented('shop.ts');
  const load = spansOf(readTrace(run.cwd)).find((s) => s.name === 'docgen.load').attributes;
  // shop.ts and reviews.ts: two parses; one lookup per operation (7), every other one a hit,
  // and one more by the comment-block reader for shop.ts, whose `@param` may start a block.
  assert.is(load['docgen.source_docs.files_parsed'], 2);
  assert.is(load['docgen.source_docs.cache_misses'], 2);
  assert.is(load['docgen.source_docs.cache_hits'], Object.values(run.document.paths).reduce((n, item) => n + Object.keys(item).length, 0) - 2 + 1, JSON.stringify(load));
  assert.ok(load['docgen.source_docs.typescript_load_ms'] > 0);
  const off = await documented('shop.ts', { DOCGEN_SOURCE_DOCS: '0' });
  assert.is(operation(off.document, 'GET /shops/{shopId}/books').summary, undefined);
  const offLoad = spansOf(readTrace(off.cwd)).find((s) => s.name === 'docgen.load').attributes;
  assert.equal([offLoad['docgen.source_docs.cache_misses'], offLoad['docgen.source_docs.typescript_load_ms']], [0, 0]);
});

test('the same app gives the same bytes twice', async () => {
  const first = await runApp('source-docs/shop.ts', { env: { DOCGEN_INTROSPECT: '1' } });
  const second = await runApp('source-docs/shop.ts', { env: { DOCGEN_INTROSPECT: '1' } });
  assert.is(second.text, first.text);
});

test('the README example (examples/documented): celebrate schemas, JSDoc words and handler types in one document', async () => {
  const run = await runApp(new URL('../examples/documented/app.ts', import.meta.url).pathname, { env: { DOCGEN_INTROSPECT: '1' } });
  assert.is(run.status, 0, run.stderr);
  const { document } = run;
  await assertValidOpenApi(document);
  const post = operation(document, 'POST /pets');
  assert.equal([post.summary, post.tags, post.requestBody.content['application/json'].schema], ['Add a pet.', ['pets'], { $ref: '#/components/schemas/NewPet' }]);
  assert.equal(Object.keys(post.responses), ['201', '400']);
  assert.equal(document.components.schemas.NewPet.required, ['kind', 'name']);
  const remove = operation(document, 'DELETE /pets/{petId}');
  assert.equal(remove.parameters, [{ name: 'petId', in: 'path', description: "the pet's id", required: true, schema: { type: 'integer' } }]);
  assert.is(remove.deprecated, true);
  assert.equal(operation(document, 'GET /pets').parameters.map((p) => p.name), ['kind', 'limit']);
});

test.run();
