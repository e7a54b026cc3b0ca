/**
 * Runs `finish` exactly once when the process ends, whatever the end: the event loop running
 * dry, `process.exit()`, SIGINT/SIGTERM, or an uncaught error. `finish` must be synchronous:
 * the `exit` event allows nothing else.
 *
 * Signals: a listener changes what a signal does, so docgen's own listener steps aside when the
 * app has one (its graceful shutdown runs and ends with `exit`); when it is alone, it writes,
 * removes itself and raises the signal again, so the process dies of it as it would have
 * (status 130 for SIGINT, 143 for SIGTERM).
 */
import { isDeno } from '../runtime/index.js';

export interface ProcessEnd {
  /** The process is failing on an error the app did not handle. */
  readonly crashed: boolean;
  readonly reason: 'exit' | 'SIGINT' | 'SIGTERM';
  /** What the app threw, when it crashed. */
  readonly error?: unknown;
  /** The status the process is exiting with, for an `exit`. */
  readonly exitCode?: number;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function onProcessEnd(finish: (end: ProcessEnd) => void): void {
  let done = false;
  let crashed = false;
  let error: unknown;
  const once = (reason: ProcessEnd['reason'], exitCode?: number): void => {
    if (done) return;
    done = true;
    finish({ crashed, reason, ...(crashed ? { error } : {}), ...(exitCode === undefined ? {} : { exitCode }) });
  };

  // The monitor runs before Node decides; without an 'uncaughtException' listener the error is
  // fatal. Deno then ends without an 'exit' or 'unload' event: finish here.
  process.on('uncaughtExceptionMonitor', (thrown) => {
    if (process.listenerCount('uncaughtException') > 0) return;
    crashed = true;
    error = thrown;
    if (isDeno) once('exit');
  });
  process.on('exit', (code) => once('exit', code));
  // Deno.exit() dispatches 'unload' but not process 'exit'.
  if (isDeno) (globalThis as unknown as EventTarget).addEventListener('unload', () => once('exit'));

  for (const signal of SIGNALS) {
    const listener = (): void => {
      if (process.listenerCount(signal) > 1) return;
      once(signal);
      process.removeListener(signal, listener);
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
  }
}
