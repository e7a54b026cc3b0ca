// Shared by the schema suites: each fixture of test/fixtures/schemas runs once under the preload,
// and its document must be valid OpenAPI 3.1 and consistent.
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runApp, operation } from './run-app.js';
import { assertValidOpenApi } from './validate.js';
import { limited } from './fixture-runs.js';

const runs = new Map();

/** Runs a fixture once per (entry, env); `warnings: true` allows docgen warnings. */
export function documented(entry, { env = {}, warnings = false } = {}) {
  const key = JSON.stringify([entry, env, warnings]);
  if (!runs.has(key)) {
    const promise = (async () => {
      const result = await limited(() => runApp(join('schemas', entry), { env }));
      assert.is(result.status, 0, `${entry} exited with ${result.status}\n${result.stderr}`);
      assert.ok(result.document, `${entry} wrote no document\n${result.stderr}`);
      assert.not.match(result.stderr, /docgen error/, `${entry}: docgen reported an error\n${result.stderr}`);
      if (!warnings) assert.not.match(result.stderr, /docgen warning/, `${entry}: unexpected warning\n${result.stderr}`);
      await assertValidOpenApi(result.document);
      return result;
    })();
    promise.catch(() => {});
    runs.set(key, promise);
  }
  return runs.get(key);
}

/** The operation's fields that schemas fill, without docgen's source and middleware. */
export function schemaFields(document, key) {
  const op = operation(document, key);
  assert.ok(op, `no operation ${key}`);
  const { operationId: _id, 'x-docgen-source': _source, 'x-docgen-middleware': _middleware, ...rest } = op;
  return rest;
}

export const DEFAULT_RESPONSES = { default: { description: 'Default response' } };

/**
 * The responses of a fixture whose handler's code sends one (src/jsdoc/handler-responses.ts): its
 * status and the shape of its literal body (`{}` for a value of no known type), no schema for no
 * body, and docgen's `default` beside it (the code does not show all an operation answers).
 */
export function sent(status, description, schema, mediaType = 'application/json') {
  return { [status]: { description, ...(schema ? { content: { [mediaType]: { schema } } } : {}) }, ...DEFAULT_RESPONSES };
}

/** `{ requestBody }` of a JSON body. */
export function jsonBody(schema) {
  return { required: true, content: { 'application/json': { schema } } };
}
