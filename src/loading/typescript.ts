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

export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'] as const;

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

/** For the synchronous paths (module.registerHooks, require). */
export function transpileSync(request: TranspileRequest): string {
  // Loaded on the first .ts file only: a JavaScript app never pays for esbuild.
  esbuild ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return esbuild.transformSync(request.source, options(request)).code;
}

/** For module.register()'s hooks thread. */
export async function transpile(request: TranspileRequest): Promise<string> {
  const { transform } = await loadEsbuild();
  return (await transform(request.source, options(request))).code;
}

function options(request: TranspileRequest): import('esbuild').TransformOptions {
  const tsconfig = tsconfigFor(dirname(request.file));
  return {
    loader: extname(request.file) === '.tsx' ? 'tsx' : 'ts',
    // An ESM-syntax .ts file in a CommonJS package is converted, as tsx does.
    format: request.format === 'module' ? 'esm' : 'cjs',
    sourcefile: request.file,
    sourcemap: 'inline',
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
