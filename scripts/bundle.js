// Bundles the files Node and Deno load at run time, after tsc has built dist/:
//
// - dist/register.js, dist/hooks-thread.js and dist/export-worker.js replace tsc's preload with
//   one ES module each. Loading ~60 small ES modules cost a cold process about 50 ms of
//   resolving and linking (bench/RESULTS.md); one file costs a fraction. typescript and esbuild
//   stay outside: they are loaded only when an app needs them (JSDoc, .ts files).
// - dist/deno/ holds the same preload and export worker for Deno projects whose dependencies
//   come from deno.json npm: imports (no node_modules in which docgen's own could be found).
//
// tsc's per-module files stay in dist/ for the command line and for tests that import a module.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Resolved at run time from dist/, as tsc's output does.
  external: ['esbuild', 'typescript'],
  // CommonJS dependencies bundled into an ES module still call require() for built-ins.
  banner: { js: "import { createRequire as __docgenRequire } from 'node:module'; const require = __docgenRequire(import.meta.url);" },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: {
    register: join(root, 'src/register.ts'),
    'hooks-thread': join(root, 'src/loading/hooks-thread.ts'),
    'export-worker': join(root, 'src/tracing/export-worker.ts'),
  },
  outdir: join(root, 'dist'),
  allowOverwrite: true,
});

await build({
  ...common,
  entryPoints: { register: join(root, 'src/register.ts'), 'export-worker': join(root, 'src/tracing/export-worker.ts') },
  outdir: join(root, 'dist/deno'),
});
