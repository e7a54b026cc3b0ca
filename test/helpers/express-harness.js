// Not an app: shared code of test/express-*.test.js. It runs the fixture apps of this folder
// under one Express copy (EXPRESS=express4 or express5), each (fixture, version) once, and
// checks what every document must satisfy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { FIXTURES, operation, operations, runApp } from './run-app.js';
import { assertValidOpenApi } from './validate.js';
import { assertConsistent, limited, lineIn, sourceIn } from './fixture-runs.js';

export { operation, operations };

export const VERSIONS = ['express4', 'express5'];
export const DIR = join(FIXTURES, 'express');

const runs = new Map();

/**
 * Runs test/fixtures/express/<entry> under the preload with EXPRESS=<version> (no EXPRESS when
 * version is null). Each (entry, version, tag) runs once; `tag` asks for a separate run.
 */
export function run(entry, version, { tag = '', ...options } = {}) {
  const key = JSON.stringify([entry, version, tag]);
  if (!runs.has(key)) {
    const env = { ...(version ? { EXPRESS: version } : {}), ...options.env };
    const promise = limited(() => runApp(join('express', entry), { ...options, env }));
    promise.catch(() => {}); // reported by the test that awaits it, not as an unhandled rejection
    runs.set(key, promise);
  }
  return runs.get(key);
}

/** Starts the runs of several fixtures under every version, so they overlap. */
export function prefetch(entries, versions = VERSIONS) {
  for (const entry of entries) for (const version of versions) run(entry, version);
}

/**
 * The run of a fixture that must end cleanly and write a document that is valid OpenAPI 3.1
 * and consistent: unique operationIds, path parameters that match the template one for one,
 * all required, and a source location on every operation. Without `warnings: true`, docgen
 * must print no warning.
 */
export async function documented(entry, version, { warnings = false, ...options } = {}) {
  const result = await run(entry, version, options);
  const label = `${entry} (${version ?? 'no EXPRESS'})`;
  assert.is(result.status, 0, `${label} exited with ${result.status}\n${result.stderr}`);
  assert.ok(result.document, `${label} wrote no document\n${result.stderr}`);
  assert.not.match(result.stderr, /docgen error/, `${label}: docgen reported an error\n${result.stderr}`);
  if (!warnings) assert.not.match(result.stderr, /docgen warning/, `${label}: unexpected warning\n${result.stderr}`);
  await assertValidOpenApi(result.document);
  assertConsistent(result.document, label);
  return result;
}


/** A path parameter object as docgen writes it. */
export function param(name, { pattern, wildcard } = {}) {
  return {
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', ...(pattern ? { pattern } : {}) },
    ...(wildcard ? { 'x-docgen-wildcard': true } : {}),
  };
}

/** The 1-based line of the only line of a fixture that contains `needle`. */
export function lineOf(entry, needle) {
  return lineIn(DIR, entry, needle);
}

/** `x-docgen-source` of a registration in a fixture, for a run in a temporary directory. */
export function sourceOf(entry, needle) {
  return sourceIn(DIR, entry, needle);
}

/** A fresh path for DOCGEN_OUTPUT, for runs whose working directory is the fixture folder. */
export function outputOutside() {
  return join(mkdtempSync(join(tmpdir(), 'docgen-test-out-')), 'openapi.json');
}

/** `operationId` of each operation, by `METHOD /path`. */
export function operationIds(document) {
  return Object.fromEntries(operations(document).map((key) => [key, operation(document, key).operationId]));
}
