// Whether the preload installs module hooks (DOCGEN_HOOKS=auto): only when the app's
// package.json declares a package with an ES module build docgen must rewrite (hono,
// @koa/router, koa-router), directly or through a dependency. Each case is a real app in a
// folder of its own, run under the preload, with the packages from the repository's node_modules.
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NODE, operations, runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';

// The decision is the same on every Node; what is installed differs: a JavaScript entry that
// needs hooks gets the in-thread registerHooks() where it exists (22.15+, 24), module.register()
// and its thread on Node 20.
const probe = (code) => execFileSync(NODE, ['-p', code], { encoding: 'utf8' }).trim();
const INSTALLED = probe('typeof require("node:module").registerHooks') === 'function' ? 'registerHooks' : 'register';

const hooksApi = (cwd) => spansOf(readTrace(cwd)).find((s) => s.name === 'docgen.load').attributes['docgen.hooks.api'];

test('an Express app whose package.json declares no ES-module framework gets no hooks thread, and is documented', async () => {
  const run = await runApp('loading/hooks/express-only/app.mjs');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['GET /health']);
  assert.is(hooksApi(run.cwd), 'none');
});

test('a Hono app whose package.json declares hono gets the hooks, and is documented', async () => {
  const run = await runApp('loading/hooks/hono-declared/app.mjs');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['GET /health']);
  assert.is(hooksApi(run.cwd), INSTALLED);
});

test('hono reached through a declared dependency (@hono/node-server peers on it) also gets the hooks', async () => {
  const run = await runApp('loading/hooks/hono-via-dependency/app.mjs');
  assert.is(run.status, 0, run.stderr);
  assert.equal(operations(run.document), ['GET /health']);
  assert.is(hooksApi(run.cwd), INSTALLED);
});

test('hono imported but not declared: without hooks the warning says why and how to get them', async () => {
  const run = await runApp('loading/hooks/hono-undeclared/app.mjs');
  assert.is(run.status, 0, run.stderr);
  assert.is(run.document, undefined);
  assert.match(run.stderr, /module hooks were not installed/);
  assert.match(run.stderr, /DOCGEN_HOOKS=always/);
  const forced = await runApp('loading/hooks/hono-undeclared/app.mjs', { env: { DOCGEN_HOOKS: 'always' } });
  assert.equal(operations(forced.document), ['GET /health']);
});

test.run();
