/**
 * How much of the process's time learning may take while the app serves (issue 14: learning on
 * keeps at least 0.90 x the requests per second of the app without docgen).
 *
 * Reading a body and reducing it to shapes costs a few tens of microseconds, as much as a small
 * handler: under a saturating load, learning from every exchange would take a share of the CPU
 * the app needs. So learning has a budget of time, a token bucket: it may spend `share` of the
 * wall time that passes (5 % by default), and up to `burstMs` at once (a test suite's first
 * requests, a process that just started). While the budget lasts, every exchange is learned; when
 * it is spent, the next requests are not followed at all (no wrapper, no copy of a byte) and are
 * counted as skipped for the budget, until time has refilled it.
 *
 * Traffic of a test suite, a developer or a staging run never comes near it: the budget only
 * matters when the app is saturated, and then the exchanges learned are a sample spread over the
 * whole run. `DOCGEN_LEARN_BUDGET=1` learns from every exchange whatever it costs.
 */

export interface LearningBudget {
  /** Whether the next exchange may be followed; false when the budget is spent (counted by the caller). */
  admit(): boolean;
  /** Time (ms) learning took for one exchange. */
  spend(ms: number): void;
}

export const DEFAULT_BUDGET_SHARE = 0.05;
export const DEFAULT_BURST_MS = 1000;

/** A token bucket of milliseconds: filled at `share` of wall time, `burstMs` at most. */
export class TimeBudget implements LearningBudget {
  readonly #share: number;
  readonly #burstMs: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(share = DEFAULT_BUDGET_SHARE, burstMs = DEFAULT_BURST_MS, now: () => number = () => performance.now()) {
    if (!(share > 0 && share <= 1) || !(burstMs >= 0)) throw new Error(`docgen: a learning budget is a share in (0, 1] and a burst of 0 ms or more: ${share}, ${burstMs}`);
    this.#share = share;
    this.#burstMs = burstMs;
    this.#now = now;
    this.#tokens = burstMs;
    this.#last = now();
  }

  admit(): boolean {
    if (this.#tokens > 0) return true;
    const now = this.#now();
    this.#tokens = Math.min(this.#burstMs, this.#tokens + (now - this.#last) * this.#share);
    this.#last = now;
    return this.#tokens > 0;
  }

  spend(ms: number): void {
    if (this.#tokens > 0) {
      // Refilled lazily: the time since the last look counts before this spending.
      const now = this.#now();
      this.#tokens = Math.min(this.#burstMs, this.#tokens + (now - this.#last) * this.#share);
      this.#last = now;
    }
    this.#tokens -= ms;
  }
}

/**
 * `DOCGEN_LEARN_BUDGET`: the share of time learning may take (0.05 when unset); `1`, or anything
 * of 1 or more, learns every exchange. Undefined for no budget; an error message for a value
 * that is no share.
 */
export function budgetShare(value: string | undefined): { readonly share: number | undefined } | { readonly error: string } {
  if (value === undefined || value.trim() === '') return { share: DEFAULT_BUDGET_SHARE };
  const share = Number(value);
  if (!Number.isFinite(share) || share <= 0) return { error: `DOCGEN_LEARN_BUDGET must be a share of time above 0 (0.05 is 5 %), or 1 to learn every exchange; got ${JSON.stringify(value)}` };
  return { share: share >= 1 ? undefined : share };
}
