/**
 * One instrumentation per framework package, behind one contract (the shape of the
 * OpenTelemetry contrib instrumentations): which package files it wants, and a `patch` that
 * receives their exports once they are evaluated and reports registrations to the registry.
 */
import type { RouteRegistry } from '../model/registry.js';
import type { HookSet } from './hook-set.js';
import type { ModuleTarget } from './targets.js';

export interface InstrumentationContext {
  readonly registry: RouteRegistry;
  /** The `version` field of the package's package.json. */
  readonly version: string;
  /** Absolute path of the package's root folder. */
  readonly packageRoot: string;
  /** The version range the package's package.json gives for one of its dependencies. */
  dependencyRange(name: string): string | undefined;
  /**
   * Every hook goes in through this set: once `patch` returns, docgen checks that each one is
   * in place, and if one is not, names it and takes them all out.
   */
  readonly hooks: HookSet;
  warn(message: string): void;
}

export interface Instrumentation {
  readonly target: ModuleTarget;
  /**
   * Receives the exports of one target file once it is evaluated: the `module.exports` of a
   * CommonJS file, or for an ES module an object whose properties read and assign the module's
   * exported bindings. Must be idempotent: two copies of a package are patched separately, one
   * copy only once. A value it returns replaces a CommonJS module's `module.exports`.
   */
  patch(exports: unknown, file: string, context: InstrumentationContext): unknown;
}
