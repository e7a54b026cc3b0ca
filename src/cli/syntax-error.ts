/**
 * Where the app's SyntaxError is. Node decorates a CommonJS compile error's stack with the
 * file, line, source line and caret, but for an ES module V8 keeps the location outside the
 * error object (Node prints it from V8's message), so the child can report only the message.
 * The command then looks for it: it reads the app's own files from the entry (src/loading/
 * app-files.ts) and parses each with TypeScript's parser (docgen's own copy), which reports syntax errors with their
 * position. Early errors the parser does not check (`let let`, strict-mode names) stay
 * unlocated: the app's own output, which Node's message is part of, is shown then.
 */
import { relative } from 'node:path';
import { appFiles } from '../loading/app-files.js';
import { loadTypeScript } from '../jsdoc/source-cache.js';

export interface SourceLocation {
  /** `path:line:column`, the path relative to `cwd` when inside it. */
  readonly where: string;
  /** The source line, and a caret under the column. */
  readonly excerpt: readonly [string, string];
  readonly parserMessage: string;
}

export function locateSyntaxError(entry: string, cwd: string): SourceLocation | undefined {
  const ts = loadTypeScript();
  if (!ts) return undefined;
  for (const file of appFiles(entry)) {
    const { diagnostics = [] } = ts.transpileModule(file.source, { fileName: file.path, reportDiagnostics: true, compilerOptions: { allowJs: true } });
    const first = diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error && d.file && d.start !== undefined);
    if (!first?.file || first.start === undefined) continue;
    const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
    const shown = relative(cwd, file.path).startsWith('..') ? file.path : relative(cwd, file.path);
    const text = file.source.split(/\r?\n/)[line] ?? '';
    return {
      where: `${shown}:${line + 1}:${character + 1}`,
      excerpt: [text, `${' '.repeat(character)}^`],
      parserMessage: ts.flattenDiagnosticMessageText(first.messageText, ' '),
    };
  }
  return undefined;
}
