/**
 * Where in the app's source a route was registered. Capturing must be cheap (it runs once per
 * registration during the app's start-up), so only V8's raw frame is kept; file and line are
 * read, and mapped through the source map of a transpiled file, when the document is built.
 */
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import { isDeno } from '../runtime/index.js';

/** An opaque holder for captured frames; `frame` is the one that counts. */
export interface CallSite {
  stack?: unknown;
  frame?: number;
}

export interface SourceLocation {
  /** Relative to the working directory, with `/` separators, so documents match across machines. */
  readonly file: string;
  readonly line: number;
}

// A function is a valid `captureStackTrace` boundary; the frames above it are dropped.
type Boundary = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);

/**
 * Records the frame of whoever called `boundary` (the app's own call into the framework), or
 * with `skip`, a frame that many calls further out (`express()` calls `app.init()` for the app).
 */
export function captureCallSite(boundary: Boundary, skip = 0): CallSite {
  const holder: CallSite = skip ? { frame: skip } : {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1 + skip;
  Error.captureStackTrace(holder, boundary);
  Error.stackTraceLimit = limit;
  return holder;
}

interface V8CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

// V8 formats a stack once and then keeps the string, so each site is read once and remembered.
const resolved = new WeakMap<CallSite, SourceLocation | undefined>();

/** Reads the frame V8 kept. Formatting is lazy, so our `prepareStackTrace` sees the raw frames. */
export function resolveCallSite(site: CallSite | undefined, cwd: string): SourceLocation | undefined {
  if (!site) return undefined;
  if (resolved.has(site)) return resolved.get(site);
  const location = readCallSite(site, cwd);
  resolved.set(site, location);
  return location;
}

function readCallSite(site: CallSite, cwd: string): SourceLocation | undefined {
  if (isDeno) return readFormattedFrame(site, cwd);
  const previous = Error.prepareStackTrace;
  let frame: V8CallSite | undefined;
  Error.prepareStackTrace = (_error, frames) => {
    frame = frames[site.frame ?? 0] as V8CallSite | undefined;
    return '';
  };
  try {
    void site.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  const fileName = frame?.getFileName();
  const line = frame?.getLineNumber();
  if (!frame || !fileName || !line) return undefined;
  const original = mapThroughSourceMap(fileName, line, frame.getColumnNumber() ?? 1);
  return { file: displayPath(original.file, cwd), line: original.line };
}

/**
 * Deno hands `prepareStackTrace` the positions of the JavaScript it made from a .ts file and
 * maps them only when it formats `stack` itself: read the formatted frame there.
 */
function readFormattedFrame(site: CallSite, cwd: string): SourceLocation | undefined {
  const lines = String(site.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const frame = lines[site.frame ?? 0];
  const match = frame && /\(?((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/.exec(frame.trim());
  if (!match) return undefined;
  return { file: displayPath(match[1]!, cwd), line: Number(match[2]) };
}

function mapThroughSourceMap(file: string, line: number, column: number): { file: string; line: number } {
  const map = safeFindSourceMap(file);
  const entry = map?.findEntry(line - 1, column - 1);
  if (entry && 'originalLine' in entry && typeof entry.originalLine === 'number') {
    return { file: entry.originalSource ? entry.originalSource : file, line: entry.originalLine + 1 };
  }
  return { file, line };
}

function safeFindSourceMap(file: string): ReturnType<typeof findSourceMap> | undefined {
  try {
    return typeof findSourceMap === 'function' ? findSourceMap(file) : undefined;
  } catch {
    return undefined;
  }
}

function displayPath(file: string, cwd: string): string {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}
