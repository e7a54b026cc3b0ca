/**
 * The learned store: a file beside the document (`openapi.learned.json` for `openapi.json`)
 * through which what was learned accumulates across processes and runs (test runners start
 * workers; a suite runs many times). It holds shapes and counts only (and redacted examples
 * when the run opted in).
 *
 * Saving is a read-merge-write under an exclusive lock file (`<store>.lock`, created with
 * O_EXCL): take the lock (waiting at most `lockTimeoutMs`, breaking a lock whose process is
 * gone or that is older than `staleLockMs`), re-read the store, merge this process's state
 * into it, write a temporary file and rename it over the store (atomic on one file system),
 * release the lock. Merging is commutative and associative, so processes that finish together
 * give the same bytes in any order and lose nothing. Everything is synchronous: stores are
 * saved from `exit` handlers.
 *
 * A file that is not a store docgen can read is never silently dropped: `readLearnedStore`
 * warns and reads nothing from it; `saveLearnedStore` moves it aside (`<store>.unreadable`,
 * said in the warning) before writing, and leaves a newer docgen's store untouched.
 *
 * Starting fresh (for the wiring step): delete the store before the traffic starts, either by
 * hand (`rm openapi.learned.json`) or with `removeLearnedStore` once, from the process that
 * starts the others (`docgen learn --fresh`, or the preload when `DOCGEN_LEARN=fresh` and it is
 * not a worker of such a command). Deleting is the whole reset: the store has no other state.
 * It must not be done by each worker at exit, or workers would erase one another's learning.
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { emptyLearned, LearnedFormatError, mergeLearned, parseLearned, serializeLearned, withoutExamples, type LearnedState } from './learned.js';

export interface StoreOptions {
  /** Keep examples in the store (the run opted in). Without it, the store is written without any. */
  readonly examples: boolean;
  /** Where a problem with the store is said (docgen's logger); never thrown. */
  readonly warn: (message: string) => void;
  /** How long to wait for another process's lock before writing without it. Default 10 s. */
  readonly lockTimeoutMs?: number;
  /** A lock older than this is stale, whoever holds it. Default 60 s (a save takes milliseconds). */
  readonly staleLockMs?: number;
  /**
   * Runs with everything learned so far (this process included), still under the lock: the
   * documents are written there, so the last of several processes finishing together writes
   * what all of them learned. Runs even when the store could not be written, with this
   * process's state; what it throws is said, not thrown.
   */
  readonly whileLocked?: (state: LearnedState) => void;
}

export interface SaveResult {
  /** The store's content after the save: everything learned so far, this process included. */
  readonly state: LearnedState;
  /** False when the store was left as it was (a newer docgen's store, an unwritable folder). */
  readonly written: boolean;
}

/** `openapi.json` -> `openapi.learned.json`; `api.yaml` -> `api.learned.json`. */
export function learnedStorePath(documentPath: string): string {
  const extension = extname(documentPath);
  const stem = extension ? basename(documentPath, extension) : basename(documentPath);
  return join(dirname(documentPath), `${stem}.learned.json`);
}

/** The store's state; an empty state when there is none, or (with a warning) when it cannot be read. */
export function readLearnedStore(path: string, options: Pick<StoreOptions, 'warn'>): LearnedState {
  const read = readStore(path);
  if (read.kind === 'state') return read.state;
  if (read.kind === 'unreadable') options.warn(`the learned store ${path} cannot be used (${read.reason}); it is left as it is and nothing is read from it`);
  return emptyLearned();
}

/** Merges `state` into the store and writes it atomically, under the lock. Never throws. */
export function saveLearnedStore(path: string, state: LearnedState, options: StoreOptions): SaveResult {
  const own = options.examples ? state : withoutExamples(state);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    // the write below reports it
  }
  const lock = acquireLock(`${path}.lock`, options);
  try {
    const read = readStore(path);
    let base = emptyLearned();
    if (read.kind === 'state') base = options.examples ? read.state : withoutExamples(read.state);
    else if (read.kind === 'unreadable') {
      if (read.newer || read.io) {
        const why = read.newer ? `was written by a newer docgen (${read.reason})` : `cannot be read (${read.reason})`;
        options.warn(`the learned store ${path} ${why}; it is left as it is, and what this run learned is not saved to it`);
        runWhileLocked(options, own);
        return { state: own, written: false };
      }
      const aside = moveAside(path);
      options.warn(
        aside
          ? `the learned store ${path} could not be read (${read.reason}); it was moved to ${aside} and a new store is started with this run's learning`
          : `the learned store ${path} could not be read (${read.reason}) nor moved aside; it is left as it is, and what this run learned is not saved to it`,
      );
      if (!aside) {
        runWhileLocked(options, own);
        return { state: own, written: false };
      }
    }
    const merged = mergeLearned(base, own);
    let written = false;
    try {
      writeAtomically(path, serializeLearned(merged));
      written = true;
    } catch (error) {
      options.warn(`the learned store ${path} could not be written: ${(error as Error).message}`);
    }
    runWhileLocked(options, written ? merged : own);
    return { state: written ? merged : own, written };
  } catch (error) {
    // Reached before the documents were written (runWhileLocked never throws): they still are.
    options.warn(`the learned store ${path} could not be written: ${(error as Error).message}`);
    runWhileLocked(options, own);
    return { state: own, written: false };
  } finally {
    if (lock) releaseLock(`${path}.lock`, lock);
  }
}

/**
 * Runs `run` with the store's state under its lock (the documents are written there, after this
 * process saved with saveLearnedStore); with `saved` when the store cannot be read now. Never throws.
 */
export function withLearnedStore(path: string, saved: LearnedState, options: StoreOptions & { readonly whileLocked: (state: LearnedState) => void }): void {
  const lock = acquireLock(`${path}.lock`, options);
  try {
    const read = readStore(path);
    runWhileLocked(options, read.kind === 'state' ? (options.examples ? read.state : withoutExamples(read.state)) : saved);
  } finally {
    if (lock) releaseLock(`${path}.lock`, lock);
  }
}

function runWhileLocked(options: StoreOptions, state: LearnedState): void {
  if (!options.whileLocked) return;
  try {
    options.whileLocked(state);
  } catch (error) {
    options.warn(`writing with what was learned failed: ${(error as Error).message}`);
  }
}

/** Starts fresh: removes the store (under its lock, so no save is half-way). */
export function removeLearnedStore(path: string, options: Pick<StoreOptions, 'warn' | 'lockTimeoutMs' | 'staleLockMs'>): void {
  const lock = acquireLock(`${path}.lock`, options);
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.warn(`the learned store ${path} could not be removed: ${(error as Error).message}`);
  } finally {
    if (lock) releaseLock(`${path}.lock`, lock);
  }
}

type StoreRead =
  | { kind: 'missing' }
  | { kind: 'state'; state: LearnedState }
  /** `io`: the file could not be read at all (permissions...); else its content is not a store docgen reads. */
  | { kind: 'unreadable'; reason: string; newer: boolean; io: boolean };

function readStore(path: string): StoreRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', reason: (error as Error).message, newer: false, io: true };
  }
  try {
    return { kind: 'state', state: parseLearned(text) };
  } catch (error) {
    if (error instanceof LearnedFormatError) return { kind: 'unreadable', reason: error.message, newer: error.newer, io: false };
    throw error;
  }
}

/** `<store>.unreadable`, or `.unreadable-2`, ...: the first name not taken. */
function moveAside(path: string): string | undefined {
  for (let n = 1; n < 100; n++) {
    const aside = `${path}.unreadable${n === 1 ? '' : `-${n}`}`;
    if (existsSync(aside)) continue;
    try {
      // link + unlink: never replaces a file that appeared at `aside` meanwhile.
      linkSync(path, aside);
      unlinkSync(path);
      return aside;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  }
  return undefined;
}

let temporaries = 0;

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${++temporaries}.tmp`;
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
}

// ---- the lock ----

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly time: number;
  /** Tells this lock from another one the same process takes later. */
  readonly nonce: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The lock's content when taken, or undefined when the wait ran out (then said in a warning). */
function acquireLock(lockPath: string, options: Pick<StoreOptions, 'warn' | 'lockTimeoutMs' | 'staleLockMs'>): string | undefined {
  const timeout = options.lockTimeoutMs ?? 10_000;
  const staleAfter = options.staleLockMs ?? 60_000;
  const deadline = Date.now() + timeout;
  const owner: LockOwner = { pid: process.pid, host: hostname(), time: Date.now(), nonce: Math.random().toString(36).slice(2) };
  for (let attempt = 0; ; attempt++) {
    const content = JSON.stringify({ ...owner, time: Date.now() });
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        options.warn(`the lock ${lockPath} could not be created (${(error as Error).message}); the learned store is written without it`);
        return undefined;
      }
    }
    const held = readLock(lockPath);
    if (held !== undefined && isStale(lockPath, held, staleAfter)) {
      breakStaleLock(lockPath, held);
      continue;
    }
    if (Date.now() >= deadline) {
      options.warn(`the lock ${lockPath} is held by ${describeHolder(held)} for more than ${timeout} ms; the learned store is written without it`);
      return undefined;
    }
    // 5 to 40 ms, growing: several processes that finish together take turns quickly.
    sleep(Math.min(40, 5 + attempt * 2) + Math.random() * 5);
  }
}

function readLock(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch {
    return undefined; // released meanwhile: try again
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(content) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.time === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(lockPath: string, content: string, staleAfter: number): boolean {
  const owner = parseOwner(content);
  if (owner && owner.host === hostname() && !isAlive(owner.pid)) return true;
  let age: number;
  try {
    age = Date.now() - (owner?.time ?? statSync(lockPath).mtimeMs);
  } catch {
    return false;
  }
  // An empty or half-written lock (its writer was killed between create and write) is stale
  // after a second; a readable one after `staleAfter`.
  return age > (owner ? staleAfter : Math.min(staleAfter, 1000));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // Only "no such process" says it is gone; EPERM (another user's) or a runtime that cannot
    // send signal 0 leave the lock to the age rule.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes a stale lock without removing a fresh one another process took meanwhile: the lock is
 * renamed away (atomic), and if what was renamed is not the stale lock that was judged, it is
 * linked back (link never replaces a lock that exists again).
 */
function breakStaleLock(lockPath: string, judged: string): void {
  const away = `${lockPath}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockPath, away);
  } catch {
    return; // someone else broke or released it
  }
  let moved: string | undefined;
  try {
    moved = readFileSync(away, 'utf8');
  } catch {
    moved = undefined;
  }
  if (moved !== judged) {
    try {
      linkSync(away, lockPath);
    } catch {
      // a new lock exists already: its holder goes on, this one was gone anyway
    }
  }
  try {
    unlinkSync(away);
  } catch {
    // nothing left to remove
  }
}

function releaseLock(lockPath: string, content: string): void {
  // Only our own lock: if it was judged stale and broken meanwhile, the new one is not ours.
  if (readLock(lockPath) !== content) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

function describeHolder(content: string | undefined): string {
  const owner = content === undefined ? undefined : parseOwner(content);
  return owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
}
