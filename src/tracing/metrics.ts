/**
 * `DOCGEN_PERFORMANCE_METRICS=1`: per step, how many times it ran, its total, average, minimum
 * and maximum duration, and memory, read from the recorded spans.
 */
import type { SpanRecord } from './recorder.js';

export interface StepSummary {
  readonly step: string;
  readonly count: number;
  readonly totalMs: number;
  readonly averageMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly heapDeltaBytes: number;
  readonly maxRssBytes: number;
}

export function summariseSteps(spans: readonly SpanRecord[]): StepSummary[] {
  const byName = new Map<string, SpanRecord[]>();
  for (const span of spans) byName.set(span.name, [...(byName.get(span.name) ?? []), span]);
  return [...byName].map(([step, records]) => {
    const durations = records.map(durationMs);
    const total = durations.reduce((a, b) => a + b, 0);
    return {
      step,
      count: records.length,
      totalMs: round(total),
      averageMs: round(total / records.length),
      minMs: round(Math.min(...durations)),
      maxMs: round(Math.max(...durations)),
      heapDeltaBytes: records.reduce((sum, r) => sum + numberAttribute(r, 'docgen.memory.heap_delta_bytes'), 0),
      maxRssBytes: Math.max(...records.map((r) => numberAttribute(r, 'docgen.memory.rss_bytes'))),
    };
  });
}

export function formatSummary(summary: StepSummary): string {
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${summary.step}: ${summary.count}x, total ${summary.totalMs} ms, avg ${summary.averageMs} ms, min ${summary.minMs} ms, max ${summary.maxMs} ms, heap ${summary.heapDeltaBytes >= 0 ? '+' : ''}${mib(summary.heapDeltaBytes)}, rss ${mib(summary.maxRssBytes)}`;
}

function durationMs(span: SpanRecord): number {
  const measured = span.attributes['docgen.duration_ms'];
  if (typeof measured === 'number') return measured;
  return Number(BigInt(span.endTimeUnixNano ?? span.startTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6;
}

function numberAttribute(span: SpanRecord, key: string): number {
  const value = span.attributes[key];
  return typeof value === 'number' ? value : 0;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** What learning from traffic cost, for its DOCGEN_PERFORMANCE_METRICS line. */
export interface LearningShare {
  /** Exchanges learned from (or verified). */
  readonly exchanges: number;
  /** Requests not followed (learning's budget spent, too many under way). */
  readonly skipped: number;
  /** CPU time the capture spent on the request path. */
  readonly captureMs: number;
  /** CPU time of the `docgen.learn` step at exit (merging into the store, writing the documents); 0 for verify. */
  readonly exitMs: number;
  /** The process's CPU time so far (user and system, all threads). */
  readonly processCpuMs: number;
}

/**
 * `learning: 2000 exchanges learned, 0 skipped; CPU on the request path 120.5 ms, at exit 14.2 ms;
 * share of the process's CPU time 0.048 (request path 0.043, exit 0.005)`. CPU time against CPU
 * time: on a busy machine wall time counts what other processes ran.
 */
export function formatLearningShare(cost: LearningShare): string {
  const share = (ms: number): string => (cost.processCpuMs > 0 ? (ms / cost.processCpuMs).toFixed(3) : 'n/a');
  return (
    `learning: ${cost.exchanges} exchanges learned, ${cost.skipped} skipped; CPU on the request path ${round(cost.captureMs)} ms, at exit ${round(cost.exitMs)} ms; ` +
    `share of the process's CPU time ${share(cost.captureMs + cost.exitMs)} (request path ${share(cost.captureMs)}, exit ${share(cost.exitMs)})`
  );
}
