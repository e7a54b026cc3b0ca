// Runs an app under the preload as a child process, the way a user does, and reads what it wrote.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const REGISTER = join(ROOT, 'dist', 'register.js');
/** test/helpers/exchange-sink.mjs: with DOCGEN_TEST_EXCHANGES_FILE, the exchanges the capture sees, as JSON lines. */
export const EXCHANGE_SINK = join(ROOT, 'test', 'helpers', 'exchange-sink.mjs');

/** The Node binary the suite runs on; DOCGEN_TEST_NODE selects another one (Node 22/24). */
export const NODE = process.env.DOCGEN_TEST_NODE || process.execPath;

/**
 * @param {string} entry path of the app, relative to test/fixtures or absolute
 * @param {{ env?: Record<string,string>, preload?: boolean, args?: string[], cwd?: string,
 *           timeout?: number, onSpawn?: (child: import('node:child_process').ChildProcess) => void,
 *           waitFor?: RegExp, signal?: NodeJS.Signals, register?: string, nodeArgs?: string[] }} [options]
 *   nodeArgs: Node options before the preload (`-r ./other-preload.cjs`).
 *   waitFor + signal: send `signal` once stdout matches `waitFor` (an app that keeps serving).
 *   register: another build's preload instead of dist/register.js.
 */
export function runApp(entry, options = {}) {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'docgen-test-'));
  const file = resolve(FIXTURES, entry);
  const preload = options.preload === false ? [] : ['--import', options.register ?? REGISTER];
  return new Promise((resolvePromise, reject) => {
    // The capture tests' sink, a preload of theirs that must run before docgen's.
    const sink = options.env?.DOCGEN_TEST_EXCHANGES_FILE && preload.length ? ['--import', EXCHANGE_SINK] : [];
    const child = spawn(NODE, [...(options.nodeArgs ?? []), ...sink, ...preload, file, ...(options.args ?? [])], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not end within ${options.timeout ?? 45000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeout ?? 45000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (options.waitFor && options.signal && !signalled && options.waitFor.test(stdout)) {
        signalled = true;
        child.kill(options.signal);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    options.onSpawn?.(child);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const output = options.env?.DOCGEN_OUTPUT ? resolve(cwd, options.env.DOCGEN_OUTPUT) : join(cwd, 'openapi.json');
      const text = existsSync(output) ? readFileSync(output, 'utf8') : undefined;
      resolvePromise({ status, signal, stdout, stderr, cwd, output, text, document: text === undefined ? undefined : JSON.parse(text) });
    });
  });
}

/** `[method, path]` pairs of a document, sorted, for compact assertions. */
export function operations(document) {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();
}

/** The operation object at `METHOD /path`. */
export function operation(document, key) {
  const [method, path] = key.split(' ');
  return document.paths[path]?.[method.toLowerCase()];
}
