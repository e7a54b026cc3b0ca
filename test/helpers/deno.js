// Runs a fixture under Deno 2 with docgen's preload, the way a Deno user does:
// `deno run -A --config=<deno.json> --preload <docgen register> <entry>`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { EXCHANGE_SINK, FIXTURES, ROOT } from './run-app.js';

// Self-contained (scripts/bundle.js): the same file serves Deno-first projects, which have no
// node_modules in which anything around it could be resolved.
export const REGISTER = join(ROOT, 'dist/register.js');

/**
 * Runs `entry` (relative to test/fixtures, or absolute) with `deno` (scripts/runtimes.js's
 * `denoRuntime()`). `config` is the deno.json to use (docgen's own by default, so the repository's
 * node_modules serve the app and docgen); `preload: false` runs without docgen; `signal` is sent
 * once stdout says `listening`. Resolves with { status, signal, stdout, stderr, cwd, text, document }.
 */
export function runDeno(deno, entry, { env = {}, config = join(ROOT, 'deno.json'), preload = REGISTER, signal } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-deno-'));
  const file = isAbsolute(entry) ? entry : join(FIXTURES, entry);
  return new Promise((resolve, reject) => {
    // The capture tests' sink (test/helpers/exchange-sink.mjs) goes before docgen's preload.
    const sink = preload && env.DOCGEN_TEST_EXCHANGES_FILE ? ['--preload', EXCHANGE_SINK] : [];
    const child = spawn(deno.path, ['run', '-A', `--config=${config}`, ...sink, ...(preload ? ['--preload', preload] : []), file], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not end\n${stdout}\n${stderr}`));
    }, 90000);
    child.stdout.on('data', (c) => {
      stdout += c;
      if (signal && /listening \d+/.test(stdout)) {
        child.kill(signal);
        signal = undefined;
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status, exitSignal) => {
      clearTimeout(timer);
      const file = join(cwd, 'openapi.json');
      const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      resolve({ status, signal: exitSignal, stdout, stderr, cwd, text, document: text && JSON.parse(text) });
    });
  });
}
