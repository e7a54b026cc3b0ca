// A library's own document, read for the operations docgen saw: matched by method and path shape,
// the first document to declare an operation wins, a document that cannot be built is a problem
// reported, not a crash; components are gathered by section.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDeclared } from '../../dist/openapi/declared.js';

test('operations by method and path shape (parameter names, a trailing slash); the first document wins', () => {
  const declared = readDeclared([
    () => ({ paths: { '/books/{id}/': { get: { summary: 'first', responses: { 200: { description: 'ok' } } } } } }),
    () => ({ paths: { '/books/{bookId}': { get: { summary: 'second' }, delete: { summary: 'gone', security: [{ Bearer: [] }] } } } }),
  ]);
  assert.equal(declared.operation('get', '/books/{bookId}'), { summary: 'first', responses: { 200: { description: 'ok' } } });
  assert.equal(declared.operation('delete', '/books/{id}'), { summary: 'gone', security: [{ Bearer: [] }] });
  assert.is(declared.operation('post', '/books/{id}'), undefined);
  assert.is(declared.operation('get', '/books'), undefined);
});

test('a body without `required` is optional; fields of the wrong type are left out', () => {
  const declared = readDeclared([() => ({ paths: { '/x': { post: { summary: 3, tags: ['a', 4], requestBody: { content: { 'text/plain': {} } } } } } })]);
  assert.equal(declared.operation('post', '/x'), { tags: ['a'], requestBody: { content: { 'text/plain': {} }, required: false } });
});

test('components by section, the first of a name kept; a document that throws is a problem', () => {
  const declared = readDeclared([
    () => {
      throw new Error('Unknown zod object type');
    },
    () => ({ paths: {}, components: { schemas: { Book: { type: 'object' } }, securitySchemes: { Bearer: { type: 'http', scheme: 'bearer' } } } }),
    () => ({ paths: {}, components: { schemas: { Book: { type: 'string' }, Author: { type: 'object' } } } }),
    () => undefined,
  ]);
  assert.equal(declared.problems, ['Unknown zod object type']);
  assert.equal(declared.components, { schemas: { Book: { type: 'object' }, Author: { type: 'object' } }, securitySchemes: { Bearer: { type: 'http', scheme: 'bearer' } } });
});

test.run();
