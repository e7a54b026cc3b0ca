/** The module `module.register()` loads on its hooks thread (Node < 23). */
import type { MessagePort } from 'node:worker_threads';
import { onTranspile } from './typescript.js';
import { useTranspileCacheFolder } from './transpile-cache.js';
import { useAppEntry } from './app-packages.js';

export { resolveAsync as resolve, loadAsync as load } from './hooks.js';

/**
 * Receives the port the main thread counts transpiles on, the cache folder it checked, and the
 * app's entry (this thread's process.argv has none), from which the app's transpiler is found.
 */
export function initialize(data: { port?: MessagePort; cacheFolder?: string | null; entry?: string } | undefined): void {
  useTranspileCacheFolder(data?.cacheFolder ?? null);
  useAppEntry(data?.entry);
  const port = data?.port;
  // The code goes along: the main thread reads source lines from it (see call-site.ts).
  if (port) onTranspile((hit, ms, file, code) => port.postMessage([hit, ms, performance.timeOrigin + performance.now(), file, code]));
}
