/**
 * The command's exit codes and error codes. Every failure the user can cause ends with one
 * line naming its error code, and one of these exit codes; the README lists both.
 */
export const EXIT = {
  ok: 0,
  /** The check asked for failed: `validate` found errors, `diff --fail-on` found such changes. */
  checkFailed: 1,
  usage: 2,
  /** A file to read is missing, is a directory, or is not a JSON/YAML OpenAPI document. */
  input: 3,
  /** The app threw, or exited with a non-zero status, during start-up. */
  appFailed: 4,
  /** The app ran but created no Express, Koa or Hono app. */
  noApp: 5,
  timeout: 6,
  /** An output file could not be written. */
  output: 7,
  /** A bug in docgen. */
  internal: 70,
} as const;

/** Stopped by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM), as a shell reports it. */
export type SignalExitCode = number;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    /** Stable, for scripts: `DOCGEN_ENTRY_NOT_FOUND`, ... */
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode | SignalExitCode,
    /** Lines shown under the message (the app's stack, the end of its output). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError('DOCGEN_USAGE', message, EXIT.usage);
