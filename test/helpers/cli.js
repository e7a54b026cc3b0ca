// Runs the `docgen` command as a user does: a child process, real files, its exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { NODE, ROOT } from './run-app.js';

export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/**
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, timeout?: number }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, ms: number }>}
 */
export function docgen(args, options = {}) {
  const started = Date.now();
  // No terminal here: colour only when a test asks for it. (Removed, not emptied: Node 22 warns
  // on stderr when both variables exist.)
  const env = { ...process.env, NODE_OPTIONS: '' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`docgen ${args.join(' ')} did not end within ${options.timeout ?? 30000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeout ?? 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The `docgen error CODE: message` line of a failed run. */
export function errorLine(stderr) {
  return stderr.split('\n').find((line) => line.startsWith('docgen error')) ?? '';
}
