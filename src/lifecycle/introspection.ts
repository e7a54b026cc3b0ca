/**
 * Introspection mode (`DOCGEN_INTROSPECT=1`, set by `docgen generate`): the app starts up as it
 * always does, but `listen()` binds no port and `Deno.serve()` serves nothing. Each reports
 * success as if it had bound, so start-up code after it runs. Once the app has called `listen()`
 * and registered nothing new for `settleMs`, the process exits and the documents are written as
 * at any other exit. An app that never listens ends when its event loop runs dry.
 */
import type { AddressInfo, Server } from 'node:net';
import { builtins } from '../runtime/builtins.js';
import { registrationCalls } from '../instrumentation/wrap.js';
import { isDeno } from '../runtime/index.js';

export interface IntrospectionOptions {
  /** Quiet time after the last `listen()` or route registration before the process ends. */
  readonly settleMs: number;
  /** Told of each intercepted `listen()`, with what the app asked for. */
  readonly onListen: (requested: string) => void;
}

export function startIntrospection(options: IntrospectionOptions): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let calls = registrationCalls();
  const settle = (): void => {
    const now = registrationCalls();
    if (now !== calls) {
      calls = now;
      arm();
      return;
    }
    process.exit();
  };
  // Unreferenced: an app whose loop runs dry first ends on its own, which is just as good.
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, options.settleMs);
    timer.unref();
  };
  const listened = (requested: string): void => {
    calls = registrationCalls();
    options.onListen(requested);
    arm();
  };

  // Only `docgen generate` runs this; node:net is loaded here rather than for every app.
  const { Server } = builtins.net;
  Server.prototype.listen = function listen(this: Server, ...args: unknown[]): Server {
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
    const address = requestedAddress(args[0]);
    Object.defineProperty(this, 'listening', { value: true, configurable: true });
    // Start-up code often logs `server.address().port`.
    this.address = (): AddressInfo | string => (typeof address === 'string' ? address : { address: '127.0.0.1', family: 'IPv4', port: address });
    this.close = function close(this: Server, done?: (error?: Error) => void): Server {
      Object.defineProperty(this, 'listening', { value: false, configurable: true });
      process.nextTick(() => {
        this.emit('close');
        done?.();
      });
      return this;
    };
    if (callback) this.once('listening', callback);
    process.nextTick(() => this.emit('listening'));
    listened(typeof address === 'string' ? address : `port ${address}`);
    return this;
  };

  if (isDeno) interceptDenoServe(listened);
}

/** The port (or socket path) `listen()` was asked for, in any of its call forms. */
function requestedAddress(first: unknown): number | string {
  if (typeof first === 'number') return first;
  if (typeof first === 'string') return /^\d+$/.test(first) ? Number(first) : first;
  if (first && typeof first === 'object') {
    const { port, path } = first as { port?: unknown; path?: unknown };
    if (typeof path === 'string') return path;
    if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) return Number(port);
  }
  return 0;
}

interface DenoServeOptions {
  port?: number;
  hostname?: string;
  onListen?: (addr: { hostname: string; port: number; transport: 'tcp' }) => void;
}

/** `Deno.serve(handler)` / `Deno.serve(options, handler)`: the handler is never called. */
function interceptDenoServe(listened: (requested: string) => void): void {
  const deno = (globalThis as { Deno?: Record<string, unknown> }).Deno;
  if (!deno) return;
  const serve = (...args: unknown[]): unknown => {
    const options = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as DenoServeOptions;
    const addr = { transport: 'tcp' as const, hostname: options.hostname ?? '0.0.0.0', port: options.port ?? 8000 };
    options.onListen?.(addr);
    listened(`port ${addr.port}`);
    const finished = new Promise<void>(() => {});
    return { addr, finished, ref() {}, unref() {}, shutdown: async () => {}, [Symbol.asyncDispose]: async () => {} };
  };
  try {
    Object.defineProperty(deno, 'serve', { value: serve, configurable: true, writable: true });
  } catch {
    // A frozen namespace: Deno.serve keeps serving; the command's timeout still ends the run.
  }
}
