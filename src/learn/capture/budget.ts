/**
 * How much of the process's time learning may take while the app serves (issue 14: learning on
 * keeps at least 0.90 x the requests per second of the app without docgen).
 *
 * Reading a body and reducing it to shapes costs tens of microseconds, as much as a small
 * handler: under a saturating load, learning from every exchange would take a share of the CPU
 * the app needs. So learning has a budget, a token bucket of milliseconds: it may spend `share`
 * of the CPU time the process uses (5 % by default), and up to `burstMs` at once (1 s: a test
 * suite's requests one after the other, a process that just started). While the budget lasts,
 * every exchange is learned; when it is spent, the next requests are not followed at all (no
 * wrapper, no copy of a byte) and are counted as skipped for the budget, until the process's
 * work has filled it again.
 *
 * The traffic of a developer or a staging run never comes near it, nor a test suite of a few
 * thousand requests: the budget matters when the app is saturated, and then the exchanges learned
 * are a sample spread over the whole run. `DOCGEN_LEARN_BUDGET=1` learns from every exchange
 * whatever it costs.
 *
 * The bucket's own cost: a request not admitted costs one read of the wall clock; the process's
 * CPU time (a system call) is read at most every 5 ms while the budget is spent.
 */

export interface LearningBudget {
  /** Whether the next exchange may be followed; false when the budget is spent (counted by the caller). */
  admit(): boolean;
  /** Time (ms) learning took for one exchange. */
  spend(ms: number): void;
}

export const DEFAULT_BUDGET_SHARE = 0.05;
export const DEFAULT_BURST_MS = 1000;
/** While the budget is spent, the process's CPU time is read at most this often (a system call). */
export const LOOK_EVERY_MS = 5;

export interface BudgetClocks {
  /** Wall time, ms: what an exchange took (an upper bound of its CPU time), and how often to look at the CPU time. */
  readonly now: () => number;
  /** The process's CPU time so far, ms. */
  readonly cpu: () => number;
}

const PROCESS_CLOCKS: BudgetClocks = {
  now: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * A token bucket of milliseconds: filled at `share` of the CPU time the process uses (the app's
 * and learning's), `burstMs` at most. Filled from CPU time rather than wall time: a server that
 * waits for its clients half the time must not give learning a larger share of the CPU it does
 * use, which a load generator on the same machine would miss. An exchange is charged the wall
 * time it took, which is no less than its CPU time.
 */
export class TimeBudget implements LearningBudget {
  readonly #share: number;
  readonly #burstMs: number;
  readonly #clocks: BudgetClocks;
  #tokens: number;
  #lastCpu: number;
  #lastLook = Number.NEGATIVE_INFINITY;

  constructor(share = DEFAULT_BUDGET_SHARE, burstMs = DEFAULT_BURST_MS, clocks: BudgetClocks = PROCESS_CLOCKS) {
    if (!(share > 0 && share <= 1) || !(burstMs >= 0)) throw new Error(`docgen: a learning budget is a share in (0, 1] and a burst of 0 ms or more: ${share}, ${burstMs}`);
    this.#share = share;
    this.#burstMs = burstMs;
    this.#clocks = clocks;
    this.#tokens = burstMs;
    this.#lastCpu = clocks.cpu();
  }

  admit(): boolean {
    if (this.#tokens > 0) return true;
    // Spent: the CPU time used since the last filling fills it again, looked at now and then.
    const now = this.#clocks.now();
    if (now - this.#lastLook < LOOK_EVERY_MS) return false;
    this.#lastLook = now;
    const cpu = this.#clocks.cpu();
    this.#tokens = Math.min(this.#burstMs, this.#tokens + (cpu - this.#lastCpu) * this.#share);
    this.#lastCpu = cpu;
    return this.#tokens > 0;
  }

  spend(ms: number): void {
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
