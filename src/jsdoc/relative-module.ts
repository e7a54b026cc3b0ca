/**
 * The file a relative import names, as the app's loader found it: the path itself, a TypeScript
 * source for a `.js` specifier (`./books.js` written for `./books.ts`), or, with no extension,
 * the extensions and `index` files CommonJS and the TypeScript loaders try.
 */
import { statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

const SOURCES_FOR: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const KNOWN = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);
const TRIED = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.cts'];

export function resolveRelativeModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const extension = extname(base);
  const candidates = KNOWN.has(extension)
    ? [base, ...(SOURCES_FOR[extension] ?? []).map((source) => base.slice(0, -extension.length) + source)]
    : [...TRIED.map((source) => base + source), ...TRIED.map((source) => join(base, `index${source}`))];
  return candidates.find(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
