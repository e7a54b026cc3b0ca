// Shared by the framework suites: a limit on child processes running at once, the checks every
// document must pass, and finding the line of a registration in a fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { runApp } from './run-app.js';
import { assertValidOpenApi } from './validate.js';

// A test file starts all of its runs up front; this many child processes run at once.
const PARALLEL = 4;
let active = 0;
const waiting = [];

/** Runs `start` (which returns a promise) when fewer than PARALLEL runs are under way. */
export function limited(start) {
  return new Promise((resolve, reject) => {
    const go = () => {
      active++;
      start()
        .then(resolve, reject)
        .finally(() => {
          active--;
          waiting.shift()?.();
        });
    };
    if (active < PARALLEL) go();
    else waiting.push(go);
  });
}

/**
 * What every document must satisfy beyond the OpenAPI schema: unique operationIds, path
 * parameters that match the template one for one, all required, and a source on every operation.
 */
export function assertConsistent(document, label) {
  const ids = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      ids.push(op.operationId);
      assert.equal((op.parameters ?? []).map((p) => p.name), inTemplate, `${label}: ${method.toUpperCase()} ${path} parameters do not match the template`);
      for (const p of op.parameters ?? []) assert.equal([p.in, p.required], ['path', true], `${label}: ${method.toUpperCase()} ${path} parameter ${p.name}`);
      assert.type(op['x-docgen-source'], 'string', `${label}: ${method.toUpperCase()} ${path} has no x-docgen-source`);
    }
  }
  assert.equal(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${label}: operationIds are not unique`);
}

/** The line of the only line of `dir/file` that contains `needle`. */
export function lineIn(dir, file, needle) {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  assert.is(found.length, 1, `${file}: expected one line containing ${JSON.stringify(needle)}, found ${found.length}`);
  return found[0];
}

/** `x-docgen-source` of that registration, for a run in a temporary directory. */
export function sourceIn(dir, file, needle) {
  return `${join(dir, file)}:${lineIn(dir, file, needle)}`;
}

/**
 * `documented(entry, env)` for the fixtures under test/fixtures/<folder>: each run once (with
 * DOCGEN_INTROSPECT=1, so apps that listen end), checked to exit 0 with a valid OpenAPI 3.1 document.
 */
export function introspectedRuns(folder) {
  const runs = new Map();
  return async (entry, env = {}) => {
    const key = entry + JSON.stringify(env);
    if (!runs.has(key)) runs.set(key, runApp(`${folder}/${entry}`, { env: { DOCGEN_INTROSPECT: '1', ...env } }));
    const run = await runs.get(key);
    assert.is(run.status, 0, run.stderr);
    await assertValidOpenApi(run.document);
    return run;
  };
}
