/**
 * Runs `finish` exactly once when the process ends, whatever the end: the event loop running
 * dry, `process.exit()`, a signal, or an uncaught error. `finish` must be synchronous: the
 * `exit` event allows nothing else.
 *
 * Signals go through `signal-exit`, the mechanism the ecosystem already shares (execa,
 * write-file-atomic, proper-lockfile, nyc...). A listener changes what a signal does, so each
 * party must know the others: signal-exit's copies (v4 and v3) count their listeners on a
 * process-wide emitter and re-raise the signal only when every listener is one of theirs. A
 * listener of docgen's own could not take part in that count, and two parties that each step
 * aside when not alone leave Ctrl-C doing nothing. Through signal-exit:
 * - an app with no signal handling dies of the signal as it would have (130 for SIGINT, 143 for
 *   SIGTERM), after the document is written;
 * - an app with its own listener (a graceful shutdown) keeps it: nothing happens until the app
 *   exits, and the document is written then;
 * - an app's own signal-exit handlers (3 or 4) run, and the process still dies of the signal.
 * docgen's handler runs after the app's (`alwaysLast`), so the document holds what the app's
 * cleanup registered too.
 */
import { onExit } from 'signal-exit';
import { isDeno } from '../runtime/index.js';

export interface ProcessEnd {
  /** The process is failing on an error the app did not handle. */
  readonly crashed: boolean;
  /** `exit` for an exit of any kind, else the signal the process is dying of. */
  readonly reason: 'exit' | NodeJS.Signals;
  /** What the app threw, when it crashed. */
  readonly error?: unknown;
  /** The status the process is exiting with, for an `exit`. */
  readonly exitCode?: number;
}

/**
 * Returns `endNow`, for an end no event announces (a worker thread terminated from outside,
 * worker-end.ts): `finish` runs then, as for an exit, and not again later.
 */
export function onProcessEnd(finish: (end: ProcessEnd) => void): () => void {
  let done = false;
  let crashed = false;
  let error: unknown;
  const once = (reason: ProcessEnd['reason'], exitCode?: number | null): void => {
    if (done) return;
    done = true;
    finish({ crashed, reason, ...(crashed ? { error } : {}), ...(typeof exitCode === 'number' ? { exitCode } : {}) });
  };

  // The monitor runs before Node decides; without an 'uncaughtException' listener the error is
  // fatal. Deno then ends without an 'exit' or 'unload' event: finish here.
  process.on('uncaughtExceptionMonitor', (thrown) => {
    if (process.listenerCount('uncaughtException') > 0) return;
    crashed = true;
    error = thrown;
    if (isDeno) once('exit');
  });
  onExit((code, signal) => once(signal ?? 'exit', code), { alwaysLast: true });
  if (isDeno) {
    // Deno ends a process without going through the `process.emit` signal-exit patches, and
    // Deno.exit() dispatches 'unload' but not process 'exit'.
    process.on('exit', (code) => once('exit', code));
    (globalThis as unknown as EventTarget).addEventListener('unload', () => once('exit'));
  }
  return () => once('exit');
}
