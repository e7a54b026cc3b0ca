/**
 * Where in the app's source a route was registered. Capturing must be cheap (it runs once per
 * registration during the app's start-up), so only V8's raw frame is kept; file and line are
 * read, and mapped through the source map of a transpiled file, when the document is built.
 */
import { readFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import { isDeno } from '../runtime/index.js';

/** An opaque holder for captured frames; `frame` is the one that counts. */
export interface CallSite {
  stack?: unknown;
  frame?: number;
  /**
   * A framework's folder, or several (a framework and the libraries built on it, such as
   * @hono/zod-openapi over Hono): the site is the first frame, from `frame` on, outside them.
   */
  outside?: Folders;
}

export interface SourceLocation {
  /** Relative to the working directory, with `/` separators, so documents match across machines. */
  readonly file: string;
  readonly line: number;
}

/** One folder, or a list that may grow while the app loads (read when the site is resolved). */
export type Folders = string | readonly string[];

// A function is a valid `captureStackTrace` boundary; the frames above it are dropped.
type Boundary = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);

/** How many of a framework's own frames (`outside`) can stand between the boundary and the app. */
const FRAMEWORK_FRAMES = 4;

/**
 * Records the frame of whoever called `boundary` (the app's own call into the framework), or
 * with `skip`, a frame that many calls further out (`express()` calls `app.init()` for the app),
 * or with `outside`, the first frame not in that folder (the framework's own calls for the app).
 */
export function captureCallSite(boundary: Boundary, skip = 0, outside?: Folders): CallSite {
  const holder: CallSite = skip ? { frame: skip } : {};
  if (outside) holder.outside = outside;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1 + skip + (outside ? FRAMEWORK_FRAMES : 0);
  Error.captureStackTrace(holder, boundary);
  Error.stackTraceLimit = limit;
  return holder;
}

interface V8CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getPosition?(): number;
}

/**
 * V8 computes `getLineNumber()` by scanning the script's source each time (it keeps no line
 * table for it): 0.14 ms a call in a 10,000-line file, 1.4 s for 10,000 routes. docgen takes
 * the frame's character position instead and finds the line in its own table of line starts,
 * made once per file from the source V8 ran: the file on disk, or for a file docgen transpiled,
 * the JavaScript it produced (registered here by the loaders).
 */
const executedSources = new Map<string, string>();
const lineStartsByFile = new Map<string, number[] | null>();

export function registerExecutedSource(fileOrUrl: string, source: string): void {
  executedSources.set(fileOrUrl.startsWith('file://') ? fileURLToPath(fileOrUrl) : fileOrUrl, source);
}

function lineStarts(fileName: string): number[] | null {
  // Keyed by the name V8 gives (a file: URL for an ES module): converting it costs more than the lookup.
  let starts = lineStartsByFile.get(fileName);
  if (starts !== undefined) return starts;
  const path = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
  let source = executedSources.get(path);
  if (source === undefined && !/\.[cm]?tsx?$/.test(path)) {
    try {
      source = readFileSync(path, 'utf8');
    } catch {
      source = undefined;
    }
  }
  starts = source === undefined ? null : [0];
  if (source !== undefined && starts) for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  lineStartsByFile.set(fileName, starts);
  return starts;
}

/** 1-based line and column of a frame, from its position when the source is known. */
function lineAndColumn(frame: V8CallSite, fileName: string): { line: number; column: number } | undefined {
  const position = typeof frame.getPosition === 'function' ? frame.getPosition() : undefined;
  const starts = position === undefined ? null : lineStarts(fileName);
  if (position !== undefined && starts) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: position - starts[low]! + 1 };
  }
  const line = frame.getLineNumber();
  return line ? { line, column: frame.getColumnNumber() ?? 1 } : undefined;
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
    let index = site.frame ?? 0;
    if (site.outside) while (index < frames.length - 1 && isInside((frames[index] as V8CallSite).getFileName(), site.outside)) index++;
    frame = frames[index] as V8CallSite | undefined;
    return '';
  };
  try {
    void site.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  const fileName = frame?.getFileName();
  const position = frame && fileName ? lineAndColumn(frame, fileName) : undefined;
  if (!fileName || !position) return undefined;
  const original = mapThroughSourceMap(fileName, position.line, position.column);
  return { file: displayPath(original.file, cwd), line: original.line };
}

/**
 * Deno hands `prepareStackTrace` the positions of the JavaScript it made from a .ts file and
 * maps them only when it formats `stack` itself: read the formatted frame there.
 */
function readFormattedFrame(site: CallSite, cwd: string): SourceLocation | undefined {
  const lines = String(site.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const parse = (frame: string | undefined) => (frame ? /\(?((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/.exec(frame.trim()) : null);
  let index = site.frame ?? 0;
  if (site.outside) while (index < lines.length - 1 && isInside(parse(lines[index])?.[1], site.outside)) index++;
  const match = parse(lines[index]);
  if (!match) return undefined;
  return { file: displayPath(match[1]!, cwd), line: Number(match[2]) };
}

const folderUrls = new Map<string, string>();

/** Whether a frame's file (a path or a file: URL) is inside `folders` (one or several). */
function isInside(fileName: string | null | undefined, folders: Folders): boolean {
  if (!fileName) return false;
  if (typeof folders !== 'string') return folders.some((folder) => isInside(fileName, folder));
  const folder = folders;
  if (!fileName.startsWith('file:')) return fileName.startsWith(folder + sep);
  let url = folderUrls.get(folder);
  if (url === undefined) folderUrls.set(folder, (url = `${pathToFileURL(folder).href}/`));
  return fileName.startsWith(url);
}

function mapThroughSourceMap(file: string, line: number, column: number): { file: string; line: number } {
  const map = safeFindSourceMap(file);
  const entry = map?.findEntry(line - 1, column - 1);
  if (entry && 'originalLine' in entry && typeof entry.originalLine === 'number') {
    return { file: entry.originalSource ? entry.originalSource : file, line: entry.originalLine + 1 };
  }
  return { file, line };
}

// Looked up once per file: a route file holds many registrations.
const sourceMaps = new Map<string, ReturnType<typeof findSourceMap> | undefined>();

function safeFindSourceMap(file: string): ReturnType<typeof findSourceMap> | undefined {
  if (sourceMaps.has(file)) return sourceMaps.get(file);
  let map: ReturnType<typeof findSourceMap> | undefined;
  try {
    map = typeof findSourceMap === 'function' ? findSourceMap(file) : undefined;
  } catch {
    map = undefined;
  }
  sourceMaps.set(file, map);
  return map;
}

// Per working directory, then per file name as V8 or the source map gives it (the same string
// for every frame of a file, so the lookup needs no new key).
const displayPaths = new Map<string, Map<string, string>>();

function displayPath(file: string, cwd: string): string {
  let inCwd = displayPaths.get(cwd);
  if (!inCwd) displayPaths.set(cwd, (inCwd = new Map()));
  let shown = inCwd.get(file);
  if (shown === undefined) inCwd.set(file, (shown = relativeDisplayPath(file, cwd)));
  return shown;
}

function relativeDisplayPath(file: string, cwd: string): string {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}
