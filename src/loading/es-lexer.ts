/**
 * es-module-lexer (the lexer Vite and import-in-the-middle rely on), loaded on first use:
 * importing it compiles its WebAssembly, which a process that never lexes should not pay for.
 * It is required from docgen's own dependencies at run time, outside the bundles; a build
 * without it (the self-contained Deno preload) gets undefined, and callers do without.
 */
import { createRequire } from 'node:module';

export type EsLexer = typeof import('es-module-lexer');

let lexer: EsLexer | null | undefined;

export function esLexer(): EsLexer | undefined {
  if (lexer === undefined) {
    try {
      lexer = createRequire(import.meta.url)('es-module-lexer') as EsLexer;
      lexer.initSync();
    } catch {
      lexer = null;
    }
  }
  return lexer ?? undefined;
}
