/**
 * Transpiled TypeScript kept on disk, so a second run of the same app loads no transformer.
 * Its files are run as the app's code, so:
 *
 * - The cache is the user's own: `$XDG_CACHE_HOME` or `~/.cache` (Linux), `~/Library/Caches`
 *   (macOS) or `%LOCALAPPDATA%` (Windows), under `docgen/transpile`; with no usable home, a
 *   folder named by the user id in the temporary folder. `DOCGEN_CACHE_DIR` replaces the
 *   `docgen` folder (the test scripts keep Node, Deno and Jaeger beside `transpile/` there).
 * - Folders are made with mode 0700, then looked at with lstat: a symbolic link, a folder owned
 *   by another user (root included: a root process refuses a folder that is not root's) or one
 *   others can write to is refused with one warning, and the process transpiles without a cache.
 *   Windows has no user id or mode bits in stat: there the default lives in the user's profile,
 *   whose access list keeps other users out, and only links and non-folders are refused.
 * - An entry's name is a hash of everything its output depends on, and its first line repeats
 *   that key with a hash of the code below it: an entry is run only when both match and the file
 *   (opened without following links) is a regular file of this user that others cannot write.
 *   Anything else is transpiled again and replaced.
 * - Entries are written to a fresh temporary file (mode 0600, created exclusively), then renamed
 *   into place: two processes writing the same entry each rename a complete file with the same
 *   content, and a reader sees one or the other, never a part.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namedPackageOf } from './package-info.js';
import { builtins } from '../runtime/builtins.js';

/** Changes when the entry layout or the key's parts change, so older entries are never read. */
const ENTRY_FORMAT = 'docgen-transpile-cache 1';

/** `undefined` where the process has no user id (Windows): the owner and mode checks are off there. */
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

let warn: (message: string) => void = (message) => process.stderr.write(`docgen warning: ${message}\n`);

/** Where a refused or unusable cache folder is told (the session's logger). */
export function onCacheWarning(listener: (message: string) => void): void {
  warn = listener;
}

/** The checked folder entries go in; null: no cache. Decided once per thread. */
let folder: string | null | undefined;

export function transpileCacheFolder(): string | null {
  // Not `??=`: null (no cache) is a decision too.
  if (folder === undefined) folder = process.env.DOCGEN_CACHE === '0' ? null : openCacheFolder();
  return folder;
}

/** For the hooks thread: the folder the main thread checked (and warned about), not checked twice. */
export function useTranspileCacheFolder(checked: string | null): void {
  folder = checked;
}

function openCacheFolder(): string | null {
  const chosen = process.env.DOCGEN_CACHE_DIR;
  const roots = chosen ? [resolve(chosen)] : [userCacheFolder(), temporaryCacheFolder()].filter((root): root is string => root !== undefined);
  let failure = '';
  for (const root of roots) {
    const transpile = join(root, 'transpile');
    let refused: Refusal | undefined;
    try {
      refused = madeOrChecked(root) ?? madeOrChecked(transpile);
    } catch (error) {
      // Not made (no home, a read-only disk): the next place, when this one was only the default.
      failure = `the TypeScript cache folder ${transpile} cannot be made (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
      continue;
    }
    if (refused === undefined) return transpile;
    warn(`the TypeScript cache folder ${refused.dir} is not used: ${refused.reason}; transpiling without a cache (${refused.remedy}, or set DOCGEN_CACHE_DIR to another folder)`);
    return null;
  }
  warn(`${failure}; transpiling without a cache (DOCGEN_CACHE_DIR names another folder, DOCGEN_CACHE=0 turns the cache off)`);
  return null;
}

/** The `docgen` folder in the user's cache directory, when there is a usable one. */
function userCacheFolder(): string | undefined {
  const env = process.env;
  if (process.platform === 'win32') return env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? join(env.LOCALAPPDATA, 'docgen') : undefined;
  // The XDG rule: a relative XDG_CACHE_HOME is ignored.
  if (process.platform !== 'darwin' && env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'docgen');
  const home = usableHome();
  if (home === undefined) return undefined;
  return process.platform === 'darwin' ? join(home, 'Library', 'Caches', 'docgen') : join(home, '.cache', 'docgen');
}

function usableHome(): string | undefined {
  try {
    const home = builtins.os.homedir();
    return isAbsolute(home) && statSync(home).isDirectory() ? home : undefined;
  } catch {
    return undefined;
  }
}

/** In the temporary folder, named by the user id so no other user's folder is taken for ours. */
function temporaryCacheFolder(): string {
  // Windows' temporary folder is already the user's own (%LOCALAPPDATA%\Temp).
  return join(builtins.os.tmpdir(), uid === undefined ? 'docgen' : `docgen-${uid}`);
}

interface Refusal {
  readonly dir: string;
  readonly reason: string;
  /** What the user can do about it. */
  readonly remedy: string;
}

/**
 * Makes the folder (mode 0700) when it is missing, then says why it may not be used, if it may
 * not. Throws when it cannot be made.
 */
function madeOrChecked(dir: string): Refusal | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Looked at again: another process may have made it first, or put something else there.
    stat = lstatSync(dir);
  }
  const refusal = refusalOf(stat);
  return refusal && { dir, ...refusal };
}

function refusalOf(stat: Stats): Omit<Refusal, 'dir'> | undefined {
  if (stat.isSymbolicLink()) return { reason: 'it is a symbolic link, which could lead anywhere another user chooses', remedy: 'make it a real folder' };
  if (!stat.isDirectory()) return { reason: 'it is not a folder', remedy: 'remove it' };
  if (uid === undefined) return undefined;
  if (stat.uid !== uid) {
    return { reason: `it belongs to another user (uid ${stat.uid}; this process runs as uid ${uid}), who would decide the code docgen runs`, remedy: 'have it removed' };
  }
  if ((stat.mode & 0o022) !== 0) {
    return {
      reason: `users other than its owner can write to it (mode ${(stat.mode & 0o777).toString(8)}), and so decide the code docgen runs`,
      remedy: 'remove it, or `chmod go-w` it if no one else can have put files in it',
    };
  }
  return undefined;
}

let docgenVersion: string | undefined;

/** What decides a transpile's output, hashed: an entry is found only by the same inputs. */
export function entryKey(parts: { readonly file: string; readonly source: string; readonly transpiler: string; readonly options: string }): string {
  docgenVersion ??= readDocgenVersion();
  const hash = builtins.crypto.createHash('sha256');
  // Each part with its length, so no two different sets of parts hash the same bytes.
  for (const part of [ENTRY_FORMAT, docgenVersion, parts.transpiler, parts.file, parts.options, parts.source]) {
    hash.update(`${Buffer.byteLength(part)}:`).update(part);
  }
  return hash.digest('hex');
}

function readDocgenVersion(): string {
  const pkg = namedPackageOf(fileURLToPath(import.meta.url));
  return pkg ? `${pkg.name}@${pkg.version}` : 'unknown';
}

function headerOf(key: string, code: Buffer): string {
  return `//${ENTRY_FORMAT} ${key} ${builtins.crypto.createHash('sha256').update(code).digest('hex')}\n`;
}

// Windows has no O_NOFOLLOW; there the folder is in the user's own profile.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The cached code for `key`, when its entry is intact, this user's, and made for this key. */
export function readEntry(dir: string, key: string): string | undefined {
  return readEntryBytes(dir, key, 'js')?.toString('utf8');
}

/** An entry's bytes (`extension`: `js` for code, `v8` for a V8 code cache), checked as readEntry's. */
export function readEntryBytes(dir: string, key: string, extension: 'js' | 'v8'): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(join(dir, `${key}.${extension}`), constants.O_RDONLY | NO_FOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0))) return undefined;
    const bytes = readFileSync(fd);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const code = bytes.subarray(newline + 1);
    if (bytes.subarray(0, newline + 1).toString('latin1') !== headerOf(key, code)) return undefined;
    return code;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function writeEntry(dir: string, key: string, code: string | Buffer, extension: 'js' | 'v8' = 'js'): void {
  const body = typeof code === 'string' ? Buffer.from(code) : code;
  const temporary = join(dir, `${key}.${process.pid}.${builtins.crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    // `wx`: a new file, never one (or a link) already there.
    writeFileSync(temporary, Buffer.concat([Buffer.from(headerOf(key, body), 'latin1'), body]), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, join(dir, `${key}.${extension}`));
  } catch {
    // A cache that cannot be written only costs the next run a transpile.
    try {
      unlinkSync(temporary);
    } catch {
      // never made
    }
  }
}
