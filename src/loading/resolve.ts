/**
 * TypeScript projects import their own files by the name they will have once compiled
 * (`./routes.js` for `routes.ts`), or with no extension at all. When a relative specifier does
 * not resolve, these are the names to try next, in the order tsx tries them.
 */
import { extname } from 'node:path';

const BY_JS_EXTENSION: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const WITHOUT_EXTENSION = ['.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

export function typescriptCandidates(specifier: string): string[] {
  const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
  if (!relative || specifier.includes('?') || specifier.includes('#')) return [];
  const ext = extname(specifier);
  const replacements = BY_JS_EXTENSION[ext];
  if (replacements) return replacements.map((r) => specifier.slice(0, -ext.length) + r);
  return ext === '' || !/^\.[a-z]+$/i.test(ext) ? WITHOUT_EXTENSION.map((suffix) => specifier.replace(/\/$/, '') + suffix) : [];
}

export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT';
}
