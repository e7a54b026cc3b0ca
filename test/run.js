// Runs every test/**/*.test.js with uvu, then prints the closing line `N passed, N failed`
// (`, N skipped` after it when tests could not run here).
// The framework suites (express*, koa*, hono*, multi-app), the app schema suites (schemas-*, not
// the in-process schemas-convert), the capture suites (learn-capture*, not learn-capture-deno), the test runners' (learn-runners), cli-generate, cli-generate-failures, lifecycle-signals, source-docs, handler-io, hooks-decision and *.matrix.test.js run again with
// DOCGEN_TEST_NODE set to each extra Node runtime (scripts/runtimes.js): the apps they start
// run on that Node.
// *.e2e.test.js files (a real Jaeger, a real collector) run only with DOCGEN_E2E=1, as CI does.
// Usage: node test/run.js [filter]   (filter: a substring of the test file's path)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRuntimes } from '../scripts/runtimes.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const filter = process.argv[2] ?? '';
const e2e = process.env.DOCGEN_E2E === '1';
const files = walk(join(root, 'test'))
  .filter((f) => f.endsWith('.test.js') && (e2e || !f.endsWith('.e2e.test.js')) && relative(root, f).includes(filter))
  .sort();
const runsOnEveryNode = (file) => /\/((express|koa|hono|multi-app)[^/]*|schemas-(?!convert\.)[^/]*|learn-capture(?!-deno)[^/]*|learn-runners|cli-generate|cli-generate-failures|lifecycle-signals|source-docs|handler-io|hooks-decision|[^/]*\.matrix)\.test\.js$/.test(file);

const runs = [{ name: `node${process.versions.node.split('.')[0]}`, path: undefined }];
if (files.some(runsOnEveryNode)) runs.push(...nodeRuntimes());

let passed = 0;
let failed = 0;
// uvu's `test.skip`: a test that cannot run here (no Deno, no Jaeger UI...) is counted as
// skipped, never as passed.
let skipped = 0;
for (const runtime of runs) {
  for (const file of files) {
    if (runtime.path && !runsOnEveryNode(file)) continue;
    const env = { ...process.env, ...(runtime.path ? { DOCGEN_TEST_NODE: runtime.path } : {}) };
    const result = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    const output = (result.stdout ?? '') + (result.stderr ?? '');
    process.stdout.write(`\n# ${relative(root, file)} (apps on ${runtime.name})\n${output}`);
    const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? NaN);
    const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? NaN);
    if (Number.isNaN(total) || Number.isNaN(ok)) {
      failed++; // the file crashed before uvu could report
      continue;
    }
    passed += ok;
    failed += total - ok;
    skipped += Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
    if (result.status !== 0 && total === ok) failed++;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
