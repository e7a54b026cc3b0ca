/**
 * Module customisation hooks, written once for both of Node's hook APIs: the synchronous,
 * in-thread `module.registerHooks()` (Node 22.15+, covers require and import) uses the `Sync`
 * forms; the asynchronous `module.register()` (Node 20.6+, a separate thread, import only)
 * uses the async forms through `hooks-thread.ts`.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isSupportedVersion, matchTarget } from '../instrumentation/targets.js';
import { registerExecutedSource } from '../model/call-site.js';
import { isDeno } from '../runtime/index.js';
import { withExportAccessors, withLoadNotice } from './esm-exports.js';
import { fallbackSpecifiers, isNotFound } from './resolve.js';
import { packageOf } from './package-info.js';
import { esmToCommonJs, formatOf, isTypeScript, transpile, transpileSync, type ModuleFormat } from './typescript.js';

export interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
export interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type Context = object;

function importerOf(context: Context): string | undefined {
  const parent = (context as { parentURL?: unknown }).parentURL;
  return typeof parent === 'string' ? parent : undefined;
}

/** `require()` through `module.registerHooks()` resolves paths; `import` resolves URLs. */
function formOf(context: Context): 'url' | 'path' {
  const conditions = (context as { conditions?: readonly string[] }).conditions;
  return conditions?.includes('require') ? 'path' : 'url';
}

export function resolveSync(specifier: string, context: Context, next: (s: string, c?: Context) => ResolveResult): ResolveResult {
  try {
    return next(specifier, context);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    for (const candidate of fallbackSpecifiers(specifier, importerOf(context), formOf(context))) {
      try {
        return next(candidate, context);
      } catch {
        // try the next candidate; the original error is the one to report
      }
    }
    throw error;
  }
}

export async function resolveAsync(specifier: string, context: Context, next: (s: string, c?: Context) => Promise<ResolveResult>): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    for (const candidate of fallbackSpecifiers(specifier, importerOf(context), formOf(context))) {
      try {
        return await next(candidate, context);
      } catch {
        // as above
      }
    }
    throw error;
  }
}

/** A .ts file docgen transpiles: never under Deno, which runs TypeScript itself. */
function typescriptFile(url: string): { file: string; format: ModuleFormat } | undefined {
  if (isDeno || !url.startsWith('file:')) return undefined;
  const file = fileURLToPath(url);
  return isTypeScript(file) ? { file, format: formatOf(file) } : undefined;
}

/**
 * A framework's ES module gets the statement that hands its exports to docgen. Deno's
 * registerHooks gives results without a format, and then runs JSON as JavaScript and .mjs as
 * CommonJS: where the extension says what a file is, say it.
 */
const FORMAT_BY_EXTENSION: Record<string, string> = { '.json': 'json', '.mjs': 'module', '.cjs': 'commonjs' };

function instrumentFrameworkModule(url: string, loaded: LoadResult): LoadResult {
  const known = loaded.format == null ? FORMAT_BY_EXTENSION[/\.[a-z]+$/.exec(url)?.[0] ?? ''] : undefined;
  const result = known ? { ...loaded, format: known, shortCircuit: true } : loaded;
  // Deno leaves `format` unset for ES modules too; the export statements tell.
  if ((result.format != null && result.format !== 'module') || !url.startsWith('file:') || result.source == null) return result;
  const match = matchTarget(fileURLToPath(url));
  if (!match) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  // A version docgen does not support gets no accessors, only the call that lets docgen say so.
  const supported = isSupportedVersion(match.target, match.pkg.version);
  const rewritten = supported ? withExportAccessors(source, url, match.target.replacedExports ?? []) : withLoadNotice(source, url);
  return rewritten === undefined ? result : { ...result, source: rewritten };
}

export function loadSync(url: string, context: Context, next: (u: string, c?: Context) => LoadResult): LoadResult {
  const ts = typescriptFile(url);
  if (!ts) return isDeno ? denoRequireOfEsm(url, context, instrumentFrameworkModule(url, next(url, context))) : instrumentFrameworkModule(url, next(url, context));
  const source = readFileSync(ts.file, 'utf8');
  const code = transpileSync({ ...ts, source });
  registerExecutedSource(ts.file, code);
  return { format: ts.format, source: code, shortCircuit: true };
}

/** Under Deno, an ES module reached by require() is handed over as CommonJS (see esmToCommonJs). */
function denoRequireOfEsm(url: string, context: Context, result: LoadResult): LoadResult {
  const conditions = (context as { conditions?: readonly string[] }).conditions ?? [];
  if (!conditions.includes('require') || !url.startsWith('file:') || result.source == null) return result;
  const file = fileURLToPath(url);
  const esm = result.format === 'module' || file.endsWith('.mjs') || (file.endsWith('.js') && packageOf(file)?.type === 'module');
  if (!esm) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  return { format: 'commonjs', source: esmToCommonJs(source, file), shortCircuit: true };
}

export async function loadAsync(url: string, context: Context, next: (u: string, c?: Context) => Promise<LoadResult>): Promise<LoadResult> {
  const ts = typescriptFile(url);
  if (!ts) return instrumentFrameworkModule(url, await next(url, context));
  // On this path CommonJS is left to the main thread's require hook (commonjs-typescript.ts):
  // a CommonJS source returned from this thread would route every require() through the hooks.
  if (ts.format === 'commonjs') return { format: 'commonjs', source: null, shortCircuit: true };
  const source = await readFile(ts.file, 'utf8');
  return { format: 'module', source: await transpile({ ...ts, source }), shortCircuit: true };
}
