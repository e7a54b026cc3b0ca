/**
 * TypeScript to JavaScript. docgen installs no transpiler of its own (issue 16: esbuild and
 * typescript would be two thirds of its install); it uses the first of these it finds
 * (app-packages.ts: the app's own, resolved from the app):
 *
 * 1. esbuild, the transformer tsx uses (tsx and Vite depend on it): the language tsx gives
 *    (enums, parameter properties, namespaces, decorators as tsconfig.json sets them, JSX).
 * 2. typescript, which a TypeScript app has: `transpileModule` with the compiler options of the
 *    nearest tsconfig.json, the same language as the app's own `tsc` build.
 * 3. Node's own `module.stripTypeScriptTypes` in transform mode (Node 22.13+, 23.2+): types
 *    removed, enums, namespaces and parameter properties rewritten. No JSX, decorators left as
 *    written (V8 does not run them), imports kept as written (a type imported without `type`
 *    fails to link), tsconfig.json not read; import/export syntax in a CommonJS package makes
 *    the file an ES module, as Node's own type stripping does.
 *
 * With none of them (Node 20 in a project without esbuild or typescript) a .ts file fails to
 * load with a message naming the package to add. The module format is kept (1 and 2 turn ESM
 * syntax in a CommonJS package into CommonJS, as tsx does); an inline source map lets error
 * stacks and docgen's source locations point at the .ts lines.
 */
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, extname, join } from 'node:path';
import { parse as lexModule } from 'es-module-lexer';
import type * as TS from 'typescript';
import { appPackage, installLine } from './app-packages.js';
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

/** The JavaScript, and the format to run it in (`module` for ESM syntax a transpiler left as it was). */
export interface Transpiled {
  readonly code: string;
  readonly format: ModuleFormat;
}

/** One way of transpiling, with what names its output in the cache. */
interface Transpiler {
  /** `esbuild@0.28.2`: part of the cache key. */
  readonly id: string;
  /** Whether ESM syntax in a CommonJS file comes out as CommonJS. */
  readonly convertsModuleSyntax: boolean;
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
  const transpiler = chooseTranspiler(request);
  const options = transpiler.options(request);
  // A transpiler whose version cannot be read could not be told from another one: no cache then.
  const folder = transpiler.id.endsWith('@unknown') ? null : transpileCacheFolder();
  if (folder === null) return { transpiler, folder: null, key: '', options, started, cached: undefined };
  const key = entryKey({ file: request.file, source: request.source, transpiler: transpiler.id, options: JSON.stringify(options) });
  return { transpiler, folder, key, options, started, cached: readEntry(folder, key) };
}

function settle(request: TranspileRequest, lookup: CacheLookup, code: string): Transpiled {
  const hit = lookup.cached !== undefined;
  if (!hit && lookup.folder !== null) writeEntry(lookup.folder, lookup.key, code);
  reporter(hit, performance.now() - lookup.started, request.file, code);
  return { code, format: formatOfOutput(request, lookup.transpiler, code) };
}

/**
 * A transpiler that leaves import/export syntax as written gives an ES module wherever the
 * file has it: Node decides so for a .ts file in a package without `"type"` (module syntax
 * detection). A .cts file stays CommonJS, as in Node.
 */
function formatOfOutput(request: TranspileRequest, transpiler: Transpiler, code: string): ModuleFormat {
  if (request.format === 'module' || transpiler.convertsModuleSyntax || extname(request.file) === '.cts') return request.format;
  try {
    return lexModule(code, request.file)[3] ? 'module' : 'commonjs';
  } catch {
    return 'commonjs';
  }
}

/** For the synchronous paths (module.registerHooks, require). */
export function transpileSync(request: TranspileRequest): Transpiled {
  const lookup = lookUp(request);
  if (lookup.cached !== undefined) return settle(request, lookup, lookup.cached);
  return settle(request, lookup, lookup.transpiler.transformSync(request, lookup.options));
}

/** For module.register()'s hooks thread. */
export async function transpile(request: TranspileRequest): Promise<Transpiled> {
  const lookup = lookUp(request);
  if (lookup.cached !== undefined) return settle(request, lookup, lookup.cached);
  return settle(request, lookup, await lookup.transpiler.transform(request, lookup.options));
}

/** Whether the transpiler for this file turns ESM syntax into CommonJS (so a CommonJS file stays CommonJS whatever its syntax). */
export function convertsModuleSyntax(request: Omit<TranspileRequest, 'source'>): boolean {
  return chooseTranspiler({ ...request, source: '' }).convertsModuleSyntax;
}

/** Thrown where a .ts file cannot be transpiled here; the message names the package to add. */
export class NoTranspilerError extends Error {
  override readonly name = 'NoTranspilerError';
}

let chosen: { esbuild?: Transpiler; typescript?: Transpiler; node?: Transpiler | null } = {};

function chooseTranspiler(request: TranspileRequest): Transpiler {
  const esbuild = appPackage('esbuild');
  if (esbuild) return (chosen.esbuild ??= esbuildTranspiler(esbuild.id, () => esbuild.load<Esbuild>()));
  const typescript = appPackage('typescript');
  if (typescript) return (chosen.typescript ??= typescriptTranspiler(typescript.id, () => typescript.load<typeof TS>()));
  if (chosen.node === undefined) chosen.node = nodeStripTranspiler();
  if (chosen.node === null) {
    throw new NoTranspilerError(
      `docgen: ${request.file} is TypeScript, and nothing here can transpile it: Node ${process.version} has no type stripping ` +
        `(module.stripTypeScriptTypes, Node 22.13+), and the app has neither esbuild nor typescript. Add esbuild to the app ` +
        `(${installLine('esbuild')}), or run on Node 22.13 or later.`,
    );
  }
  if (extname(request.file) === '.tsx') {
    throw new NoTranspilerError(
      `docgen: ${request.file} has JSX, which Node's type stripping (the only TypeScript transpiler here) does not transform. ` +
        `Add esbuild to the app (${installLine('esbuild')}) or typescript (${installLine('typescript')}).`,
    );
  }
  return chosen.node;
}

/** Forgets the transpilers chosen (tests that change what the app has). */
export function forgetTranspilers(): void {
  chosen = {};
}

// ---- esbuild --------------------------------------------------------------------------------

function esbuildTranspiler(id: string, load: () => Esbuild): Transpiler {
  let esbuild: Esbuild | undefined;
  return {
    id,
    convertsModuleSyntax: true,
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

function typescriptTranspiler(id: string, load: () => typeof TS): Transpiler {
  let ts: typeof TS | undefined;
  const transformSync = (request: TranspileRequest, options: object): string => {
    ts ??= load();
    return ts.transpileModule(request.source, { fileName: request.file, compilerOptions: compilerOptions(ts, request, options as TypeScriptOptions) }).outputText;
  };
  return {
    id,
    convertsModuleSyntax: true,
    options: typescriptOptions,
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

function compilerOptions(ts: typeof TS, request: TranspileRequest, options: TypeScriptOptions): TS.CompilerOptions {
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
    noEmit: false,
  };
}

// ---- Node's type stripping -------------------------------------------------------------------

type StripTypes = (code: string, options: { mode: 'transform'; sourceMap: boolean; sourceUrl: string }) => string;

function nodeStripTranspiler(): Transpiler | null {
  const strip = (nodeModule as unknown as { stripTypeScriptTypes?: StripTypes }).stripTypeScriptTypes;
  if (typeof strip !== 'function') return null;
  const transformSync = (request: TranspileRequest): string => withoutExperimentalWarning(() => strip(request.source, { mode: 'transform', sourceMap: true, sourceUrl: request.file }));
  return {
    id: `node@${process.versions.node}`,
    convertsModuleSyntax: false,
    options: () => ({ mode: 'transform', sourceMap: true }),
    transformSync,
    transform: async (request) => transformSync(request),
  };
}

/**
 * Node prints an ExperimentalWarning on the first call of stripTypeScriptTypes. It would be
 * docgen's line in the app's stderr, which must stay the app's own: that one warning is held
 * back, every other passes.
 */
function withoutExperimentalWarning<T>(run: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: typeof process, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^stripTypeScriptTypes is an experimental feature/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return run();
  } finally {
    process.emitWarning = emitWarning;
  }
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
