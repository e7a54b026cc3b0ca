// Builds dist/deno/: the preload and the trace export worker as self-contained ES modules, for
// Deno projects whose dependencies come from deno.json npm: imports (no node_modules in which
// docgen's own dependencies could be found). esbuild is left out: it is loaded only when
// needed (see src/loading/typescript.ts), and Deno runs TypeScript itself.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: { register: join(root, 'dist/register.js'), 'export-worker': join(root, 'dist/tracing/export-worker.js') },
  outdir: join(root, 'dist/deno'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'esnext',
  external: ['esbuild'],
  // CommonJS dependencies bundled into an ES module still call require() for built-ins.
  banner: { js: "import { createRequire as __docgenRequire } from 'node:module'; const require = __docgenRequire(import.meta.url);" },
  logLevel: 'warning',
});
