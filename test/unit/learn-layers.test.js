// The learner's place among the layers, read from the TypeScript sources with es-module-lexer:
// src/learn (outside src/learn/capture) is pure: it reaches no session, preload, command line,
// adapter, instrumentation or capture module, so nothing of it sits on the request path unless
// the capture calls the sink; and the modules that run in every app process (the learner and
// the store) do not load ajv, which only `verify` needs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { ROOT } from '../helpers/run-app.js';

const SRC = join(ROOT, 'src');
const LEARN = join(SRC, 'learn');

function imports(file, { values = false } = {}) {
  const [found] = parse(readFileSync(file, 'utf8'));
  return found.filter((i) => i.type === 'static' && !(values && i.typeOnly)).map((i) => (i.specifier.startsWith('.') ? resolve(dirname(file), i.specifier.replace(/\.js$/, '.ts')) : i.specifier));
}

function reachable(file, seen = new Set()) {
  if (seen.has(file) || !file.startsWith(SRC)) return seen;
  seen.add(file);
  for (const next of imports(file, { values: true })) if (next.startsWith('/')) reachable(next, seen);
  return seen;
}

test('src/learn imports no session, preload, command line, adapter, instrumentation or capture module', async () => {
  await init();
  const files = readdirSync(LEARN).filter((f) => f.endsWith('.ts')).map((f) => join(LEARN, f));
  assert.ok(files.length >= 10);
  const wrong = files.flatMap((file) =>
    imports(file)
      .filter((target) => target.startsWith('/') && /^(session|register|cli|adapters|instrumentation|lifecycle|loading|learn\/capture)(\.ts$|\/)/.test(relative(SRC, target)))
      .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
  );
  assert.equal(wrong, []);
});

test('the learner, the store and to-openapi load no ajv (only verify does) and not the document builder', async () => {
  await init();
  for (const entry of ['learned.ts', 'store.ts', 'to-openapi.ts']) {
    const packages = [...reachable(join(LEARN, entry))].flatMap((file) => imports(file, { values: true }).filter((s) => !s.startsWith('/')));
    assert.not.ok(packages.some((p) => p === 'ajv' || p.startsWith('ajv/')), `${entry} reaches ${packages.filter((p) => p.startsWith('ajv'))}`);
    const files = [...reachable(join(LEARN, entry))].map((file) => relative(SRC, file));
    assert.equal(files.filter((file) => /^(openapi\/document|schemas\/document-schemas|jsdoc\/)/.test(file)), [], `${entry} loads the builder`);
  }
  assert.ok(imports(join(LEARN, 'verify.ts')).includes('ajv/dist/2020.js'));
});

test.run();
