// One tool, the same document on every runtime: the example app of each framework under Node
// 20 (this process's Node), 22, 24 and Deno 2, compared byte for byte. A difference fails the
// test naming the first line that differs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { denoRuntime, nodeRuntimes } from '../scripts/runtimes.js';
import { REGISTER, ROOT } from './helpers/run-app.js';
import { assertValidOpenApi } from './helpers/validate.js';

const EXAMPLES = ['examples/express/app.ts', 'examples/koa/app.js', 'examples/hono/app.ts'];
const deno = denoRuntime();
const RUNTIMES = [
  { name: `node${process.versions.node.split('.')[0]}`, command: (entry) => [process.execPath, ['--import', REGISTER, entry]] },
  ...nodeRuntimes().map((r) => ({ name: r.name, command: (entry) => [r.path, ['--import', REGISTER, entry]] })),
  // --config: docgen's own deno.json, so its modules resolve from this checkout's node_modules;
  // --sloppy-imports: the Express example imports ./books.js for books.ts, Node style.
  ...(deno ? [{ name: 'deno', command: (entry) => [deno.path, ['run', '-A', '--sloppy-imports', `--config=${join(ROOT, 'deno.json')}`, '--preload', REGISTER, entry]] }] : []),
];

const out = mkdtempSync(join(tmpdir(), 'docgen-matrix-'));

function runOn(runtime, entry) {
  const output = join(out, `${entry.replaceAll('/', '_')}.${runtime.name}.json`);
  const [command, args] = runtime.command(join(ROOT, entry));
  // The working directory is the repository for every runtime, so source paths compare.
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60000, env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', DOCGEN_OUTPUT: output } });
  return { ...result, output, text: existsSync(output) ? readFileSync(output, 'utf8') : undefined };
}

function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}:\n  ${left[i] ?? '<end of file>'}\n  ${right[i] ?? '<end of file>'}`;
  }
  return undefined;
}

test('the runtimes under test', () => {
  assert.ok(RUNTIMES.length >= 1);
  if (process.env.CI) assert.equal(RUNTIMES.map((r) => r.name).slice(1), ['node22', 'node24', 'deno'], 'CI tests every runtime');
});

for (const entry of EXAMPLES) {
  test(`${entry}: byte-identical documents on ${RUNTIMES.map((r) => r.name).join(', ')}`, async () => {
    const runs = RUNTIMES.map((runtime) => ({ runtime, ...runOn(runtime, entry) }));
    for (const run of runs) {
      assert.is(run.status, 0, `${run.runtime.name}: exit ${run.status}\n${run.stderr}`);
      assert.ok(run.text, `${run.runtime.name} wrote no document\n${run.stderr}`);
      assert.ok(existsSync(run.output.replace(/\.json$/, '.trace.json')), `${run.runtime.name} wrote no trace`);
    }
    await assertValidOpenApi(JSON.parse(runs[0].text));
    for (const run of runs.slice(1)) {
      const difference = firstDifference(runs[0].text, run.text);
      assert.not.ok(difference, `${run.runtime.name} differs from ${runs[0].runtime.name} at ${difference}`);
    }
  });
}

test.run();
