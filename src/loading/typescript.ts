/**
 * TypeScript to JavaScript with esbuild, the transformer `tsx` uses, so an app gets the same
 * language it gets there (enums, parameter properties, namespaces, decorators, JSX), not only
 * what type stripping accepts. The module format is kept; an inline source map lets error stacks
 * and docgen's source locations point at the .ts lines.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { packageOf } from './package-info.js';
import { entryKey, readEntry, transpileCacheFolder, writeEntry } from './transpile-cache.js';

const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'] as const;

export type ModuleFormat = 'module' | 'commonjs';

export function isTypeScript(file: string): boolean {
  return (TYPESCRIPT_EXTENSIONS as readonly string[]).includes(extname(file));
}

/** Node's rule for .js, applied to .ts: the extension decides, then the package's `type`. */
export function formatOf(file: string): ModuleFormat {
  const ext = extname(file);
  if (ext === '.mts') return 'module';
  if (ext === '.cts') return 'commonjs';
  return packageOf(file)?.type ?? 'commonjs';
}

type Esbuild = typeof import('esbuild');
let esbuild: Esbuild | undefined;

async function loadEsbuild(): Promise<Esbuild> {
  return (esbuild ??= await import('esbuild'));
}

export interface TranspileRequest {
  readonly file: string;
  readonly source: string;
  readonly format: ModuleFormat;
}

/** Counted for the `docgen.load` span: cache hits, misses (transpiled now), and time spent. */
export interface TranspileStats {
  hits: number;
  misses: number;
  ms: number;
}

let reporter: (hit: boolean, ms: number, file: string, code: string) => void = () => {};

/** Where this thread's transpiles are told (the main thread's stats, or a port to it). */
export function onTranspile(listener: (hit: boolean, ms: number, file: string, code: string) => void): void {
  reporter = listener;
}

interface CacheLookup {
  /** The checked cache folder; null when there is no cache. */
  readonly folder: string | null;
  readonly key: string;
  readonly options: import('esbuild').TransformOptions;
  readonly started: number;
  readonly cached: string | undefined;
}

/**
 * Transpiled files are kept on disk (transpile-cache.ts: where, and why an entry can be trusted),
 * so a second run of the same app loads no transformer at all (tsx keeps a cache too).
 * `DOCGEN_CACHE_DIR` moves it; `DOCGEN_CACHE=0` turns it off.
 */
function lookUp(request: TranspileRequest): CacheLookup {
  const started = performance.now();
  const transformOptions = options(request);
  // An esbuild whose version cannot be read could not be told from another one: no cache then.
  const version = esbuildVersion();
  const folder = version === undefined ? null : transpileCacheFolder();
  if (version === undefined || folder === null) return { folder: null, key: '', options: transformOptions, started, cached: undefined };
  const key = entryKey({ file: request.file, source: request.source, transpiler: `esbuild@${version}`, options: JSON.stringify(transformOptions) });
  return { folder, key, options: transformOptions, started, cached: readEntry(folder, key) };
}

function settle(request: TranspileRequest, lookup: CacheLookup, code: string): string {
  const hit = lookup.cached !== undefined;
  if (!hit && lookup.folder !== null) writeEntry(lookup.folder, lookup.key, code);
  reporter(hit, performance.now() - lookup.started, request.file, code);
  return code;
}

/** For the synchronous paths (module.registerHooks, require). */
export function transpileSync(request: TranspileRequest): string {
  const lookup = lookUp(request);
  if (lookup.cached !== undefined) return settle(request, lookup, lookup.cached);
  // Loaded on the first .ts file only: a JavaScript app never pays for esbuild.
  esbuild ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return settle(request, lookup, esbuild.transformSync(request.source, lookup.options).code);
}

/** For module.register()'s hooks thread. */
export async function transpile(request: TranspileRequest): Promise<string> {
  const lookup = lookUp(request);
  if (lookup.cached !== undefined) return settle(request, lookup, lookup.cached);
  const { transform } = await loadEsbuild();
  return settle(request, lookup, (await transform(request.source, lookup.options)).code);
}

let installedEsbuild: { readonly version: string | undefined } | undefined;

function esbuildVersion(): string | undefined {
  return (installedEsbuild ??= { version: readEsbuildVersion() }).version;
}

function readEsbuildVersion(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('esbuild/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function options(request: TranspileRequest): import('esbuild').TransformOptions {
  const tsconfig = tsconfigFor(dirname(request.file));
  return {
    loader: extname(request.file) === '.tsx' ? 'tsx' : 'ts',
    // An ESM-syntax .ts file in a CommonJS package is converted, as tsx does.
    format: request.format === 'module' ? 'esm' : 'cjs',
    sourcefile: request.file,
    sourcemap: 'inline',
    // Annotates CommonJS output with its export names, for named imports from ES modules.
    platform: 'node',
    target: `node${process.versions.node}`,
    ...(tsconfig === undefined ? {} : { tsconfigRaw: tsconfig }),
  };
}

const tsconfigByDirectory = new Map<string, string | undefined>();

/** The raw text of the nearest tsconfig.json (esbuild reads the options it cares about). */
function tsconfigFor(directory: string): string | undefined {
  if (tsconfigByDirectory.has(directory)) return tsconfigByDirectory.get(directory);
  let text: string | undefined;
  try {
    text = readFileSync(join(directory, 'tsconfig.json'), 'utf8');
  } catch {
    const parent = dirname(directory);
    text = parent === directory || directory.endsWith('/node_modules') ? undefined : tsconfigFor(parent);
  }
  tsconfigByDirectory.set(directory, text);
  return text;
}

function projectEsbuild(): Esbuild {
  const bases = [process.argv[1], join(process.cwd(), 'node_modules', '.docgen')].filter((base): base is string => !!base);
  for (const base of bases) {
    try {
      return createRequire(base)('esbuild') as Esbuild;
    } catch {
      // try the next place
    }
  }
  throw new Error('esbuild is not installed in the project');
}

/**
 * An ES module as CommonJS, for Deno: with a registerHooks hook in place, Deno's require() of an
 * ES module cannot resolve that module's own imports (a Deno bug; seen with Express 5's
 * dependency async-function/require.mjs). Handing Deno the module as CommonJS avoids it.
 */
export function esmToCommonJs(source: string, file: string): string {
  try {
    // From the project's node_modules (above the entry, or the working directory): a Deno
    // project without one has no esbuild to run.
    esbuild ??= projectEsbuild();
  } catch {
    throw new Error(
      `docgen: ${file} is an ES module loaded with require(). With module hooks in place Deno cannot run that (a Deno bug), ` +
        `and esbuild, which docgen uses to work around it, is not installed here. Give the project a node_modules folder ` +
        `("nodeModulesDir": "auto" in deno.json, with npm:docgen among its imports).`,
    );
  }
  return esbuild.transformSync(source, { format: 'cjs', platform: 'node', sourcefile: file, sourcemap: 'inline', target: 'esnext' }).code;
}
