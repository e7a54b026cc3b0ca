/**
 * TypeScript projects import their own files by the name they will have once compiled
 * (`./routes.js` for `routes.ts`), or with no extension at all, or through a tsconfig `paths`
 * alias (`@/lib/db`). When a specifier does not resolve, these are the names to try next, in
 * the order tsx tries them.
 */
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { aliasTargets } from './tsconfig-paths.js';

const BY_JS_EXTENSION: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const WITHOUT_EXTENSION = ['.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

/** Extensions of files an import names in full: nothing is appended to them. */
const FULL_NAMES = new Set(['.ts', '.tsx', '.mts', '.cts', '.json', '.node', '.wasm']);

export function typescriptCandidates(specifier: string): string[] {
  const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
  if (!relative || specifier.includes('?') || specifier.includes('#')) return [];
  const ext = extname(specifier);
  const replacements = BY_JS_EXTENSION[ext];
  if (replacements) return replacements.map((r) => specifier.slice(0, -ext.length) + r);
  // `./books.index` is `books.index.ts`: only a file's own extension means it was named in full.
  return FULL_NAMES.has(ext.toLowerCase()) ? [] : WITHOUT_EXTENSION.map((suffix) => specifier.replace(/\/$/, '') + suffix);
}

/**
 * What to try when `specifier`, imported from `importer` (a file: URL or a path), is not found:
 * for a relative one its TypeScript names; for a bare one the files a tsconfig `paths` alias
 * maps it to, each with its TypeScript names, as file: URLs (`import`) or paths (`require`).
 */
export function fallbackSpecifiers(specifier: string, importer: string | undefined, form: 'url' | 'path'): string[] {
  const own = typescriptCandidates(specifier);
  if (own.length > 0 || !importer || !(importer.startsWith('file:') || importer.startsWith('/') || /^[a-z]:\\/i.test(importer))) return own;
  const from = importer.startsWith('file:') ? fileURLToPath(importer) : importer;
  return aliasTargets(specifier, from).flatMap((target) => {
    const named = form === 'url' ? pathToFileURL(target).href : target;
    return [named, ...typescriptCandidates(named)];
  });
}

export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT';
}
