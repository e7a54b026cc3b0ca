/**
 * The operations requests are matched against while the app runs. The route model is complete
 * only when the process ends (Koa's router stacks, Hono's route list and Express 5's routers are
 * read then), so the matcher is built from a snapshot of it (`RouteRegistry.snapshot`), walked as
 * the document will be: one walk per root app, each giving the paths of that app's document.
 *
 * It is built again only when the routes may have changed: a registration call into a framework
 * (src/instrumentation/wrap.ts counts them) or a new app. A rebuild is paid for by the request
 * that needs it, so over time rebuilds take at most a tenth of it, in bursts of up to 100 ms (an
 * app that registers routes on every request is not slowed down more than that); and a request
 * that reaches no operation rebuilds a matcher older than a second, for changes nothing counts
 * (`app.use()` of a Koa router's middleware made earlier).
 */
import { registrationCalls } from '../../instrumentation/wrap.js';
import type { RouteRegistry } from '../../model/registry.js';
import { collectOperations } from '../../openapi/operations.js';
import { RouteMatcher, type RouteOperation } from './matcher.js';

export interface RouteSource {
  /** Changes whenever the operations may have changed. */
  version(): string;
  operations(): RouteOperation[];
}

/** The operations of every root app recorded in `registry`, as their documents will have them. */
export function registryRoutes(registry: RouteRegistry): RouteSource {
  return {
    version: () => `${registrationCalls()}:${registry.containers.length}`,
    operations: () =>
      registry
        .snapshot()
        .roots()
        .flatMap((root) => collectOperations([root], '', false).operations.map(({ method, path, template }) => ({ method, path, template }))),
  };
}

/** Rebuilds may take this share of the time, over a while... */
const REBUILD_SHARE = 0.1;
/** ...with bursts of up to this many milliseconds of rebuilding (an app still registering, a test suite making apps). */
const REBUILD_BURST_MS = 100;
/** A request that reaches no operation rebuilds a matcher older than this. */
const UNMATCHED_REBUILD_MS = 1000;

export class LiveMatcher {
  readonly #source: RouteSource;
  readonly #now: () => number;
  #matcher: RouteMatcher | undefined;
  #version = '';
  #builtAt = 0;
  /** Milliseconds of rebuilding allowed now: a tenth of the time passed is added, each rebuild's time taken. */
  #budget = REBUILD_BURST_MS;
  #budgetAt: number;

  constructor(source: RouteSource, now: () => number = performance.now.bind(performance)) {
    this.#source = source;
    this.#now = now;
    this.#budgetAt = now();
  }

  /** The matcher for a request; built again first when the routes changed (within the time share). */
  current(): RouteMatcher {
    const version = this.#source.version();
    if (!this.#matcher || (version !== this.#version && this.#mayRebuild())) this.#build(version);
    return this.#matcher!;
  }

  /** After a request reached no operation: a matcher older than a second is built again (within the time share). */
  missed(): RouteMatcher | undefined {
    if (this.#now() - this.#builtAt < UNMATCHED_REBUILD_MS || !this.#mayRebuild()) return undefined;
    this.#build(this.#source.version());
    return this.#matcher;
  }

  #mayRebuild(): boolean {
    const now = this.#now();
    this.#budget = Math.min(REBUILD_BURST_MS, this.#budget + (now - this.#budgetAt) * REBUILD_SHARE);
    this.#budgetAt = now;
    return this.#budget > 0;
  }

  #build(version: string): void {
    const started = this.#now();
    this.#matcher = new RouteMatcher(this.#source.operations());
    this.#version = version;
    this.#builtAt = this.#now();
    this.#budget -= this.#builtAt - started;
  }
}
