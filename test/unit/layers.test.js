// The layers' dependencies, read from the TypeScript sources with es-module-lexer (it lexes
// TypeScript and tells type-only imports): the instrumentation layer imports no adapter and
// nothing of src/schemas, the composition root (src/register.ts) lists the instrumentations,
// and nothing the module hooks thread runs reaches an adapter or a schema capture (its bundle,
// dist/hooks-thread.js, is made from src/loading/hooks-thread.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { ROOT } from '../helpers/run-app.js';

const SRC = join(ROOT, 'src');

/** Relative imports of a source file as source paths; `values`: leave out `import type`. */
function importsOf(file, { values = false } = {}) {
  const [imports] = parse(readFileSync(file, 'utf8'));
  return imports
    .filter((i) => i.type === 'static' && i.specifier.startsWith('.') && !(values && i.typeOnly))
    .map((i) => resolve(dirname(file), i.specifier.replace(/\.js$/, '.ts')));
}

function reachable(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of importsOf(file, { values: true })) reachable(next, seen);
  return seen;
}

const inSrc = (file) => relative(SRC, file);

test('src/instrumentation imports neither the adapters nor src/schemas, not even for types', async () => {
  await init();
  const files = readdirSync(join(SRC, 'instrumentation')).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, 'instrumentation', f));
  assert.ok(files.length >= 5);
  const wrong = files.flatMap((file) => importsOf(file).filter((target) => /^(adapters|schemas)\//.test(inSrc(target))).map((target) => `${inSrc(file)} -> ${inSrc(target)}`));
  assert.equal(wrong, []);
});

test('the composition root imports the instrumentations; the hooks thread reaches none of them', async () => {
  await init();
  const fromRoot = importsOf(join(SRC, 'register.ts')).map(inSrc);
  for (const file of ['adapters/express/index.ts', 'adapters/koa/index.ts', 'adapters/hono/index.ts', 'schemas/capture/hono.ts', 'schemas/capture/express-validator.ts', 'schemas/capture/koa-joi-router.ts']) {
    assert.ok(fromRoot.includes(file), `register.ts does not import ${file}`);
  }
  const fromHooksThread = [...reachable(join(SRC, 'loading', 'hooks-thread.ts'))].map(inSrc);
  assert.ok(fromHooksThread.includes('instrumentation/targets.ts'));
  assert.equal(fromHooksThread.filter((f) => /^(adapters|schemas)\//.test(f)), []);
});

test.run();
