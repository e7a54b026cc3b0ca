// Real HTTP on loopback to apps started as child processes, with and without the preload, and
// the requests a document describes.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assert from 'uvu/assert';
import { FIXTURES, NODE, REGISTER } from './run-app.js';

/**
 * Starts `entry` (relative to test/fixtures; it must print `listening <port>` once it listens
 * on an ephemeral port), with or without the preload. Resolves with the port and a `stop()`
 * that ends it with SIGTERM and resolves with { status, signal, stderr, document }.
 */
export function startServer(entry, { preload = true, env = {} } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'docgen-http-'));
  const child = spawn(NODE, [...(preload ? ['--import', REGISTER] : []), resolve(FIXTURES, entry)], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const closed = new Promise((done) => child.on('close', (status, signal) => done({ status, signal })));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not listen\n${stderr}`));
    }, 45000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolvePromise({
        port: Number(port),
        cwd,
        stop: async () => {
          child.kill('SIGTERM');
          const end = await closed;
          const file = join(cwd, 'openapi.json');
          return { ...end, stderr, document: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
        },
      });
    });
    child.on('error', reject);
  });
}

/** The app without and with the preload: [plain, traced]; if one fails to listen, the other is stopped. */
export async function startBoth(entry, env) {
  const [plain, traced] = await Promise.allSettled([startServer(entry, { preload: false, env }), startServer(entry, { preload: true, env })]);
  if (plain.status === 'fulfilled' && traced.status === 'fulfilled') return [plain.value, traced.value];
  for (const s of [plain, traced]) if (s.status === 'fulfilled') await s.value.stop();
  throw (plain.status === 'rejected' ? plain : traced).reason;
}

/**
 * One request; resolves with status, content type, body text, and the response headers named
 * in `headers` (under their own names): only headers that do not vary between two servers.
 */
export function send(port, method, path, body, headers = []) {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        const picked = Object.fromEntries(headers.map((name) => [name, res.headers[name]]));
        resolvePromise({ status: res.statusCode, type: res.headers['content-type'], ...picked, body: text });
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** A value for a path parameter that matches its pattern; wildcards get two segments. */
export function sampleValue(parameter) {
  if (parameter['x-docgen-wildcard']) return 'a/b';
  const pattern = parameter.schema.pattern;
  if (!pattern) return `x${parameter.name}`;
  const value = ['42', 'v2', 'abc'].find((candidate) => new RegExp(pattern).test(candidate));
  assert.ok(value, `no sample value for ${parameter.name} ${pattern}`);
  return value;
}

/** Every operation of a document as a request: { key, method, path, values, op }. */
export function requestsOf(document) {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => {
      const values = Object.fromEntries((op.parameters ?? []).map((p) => [p.name, sampleValue(p)]));
      const path = template.replace(/\{([^}]+)\}/g, (_m, name) => values[name]);
      return { key: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), path, values, op };
    }),
  );
}
