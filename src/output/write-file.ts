/**
 * Writes a file atomically: a temporary file beside it, then a rename, so a reader never sees
 * a truncated document even when the process is killed mid-write.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileAtomic(path: string, content: string): number {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, path);
    return Buffer.byteLength(content);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * `EACCES: permission denied` rather than the whole Node error with its path repeated. Only a
 * system error (one with a `syscall`) is rewritten: other errors carry a `code` too (docgen's
 * own DOCGEN_... ones), and their message is already the reason.
 */
export function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.syscall === 'string') {
    const text = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    return `${e.code}: ${text}`;
  }
  return error instanceof Error ? error.message : String(error);
}
