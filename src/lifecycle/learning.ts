/**
 * Learning from traffic, as a run mode of the preload (like introspection): when
 * `DOCGEN_LEARN=1` (or `docgen learn`/`docgen verify`, which set the variables for every Node
 * process of the command they run), the capture (src/learn/capture) hands each exchange the app
 * serves to a learner or a verifier. Off, nothing here runs and nothing is on the request path.
 *
 * - `learn`: each exchange is reduced to shapes and counts (src/learn). At exit, first, under
 *   the store's lock, this process's state is merged into the store beside the document
 *   (`openapi.learned.json`): a runner that kills its worker while the documents are built loses
 *   no traffic. Then every document the process writes gets what the whole store knows, below
 *   what the app declares (src/learn/to-openapi.ts), under the lock again: the last of several
 *   processes finishing together writes everything.
 * - `verify`: each exchange is checked against a given document (src/learn/verify.ts); no
 *   document, store or trace is written.
 * - Either way, with `DOCGEN_LEARN_REPORT=<folder>` (set by the commands) the process leaves a
 *   small JSON report there at exit: counts, and for verify its findings. No value seen in
 *   traffic is in it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { RouteRegistry } from '../model/registry.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { budgetShare, TimeBudget } from '../learn/capture/budget.js';
import { cpuMs, startCapture, TEST_EXCHANGE_SINK, type Capture, type CaptureClock, type CaptureStats } from '../learn/capture/index.js';
import type { Exchange, ExchangeSink } from '../learn/exchange.js';
import { Learner, learnedCounts, type LearnedState } from '../learn/learned.js';
import { learnedStorePath, saveLearnedStore, withLearnedStore } from '../learn/store.js';
import { applyLearned, type Contradiction } from '../learn/to-openapi.js';
import { Verifier, describeFinding, type VerifyFinding } from '../learn/verify.js';
import { count } from '../plural.js';
import type { LearningMode } from './learning-mode.js';

export { learningMode, type LearningMode } from './learning-mode.js';

/** What one process leaves in `DOCGEN_LEARN_REPORT` for `docgen learn` and `docgen verify`. */
export interface LearningReport {
  readonly pid: number;
  readonly mode: LearningMode['kind'];
  /** Express, Koa or Hono modules this process instrumented. */
  readonly frameworks: number;
  /** A Jest process (JEST_WORKER_ID): Jest runs the app's modules in its own registry (followed for Jest 29 and 30, CommonJS only: src/loading/jest.ts). */
  readonly jest: boolean;
  readonly exchanges: number;
  readonly unmatched: number;
  readonly skippedBodies: number;
  readonly documents: readonly string[];
  /** verify: each finding once, with how many exchanges showed it, in a stable order. */
  readonly findings?: ReadonlyArray<VerifyFinding & { readonly count: number }>;
  /** verify: the document's operations traffic reached (`get /users/{id}`). */
  readonly covered?: readonly string[];
}

export interface LearningOptions {
  readonly registry: RouteRegistry;
  readonly env: NodeJS.ProcessEnv;
  readonly warn: (message: string) => void;
  readonly error: (message: string) => void;
}

/** What the session asks of learning when the process ends. */
export interface Learning {
  readonly mode: LearningMode;
  /**
   * learn: merges this process's state into the store beside `output` at once, before the
   * documents are built: a test runner that kills its worker while they are (vitest and Jest send
   * SIGKILL 500 ms after SIGTERM) loses none of the traffic. verify: nothing.
   */
  saveStore(output: string): void;
  /**
   * learn: calls `write` with each document given what the store knows, under the store's lock,
   * so the last of several processes writes what all of them learned. verify: writes nothing.
   */
  writeDocuments(output: string, documents: ReadonlyArray<{ readonly path: string; readonly document: OpenApiDocument }>, write: (path: string, document: OpenApiDocument) => void): void;
  /** Stops the capture, and leaves the report (when asked for). */
  end(frameworks: number, documents: readonly string[]): void;
  /** Counts for the `docgen.learn` span and DOCGEN_PERFORMANCE_METRICS. */
  attributes(): Record<string, number>;
  /** With DOCGEN_PERFORMANCE_METRICS: what learning cost on the request path; undefined without. */
  cost(): LearningCost | undefined;
}

/** For DOCGEN_PERFORMANCE_METRICS' learning line (src/tracing/metrics.ts). */
export interface LearningCost {
  /** Exchanges handed to the learner (or verifier). */
  readonly exchanges: number;
  /** Requests not followed: learning's budget was spent, or too many Hono fetch exchanges under way. */
  readonly skipped: number;
  /** CPU time the capture spent on the request path (a request's start, parsing, the learner). */
  readonly captureMs: number;
  /** CPU time of `writeDocuments` at exit (the store merged and saved, the documents given what was learned and written). */
  readonly exitMs: number;
}

/** Starts the capture for `mode`; undefined (with an error said) when the mode cannot start. */
export function startLearning(mode: LearningMode, options: LearningOptions): Learning | undefined {
  const { env } = options;
  let verifier: Verifier | undefined;
  if (mode.kind === 'verify') {
    try {
      verifier = new Verifier(JSON.parse(readFileSync(mode.document, 'utf8')));
    } catch (error) {
      options.error(`cannot verify against ${mode.document}: ${(error as Error).message}; traffic is not checked`);
      return undefined;
    }
  }
  // Learning under load takes at most its budget of time (budget.ts); verifying checks every exchange.
  let budget: TimeBudget | undefined;
  if (mode.kind === 'learn') {
    const asked = budgetShare(env.DOCGEN_LEARN_BUDGET);
    if ('error' in asked) options.warn(`${asked.error}; learning takes at most 5 % of the time`);
    const share = 'error' in asked ? undefined : asked.share;
    if ('error' in asked || share !== undefined) budget = new TimeBudget(share);
  }
  const clock: CaptureClock | undefined = env.DOCGEN_PERFORMANCE_METRICS === '1' ? { ms: 0 } : undefined;
  const learner = mode.kind === 'learn' ? new Learner({ examples: mode.examples }) : undefined;
  const findings = new Map<string, VerifyFinding & { count: number }>();
  const sink = (exchange: Exchange): void => {
    if (learner) learner.observe(exchange);
    else for (const finding of verifier!.check(exchange)) {
      const key = JSON.stringify(finding);
      const seen = findings.get(key);
      if (seen) seen.count++;
      else findings.set(key, { ...finding, count: 1 });
    }
  };
  const testSink = (globalThis as Record<symbol, unknown>)[TEST_EXCHANGE_SINK];
  let capture: Capture | undefined = startCapture({
    registry: options.registry,
    // docgen's own tests may watch the exchanges too (see src/register.ts).
    sink: typeof testSink === 'function' ? (exchange) => (sink(exchange), (testSink as ExchangeSink)(exchange)) : sink,
    onError: (error) => options.error(`internal error while learning from traffic (the app is not affected): ${error instanceof Error ? error.stack : String(error)}`),
    ...(budget ? { budget } : {}),
    ...(clock ? { clock } : {}),
  });
  let stats: CaptureStats = capture.stats();
  const stop = (): void => {
    if (!capture) return;
    stats = capture.stats();
    capture.stop();
    capture = undefined;
  };
  let exitMs = 0;
  const examples = mode.kind === 'learn' && mode.examples;
  // What saveStore left: the store's state then, and whether the store holds this process's learning.
  let saved: { state: LearnedState; written: boolean } | undefined;
  const timed = (work: () => void): void => {
    const started = clock ? cpuMs() : 0;
    try {
      work();
    } finally {
      if (clock) exitMs += cpuMs() - started;
    }
  };
  const skipped = (): number => Object.values(stats.skippedBodies).reduce((sum, n) => sum + n, 0);

  return {
    mode,
    saveStore(output) {
      stop();
      if (!learner || saved) return;
      timed(() => {
        saved = saveLearnedStore(learnedStorePath(output), learner.state, { examples, warn: options.warn });
      });
    },

    writeDocuments(output, documents, write) {
      if (!learner) return;
      this.saveStore(output);
      const writeAll = (state: LearnedState): void => {
        for (const { path, document } of documents) {
          const applied = applyLearned(document, state, { examples });
          reportContradictions(applied.contradictions, path, options.warn);
          write(path, applied.document);
        }
      };
      timed(() => {
        // The store could not take this process's learning (a newer docgen's, an unwritable folder): what it learned alone.
        if (!saved!.written) return writeAll(saved!.state);
        withLearnedStore(learnedStorePath(output), saved!.state, { examples, warn: options.warn, whileLocked: writeAll });
      });
    },

    end(frameworks, written) {
      stop();
      const reportDir = env.DOCGEN_LEARN_REPORT;
      if (!reportDir) return;
      const report: LearningReport = {
        pid: process.pid,
        mode: mode.kind,
        frameworks,
        jest: env.JEST_WORKER_ID !== undefined,
        exchanges: stats.exchanges,
        unmatched: stats.unmatched,
        skippedBodies: skipped(),
        documents: written,
        ...(verifier ? { findings: [...findings.values()].sort(byFinding), covered: verifier.coverage().covered.map((op) => `${op.method} ${op.path}`) } : {}),
      };
      try {
        // Worker threads share their process's pid.
        writeFileSync(join(reportDir, `${process.pid}${threadId === 0 ? '' : `-${threadId}`}.json`), JSON.stringify(report) + '\n');
      } catch (error) {
        options.warn(`cannot leave this process's learning report in ${reportDir}: ${(error as Error).message}`);
      }
    },
    attributes() {
      const current = capture ? capture.stats() : stats;
      const learned = learner ? learnedCounts(learner.state) : undefined;
      const bodies = current.skippedBodies;
      return {
        'docgen.learn.exchanges': current.exchanges,
        'docgen.learn.exchanges_unmatched': current.unmatched,
        // Requests not learned from, and why: the budget of time was spent; too many Hono fetch exchanges under way.
        'docgen.learn.exchanges_skipped': current.overBudget + current.dropped,
        'docgen.learn.exchanges_skipped.budget': current.overBudget,
        'docgen.learn.exchanges_skipped.pending': current.dropped,
        'docgen.learn.exchanges_dropped': current.dropped,
        'docgen.learn.bodies_skipped': bodies['too-large'] + bodies.stream + bodies.unparsable,
        'docgen.learn.bodies_skipped.too_large': bodies['too-large'],
        'docgen.learn.bodies_skipped.stream': bodies.stream,
        'docgen.learn.bodies_skipped.unparsable': bodies.unparsable,
        ...(learned ? { 'docgen.learn.operations_covered': learned.operations } : {}),
        ...(learner ? { 'docgen.learn.exchanges_failed': learner.failures } : {}),
        ...(verifier ? { 'docgen.learn.findings': findings.size } : {}),
        ...(clock ? { 'docgen.learn.capture_cpu_ms': Math.round(clock.ms * 1000) / 1000 } : {}),
      };
    },
    cost() {
      if (!clock) return undefined;
      const current = capture ? capture.stats() : stats;
      return { exchanges: current.exchanges, skipped: current.overBudget + current.dropped, captureMs: clock.ms, exitMs };
    },
  };
}

/** One warning per contradiction, at most a few per document, then how many more. */
function reportContradictions(contradictions: readonly Contradiction[], path: string, warn: (message: string) => void): void {
  const SHOWN = 10;
  for (const c of contradictions.slice(0, SHOWN)) {
    warn(`${c.method.toUpperCase()} ${c.path}: ${c.part}: the app declares ${c.declared}, traffic showed ${c.seen}; what the app declares is kept (${c.pointer})`);
  }
  if (contradictions.length > SHOWN) warn(`${count(contradictions.length - SHOWN, 'more contradiction')} between traffic and ${path}, not shown`);
}

function byFinding(a: VerifyFinding, b: VerifyFinding): number {
  const key = (f: VerifyFinding): string => `${f.path} ${f.method} ${describeFinding(f)}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
