// Real HTTP requests on loopback to an app started as a child process.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIXTURES, NODE, REGISTER } from './run-app.js';

/**
 * Starts `entry` (which must print `listening <port>` once it listens on an ephemeral port),
 * with or without the preload. Returns the port and a `stop()` that ends it with SIGTERM.
 */
export function startServer(entry, { preload = true, env = {} } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-http-'));
  const child = spawn(NODE, [...(preload ? ['--import', REGISTER] : []), resolve(FIXTURES, entry)], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not listen: ${stderr}`)), 15000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        resolvePromise({
          port: Number(port),
          cwd,
          stop: () => new Promise((done) => {
            child.on('close', (status, signal) => done({ status, signal, stderr }));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.on('error', reject);
  });
}

/** One request; resolves with status, content type and body text. */
export function send(port, method, path, body) {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolvePromise({ status: res.statusCode, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
