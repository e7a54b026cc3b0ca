/**
 * docgen's own `typescript` (6.x): its parser reads the app's JSDoc and typed handlers
 * (src/jsdoc) and finds syntax errors (src/cli/syntax-error.ts), and its transpileModule runs
 * TypeScript where the app has no esbuild (typescript.ts). The package is 24 MB installed, most
 * of it files docgen never reads (a second, language-service build, lib .d.ts files, locales):
 * the build minifies the one file docgen loads into dist/typescript.cjs (3.6 MB,
 * scripts/bundle.js), and the package ships that. The app's own typescript is not used: the
 * current major (7) has a different API, and one parser for every app keeps documents
 * byte-identical whatever the app has installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TS from 'typescript';
import { builtins } from '../runtime/builtins.js';
import { isDeno } from '../runtime/index.js';
import { readEntryBytes, transpileCacheFolder, writeEntry } from './transpile-cache.js';

/**
 * Set by the bundler to dist/typescript.cjs relative to the bundle being built (`./typescript.cjs`
 * beside dist/register.js, `../typescript.cjs` from dist/cli/main.js); absent from tsc's
 * per-module output, which tests import: that loads the typescript devDependency.
 */
declare const DOCGEN_TYPESCRIPT_PATH: string | undefined;

const specifier = typeof DOCGEN_TYPESCRIPT_PATH === 'string' ? DOCGEN_TYPESCRIPT_PATH : 'typescript';
const requireHere = createRequire(import.meta.url);

let typescript: typeof TS | undefined;
let version: string | undefined;

/** The version (read without loading the package) and a loader, cached after the first call. */
export function bundledTypeScript(): { readonly version: string; readonly load: () => typeof TS } {
  version ??= readVersion();
  return { version, load: () => (typescript ??= loadWithCodeCache(requireHere.resolve(specifier)) as typeof TS) };
}

/**
 * Compiling the 3.6 MB file is most of what loading typescript costs (about 225 ms here, once
 * per process: at exit for a JavaScript app whose handlers docgen reads). V8's code cache of it,
 * kept in the user's transpile cache folder under the same checks as transpiled code (it is run
 * as code), brings that to about 75 ms. The cache is made once per typescript file and V8 version;
 * V8 itself rejects one made for other flags or another source, and it is then made again.
 * Deno, or no cache folder: a plain require.
 */
function loadWithCodeCache(file: string): unknown {
  const folder = isDeno ? null : transpileCacheFolder();
  if (folder === null) return requireHere(file);
  const source = readFileSync(file, 'utf8');
  const key = builtins.crypto.createHash('sha256').update(`typescript code cache 1\0${process.versions.v8}\0${file}\0`).update(source).digest('hex');
  const cachedData = readEntryBytes(folder, key, 'v8');
  const script = new builtins.vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown, filename: file, loaded: false };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (!cachedData || script.cachedDataRejected) writeEntry(folder, key, script.createCachedData(), 'v8');
  return module.exports;
}

/** Written into the bundle as a constant; from the devDependency's package.json otherwise. */
declare const DOCGEN_TYPESCRIPT_VERSION: string | undefined;

function readVersion(): string {
  if (typeof DOCGEN_TYPESCRIPT_VERSION === 'string') return DOCGEN_TYPESCRIPT_VERSION;
  try {
    return (requireHere('typescript/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
