/**
 * The app's source files, parsed once each with the `typescript` package's parser and indexed
 * (see file-index.ts). The package (docgen's own minified copy, src/loading/bundled-typescript.ts,
 * a quarter of a second or more to load) is required only when the first lookup comes, never at
 * start-up: where it cannot be loaded every lookup answers undefined.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { bundledTypeScript } from '../loading/bundled-typescript.js';
import { indexSourceFile, type FileIndex } from './file-index.js';

export interface SourceDocsStats {
  /** Files read and parsed. */
  files: number;
  /** Lookups answered from a file parsed (or found unreadable) before. */
  hits: number;
  /** Lookups that had to read and parse their file. */
  misses: number;
  /** Time spent reading, parsing and indexing, in milliseconds. */
  parseMs: number;
  /** Files that could not be read or parsed (or the `typescript` package could not be loaded). */
  failures: number;
  /** Time spent loading the `typescript` package, once per process. */
  typescriptLoadMs: number;
  /** Files read but not parsed: nothing in them that the parse could find. */
  skipped: number;
}

const stats: SourceDocsStats = { files: 0, hits: 0, misses: 0, parseMs: 0, failures: 0, typescriptLoadMs: 0, skipped: 0 };

/**
 * What a file must contain for a parse to find anything: a JSDoc opener, a swagger-jsdoc call
 * (swagger-jsdoc-apis.ts), one of the typed forms handler-types.ts reads, or a member a handler
 * sends or reads with (handler-responses.ts). A file with none is not parsed, so an app without
 * JSDoc, typed handlers or handlers that send never loads the `typescript` package (a quarter of
 * a second at exit).
 */
const WORTH_PARSING = /\.(?:status|json|send|sendStatus|end|text|html|redirect|throw|notFound|query|queries|body|headers)\b|\/\*\*[^*/]|swagger-jsdoc|\b(?:Request|RequestHandler|Response)\s*<|\.json\s*<|\bsatisfies\b|\bas\s+[A-Za-z_$]|<[A-Za-z_$][\w$.]*>\s*[({[\w]/;

// By absolute path and by the path as asked for. `null`: the file was tried and failed; it
// is not tried again.
const cache = new Map<string, FileIndex | null>();

let typescript: typeof TS | null | undefined;

/** docgen's own `typescript` (src/loading/bundled-typescript.ts), loaded on first use; null if it cannot be loaded. */
export function loadTypeScript(): typeof TS | null {
  if (typescript !== undefined) return typescript;
  const started = performance.now();
  try {
    typescript = bundledTypeScript().load();
  } catch {
    typescript = null;
  }
  stats.typescriptLoadMs += performance.now() - started;
  return typescript;
}

/** The loaded package, for the modules that only run on a parsed file. */
export function ts(): typeof TS {
  const loaded = loadTypeScript();
  if (!loaded) throw new Error('typescript is not loaded');
  return loaded;
}

/** An absolute path for what a source location holds: absolute, cwd-relative or a file URL. */
export function absoluteSourcePath(file: string): string {
  return resolve(file.startsWith('file://') ? fileURLToPath(file) : file);
}

/** The index of a file: parsed on the first lookup, the same object for every later one. */
export function indexedFile(file: string): FileIndex | undefined {
  // Keyed by the string asked for too: resolving a path costs more than the rest of a lookup.
  // `has`, not `??`: a file found not worth parsing is cached as null, and must stay a hit.
  const cached = cache.has(file) ? cache.get(file) : cache.get(absoluteSourcePath(file));
  if (cached !== undefined) {
    cache.set(file, cached);
    stats.hits++;
    return cached ?? undefined;
  }
  stats.misses++;
  const path = absoluteSourcePath(file);
  const index = parse(path);
  cache.set(path, index);
  cache.set(file, index);
  return index ?? undefined;
}

function parse(path: string): FileIndex | null {
  const started = performance.now();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    stats.failures++;
    return null;
  } finally {
    stats.parseMs += performance.now() - started;
  }
  if (!WORTH_PARSING.test(text)) {
    stats.skipped++;
    return null;
  }
  const ts = loadTypeScript();
  if (!ts) {
    stats.failures++;
    return null;
  }
  const parseStarted = performance.now();
  try {
    // docgen reads the comments itself (parse-comment.ts): the parser's JSDoc nodes would be waste.
    const options: TS.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
    const sourceFile = ts.createSourceFile(path, text, options, true, scriptKind(ts, path));
    const index = indexSourceFile(ts, sourceFile);
    stats.files++;
    return index;
  } catch {
    stats.failures++;
    return null;
  } finally {
    stats.parseMs += performance.now() - parseStarted;
  }
}

function scriptKind(ts: typeof TS, path: string): TS.ScriptKind {
  switch (extname(path).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

export function sourceDocsStats(): SourceDocsStats {
  return { ...stats };
}

/** Forgets every parsed file (the counters stay): for a process that builds again after edits. */
export function clearSourceDocsCache(): void {
  cache.clear();
}
