/**
 * TypeScript to JavaScript, with the first of these found:
 *
 * 1. esbuild, the app's own (app-packages.ts: tsx and Vite depend on it), the transformer tsx
 *    uses: the language tsx gives (enums, parameter properties, namespaces, decorators as
 *    tsconfig.json sets them, JSX), and the fastest.
 * 2. typescript, docgen's own copy (bundled-typescript.ts: shipped in the package, minified,
 *    because an install of esbuild or typescript would be two thirds of docgen's), with
 *    `transpileModule` and the compiler options of the nearest tsconfig.json: the language of
 *    the app's own `tsc` build, on every Node version.
 *
 * Node's own `module.stripTypeScriptTypes` (Node 22.13+) was measured and left out: it keeps
 * imports as written, so `import { Request } from 'express'` (a type imported without `type`,
 * the usual form in tsc and tsx apps) fails to link; it leaves decorators to V8, which cannot
 * run them; it has no JSX; and it keeps import/export syntax in CommonJS packages.
 *
 * The module format is kept (ESM syntax in a CommonJS package becomes CommonJS, as tsx does);
 * an inline source map lets error stacks and docgen's source locations point at the .ts lines.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type * as TS from 'typescript';
import { appPackage, installLine } from './app-packages.js';
import { bundledTypeScript } from './bundled-typescript.js';
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

export interface TranspileRequest {
  readonly file: string;
  readonly source: string;
  readonly format: ModuleFormat;
}

/** One way of transpiling, with what names its output in the cache. */
interface Transpiler {
  /** `esbuild@0.28.2`: part of the cache key. */
  readonly id: string;
  /** What besides the source decides the output: part of the cache key. */
  options(request: TranspileRequest): object;
  transformSync(request: TranspileRequest, options: object): string;
  transform(request: TranspileRequest, options: object): Promise<string>;
}

let reporter: (hit: boolean, ms: number, file: string, code: string) => void = () => {};

/** Where this thread's transpiles are told (the main thread's stats, or a port to it). */
export function onTranspile(listener: (hit: boolean, ms: number, file: string, code: string) => void): void {
  reporter = listener;
}

interface CacheLookup {
  readonly transpiler: Transpiler;
  /** The checked cache folder; null when there is no cache. */
  readonly folder: string | null;
  readonly key: string;
  readonly options: object;
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
  const transpiler = chooseTranspiler();
  const options = transpiler.options(request);
  // A transpiler whose version cannot be read could not be told from another one: no cache then.
  const folder = transpiler.id.endsWith('@unknown') ? null : transpileCacheFolder();
  if (folder === null) return { transpiler, folder: null, key: '', options, started, cached: undefined };
  const key = entryKey({ file: request.file, source: request.source, transpiler: transpiler.id, options: JSON.stringify(options) });
  return { transpiler, folder, key, options, started, cached: readEntry(folder, key) };
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
  return settle(request, lookup, lookup.transpiler.transformSync(request, lookup.options));
}

/** For module.register()'s hooks thread. */
export async function transpile(request: TranspileRequest): Promise<string> {
  const lookup = lookUp(request);
  if (lookup.cached !== undefined) return settle(request, lookup, lookup.cached);
  return settle(request, lookup, await lookup.transpiler.transform(request, lookup.options));
}

let chosen: { esbuild?: Transpiler; typescript?: Transpiler } = {};

function chooseTranspiler(): Transpiler {
  const esbuild = appPackage('esbuild');
  if (esbuild) return (chosen.esbuild ??= esbuildTranspiler(esbuild.id, () => esbuild.load<Esbuild>()));
  return (chosen.typescript ??= typescriptTranspiler());
}

// ---- esbuild --------------------------------------------------------------------------------

function esbuildTranspiler(id: string, load: () => Esbuild): Transpiler {
  let esbuild: Esbuild | undefined;
  return {
    id,
    options: esbuildOptions,
    // Loaded on the first .ts file that is not in the cache: a JavaScript app never pays for it.
    transformSync: (request, options) => (esbuild ??= load()).transformSync(request.source, options).code,
    transform: async (request, options) => (await (esbuild ??= load()).transform(request.source, options)).code,
  };
}

function esbuildOptions(request: TranspileRequest): import('esbuild').TransformOptions {
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
    ...(tsconfig === undefined ? {} : { tsconfigRaw: tsconfig.text }),
  };
}

// ---- typescript -----------------------------------------------------------------------------

function typescriptTranspiler(): Transpiler {
  const { version, load } = bundledTypeScript();
  const transformSync = (request: TranspileRequest, options: object): string => {
    const ts = load();
    return ts.transpileModule(request.source, { fileName: request.file, compilerOptions: compilerOptions(ts, options as TypeScriptOptions) }).outputText;
  };
  return {
    id: `typescript@${version}`,
    options: typescriptOptions,
    // Loaded on the first .ts file that is not in the cache (a quarter of a second or more).
    transformSync,
    transform: async (request, options) => transformSync(request, options),
  };
}

interface TypeScriptOptions {
  readonly format: ModuleFormat;
  /** The nearest tsconfig.json: its path and text (its `extends` is not followed, as with esbuild). */
  readonly tsconfig?: { readonly path: string; readonly text: string };
}

function typescriptOptions(request: TranspileRequest): TypeScriptOptions {
  const tsconfig = tsconfigFor(dirname(request.file));
  return { format: request.format, ...(tsconfig ? { tsconfig } : {}) };
}

function compilerOptions(ts: typeof TS, options: TypeScriptOptions): TS.CompilerOptions {
  let fromConfig: TS.CompilerOptions = {};
  if (options.tsconfig) {
    const { config } = ts.parseConfigFileTextToJson(options.tsconfig.path, options.tsconfig.text) as { config?: { compilerOptions?: unknown } };
    if (config?.compilerOptions) fromConfig = ts.convertCompilerOptionsFromJson(config.compilerOptions, dirname(options.tsconfig.path)).options;
  }
  const commonjs = options.format === 'commonjs';
  return {
    ...fromConfig,
    module: commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
    // What Node 20 runs; a newer target in tsconfig.json is kept.
    target: Math.max(fromConfig.target ?? 0, ts.ScriptTarget.ES2022),
    // `import express from 'express'` as tsx and esbuild give it, unless tsconfig.json says otherwise.
    esModuleInterop: fromConfig.esModuleInterop ?? true,
    jsx: fromConfig.jsx ?? ts.JsxEmit.React,
    // Import/export syntax in a CommonJS file is converted, which verbatimModuleSyntax forbids.
    ...(commonjs ? { verbatimModuleSyntax: false } : {}),
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    declaration: false,
    emitDeclarationOnly: false,
    noEmit: false,
  };
}

// ---- tsconfig.json ----------------------------------------------------------------------------

const tsconfigByDirectory = new Map<string, { path: string; text: string } | undefined>();

/** The nearest tsconfig.json and its raw text (the transpilers read the options they care about). */
function tsconfigFor(directory: string): { path: string; text: string } | undefined {
  if (tsconfigByDirectory.has(directory)) return tsconfigByDirectory.get(directory);
  let found: { path: string; text: string } | undefined;
  const path = join(directory, 'tsconfig.json');
  try {
    found = { path, text: readFileSync(path, 'utf8') };
  } catch {
    const parent = dirname(directory);
    found = parent === directory || directory.endsWith('/node_modules') ? undefined : tsconfigFor(parent);
  }
  tsconfigByDirectory.set(directory, found);
  return found;
}

// ---- Deno -----------------------------------------------------------------------------------

let denoEsbuild: Esbuild | undefined;

/**
 * An ES module as CommonJS, for Deno: with a registerHooks hook in place, Deno's require() of an
 * ES module cannot resolve that module's own imports (a Deno bug; seen with Express 5's
 * dependency async-function/require.mjs). Handing Deno the module as CommonJS avoids it.
 */
export function esmToCommonJs(source: string, file: string): string {
  // From the project's node_modules (above the entry, or the working directory): a Deno
  // project without one has no esbuild to run.
  const esbuild = appPackage('esbuild');
  if (!esbuild) {
    throw new Error(
      `docgen: ${file} is an ES module loaded with require(). With module hooks in place Deno cannot run that (a Deno bug), ` +
        `and esbuild, which docgen uses to work around it, is not installed here. Give the project a node_modules folder ` +
        `("nodeModulesDir": "auto" in deno.json) with esbuild in it (${installLine('esbuild')}).`,
    );
  }
  denoEsbuild ??= esbuild.load<Esbuild>();
  return denoEsbuild.transformSync(source, { format: 'cjs', platform: 'node', sourcefile: file, sourcemap: 'inline', target: 'esnext' }).code;
}
