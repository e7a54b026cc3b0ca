/**
 * The capture of traffic, for learning (issue 14): turns the requests the app serves into
 * `Exchange`s (src/learn/exchange.ts) and hands each to a sink, the learner. Started only when
 * learning is on; until `startCapture` is called nothing of it is on the request path (not a
 * subscription, not a wrapper).
 *
 * - Node's HTTP server (Express, Koa, Hono on @hono/node-server, any node:http server, Deno's
 *   node:http): node-http.ts, through node:diagnostics_channel.
 * - Hono's `fetch` (`app.request()`, `app.fetch()`, `Deno.serve(app.fetch)`): hono-fetch.ts.
 * - Each request is matched to the operation the document will have for it (routes.ts,
 *   matcher.ts); its bodies are parsed when it is done (body.ts), and dropped after the sink.
 */
import type { RouteRegistry } from '../../model/registry.js';
import { observeHonoApps } from '../../adapters/hono/index.js';
import type { ExchangeSink } from '../exchange.js';
import type { LearningBudget } from './budget.js';
import { exchangeOf, type ExchangeCounts, type RawExchange } from './exchange-of.js';
import { captureHonoFetch } from './hono-fetch.js';
import { captureNodeHttp } from './node-http.js';
import { LiveMatcher, registryRoutes } from './routes.js';

export interface CaptureLimits {
  /**
   * The most bytes of one body read (a request's, a response's; compressed, and again once
   * decoded). A larger body is `skipped` with the reason `too-large`, and counted; nothing more
   * of it is kept. Default 1 MiB.
   */
  readonly maxBodyBytes: number;
  /**
   * The most Hono fetch exchanges being read at once (their clones' bodies arrive later than the
   * response). More are let through unobserved, and counted as dropped. Default 256.
   */
  readonly maxPending: number;
}

export const DEFAULT_LIMITS: CaptureLimits = { maxBodyBytes: 1024 * 1024, maxPending: 256 };

export interface CaptureOptions {
  /**
   * Receives each exchange once its response is done, synchronously (Node's HTTP server) or once
   * the clones are read (Hono's fetch). It should reduce the values to shapes and keep none: the
   * capture queues nothing for it, a slow sink slows the app down rather than holding exchanges.
   * What it throws goes to `onError`.
   */
  readonly sink: ExchangeSink;
  /** The session's route model: the operations requests are matched against, and the Hono apps to observe. */
  readonly registry: RouteRegistry;
  readonly limits?: Partial<CaptureLimits>;
  /** A failure inside the capture (never the app's); the app is not affected. */
  readonly onError?: (error: unknown) => void;
  /**
   * The time learning may take (budget.ts): each request is followed only when it admits it, and
   * is charged what handing its exchange on cost. None: every request is followed (verify).
   */
  readonly budget?: LearningBudget;
  /**
   * With DOCGEN_PERFORMANCE_METRICS: the capture adds the CPU time it spends on the request path
   * here (a request's start and its handing on, the parsing and the sink included). Without it,
   * nothing is timed for it.
   */
  readonly clock?: CaptureClock;
}

/** CPU milliseconds the capture spent on the request path, as far as it is timed. */
export interface CaptureClock {
  ms: number;
}

/**
 * The process's CPU time so far (user and system), in ms: what the metrics compare learning's
 * time with. Wall time would count the time the machine gave other processes.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface CaptureStats {
  /** Exchanges handed to the sink. */
  readonly exchanges: number;
  /** Of those, how many reached no documented operation. */
  readonly unmatched: number;
  /** Exchanges not observed (more Hono fetch exchanges under way than `maxPending`). */
  readonly dropped: number;
  /** Requests not followed because learning's budget of time was spent (budget.ts). */
  readonly overBudget: number;
  /** Bodies not read, by reason (each exchange has two bodies). */
  readonly skippedBodies: { readonly 'too-large': number; readonly stream: number; readonly unparsable: number };
}

export interface Capture {
  /** Ends the capture: no request is followed or handed on any more, the Hono `fetch` wrappers are taken out. */
  stop(): void;
  stats(): CaptureStats;
}

export { TEST_EXCHANGE_SINK } from './test-sink.js';

let running: Capture | undefined;

/** Starts the capture; one at a time per process (a second start is an error until the first is stopped). */
export function startCapture(options: CaptureOptions): Capture {
  if (running) throw new Error('docgen: the capture of traffic is already running');
  const limits: CaptureLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (!(limits.maxBodyBytes >= 0) || !(limits.maxPending >= 0)) throw new Error(`docgen: capture limits must be numbers of 0 or more: ${JSON.stringify(limits)}`);
  const onError = options.onError ?? (() => {});
  const matcher = new LiveMatcher(registryRoutes(options.registry));
  const counts: ExchangeCounts & { dropped: number; overBudget: number } = { exchanges: 0, unmatched: 0, dropped: 0, overBudget: 0, skipped: { 'too-large': 0, stream: 0, unparsable: 0 } };
  let stopped = false;
  const { budget, clock } = options;

  const handOn = (raw: RawExchange): void => {
    try {
      options.sink(exchangeOf(raw, matcher, limits.maxBodyBytes, counts));
    } catch (error) {
      onError(error);
    }
  };
  // Timed only when a budget (wall time) or the metrics (CPU time) need it: otherwise nothing but the work itself.
  const finished =
    budget || clock
      ? (raw: RawExchange): void => {
          if (stopped) return;
          const wall = budget ? performance.now() : 0;
          const cpu = clock ? cpuMs() : 0;
          handOn(raw);
          if (budget) budget.spend(performance.now() - wall);
          if (clock) clock.ms += cpuMs() - cpu;
        }
      : (raw: RawExchange): void => {
          if (!stopped) handOn(raw);
        };
  const admit = budget
    ? (): boolean => {
        if (budget.admit()) return true;
        counts.overBudget++;
        return false;
      }
    : undefined;

  const http = captureNodeHttp({ limit: limits.maxBodyBytes, finished, onError, ...(admit ? { admit } : {}), ...(clock ? { clock: { add: (ms) => (clock.ms += ms), now: cpuMs } } : {}) });
  const hono = captureHonoFetch({
    ...(admit ? { admit } : {}),
    limit: limits.maxBodyBytes,
    maxPending: limits.maxPending,
    followedElsewhere: (env) => typeof env === 'object' && env !== null && http.follows((env as { outgoing?: unknown }).outgoing),
    finished,
    dropped: () => counts.dropped++,
    onError,
  });
  const stopObservingHono = observeHonoApps(options.registry, hono.observe);

  const capture: Capture = {
    stop() {
      if (stopped) return;
      stopped = true;
      http.stop();
      stopObservingHono();
      hono.stop();
      if (running === capture) running = undefined;
    },
    stats: () => ({ exchanges: counts.exchanges, unmatched: counts.unmatched, dropped: counts.dropped, overBudget: counts.overBudget, skippedBodies: { ...counts.skipped } }),
  };
  running = capture;
  return capture;
}
