/**
 * Node built-ins the preload needs only on some paths, loaded on first use. Importing a built-in
 * from an ES module builds its ES facade, which reads every export (fs's ReadStream getter loads
 * all of streams); an app that never needs http, child processes or worker threads should not
 * pay for them at start-up because docgen is there.
 */
import { createRequire } from 'node:module';

interface Builtins {
  readonly http: typeof import('node:http');
  readonly net: typeof import('node:net');
  readonly crypto: typeof import('node:crypto');
  readonly os: typeof import('node:os');
  readonly childProcess: typeof import('node:child_process');
  readonly workerThreads: typeof import('node:worker_threads');
  readonly zlib: typeof import('node:zlib');
  readonly diagnosticsChannel: typeof import('node:diagnostics_channel');
  readonly inspector: typeof import('node:inspector');
  readonly vm: typeof import('node:vm');
  readonly util: typeof import('node:util');
}

const SPECIFIERS: Record<keyof Builtins, string> = {
  http: 'node:http',
  net: 'node:net',
  crypto: 'node:crypto',
  os: 'node:os',
  childProcess: 'node:child_process',
  workerThreads: 'node:worker_threads',
  zlib: 'node:zlib',
  diagnosticsChannel: 'node:diagnostics_channel',
  inspector: 'node:inspector',
  vm: 'node:vm',
  util: 'node:util',
};

const load = createRequire(import.meta.url);

/** `builtins.http` requires node:http when first read (require keeps the module after that). */
export const builtins = Object.defineProperties(
  {},
  Object.fromEntries(Object.entries(SPECIFIERS).map(([key, specifier]) => [key, { get: () => load(specifier) as unknown, enumerable: true }])),
) as Builtins;

let methodNames: readonly string[] | undefined;

/**
 * Node's HTTP methods in lower case (`get`, `m-search`...): the registration method names of
 * Express's app, router and route, and of Hono's instances. Made on the first framework seen.
 */
export function httpMethodNames(): readonly string[] {
  return (methodNames ??= builtins.http.METHODS.map((method) => method.toLowerCase()));
}
