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
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

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
  return { version, load: () => (typescript ??= requireHere(specifier) as typeof TS) };
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
