/**
 * What loading cost, for the `docgen.load` span: modules evaluated, TypeScript files
 * transpiled or taken from the cache, and when the last module was loaded. Transpiles on
 * `module.register()`'s hooks thread arrive over a message port and are drained at the end.
 */
import type { MessagePort } from 'node:worker_threads';
import { builtins } from '../runtime/builtins.js';
import { registerExecutedSource } from '../model/call-site.js';

export interface LoadStats {
  modules: number;
  transpiled: number;
  cacheHits: number;
  transpileMs: number;
  /** performance.now() of the last module event. */
  lastEventMs: number;
}

export const loadStats: LoadStats = { modules: 0, transpiled: 0, cacheHits: 0, transpileMs: 0, lastEventMs: 0 };

export function recordTranspile(hit: boolean, ms: number): void {
  if (hit) loadStats.cacheHits++;
  else loadStats.transpiled++;
  loadStats.transpileMs += ms;
  loadStats.lastEventMs = performance.now();
}

export function recordModule(): void {
  loadStats.modules++;
  loadStats.lastEventMs = performance.now();
}

let hooksThreadPort: MessagePort | undefined;

export function receiveTranspilesFrom(port: MessagePort): void {
  hooksThreadPort = port;
  port.unref();
}

/** Takes in the transpile counts the hooks thread sent. */
export function drainHooksThread(): void {
  if (!hooksThreadPort) return;
  const { receiveMessageOnPort } = builtins.workerThreads;
  for (let message = receiveMessageOnPort(hooksThreadPort); message; message = receiveMessageOnPort(hooksThreadPort)) {
    const [hit, ms, at, file, code] = message.message as [boolean, number, number, string, string];
    recordTranspile(hit, ms);
    registerExecutedSource(file, code);
    // The hooks thread's clock has its own origin: convert to this thread's performance.now().
    loadStats.lastEventMs = Math.max(loadStats.lastEventMs, at - performance.timeOrigin);
  }
}
