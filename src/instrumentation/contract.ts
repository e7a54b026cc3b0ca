/**
 * One instrumentation per framework package, behind one contract (the shape of the
 * OpenTelemetry contrib instrumentations): which package files it wants, and a `patch` that
 * receives their exports once they are evaluated and reports registrations to the registry.
 */
import type { Framework, RouteRegistry } from '../model/registry.js';

export interface InstrumentationContext {
  readonly registry: RouteRegistry;
  /** The `version` field of the package's package.json. */
  readonly version: string;
  /** Absolute path of the package's root folder. */
  readonly packageRoot: string;
  warn(message: string): void;
}

export interface Instrumentation {
  readonly framework: Framework;
  /** The `name` field of the package's package.json (so npm aliases and pnpm layouts match). */
  readonly packageName: string;
  /** Files inside the package, relative to its root with `/`, whose exports `patch` receives. */
  readonly files: readonly string[];
  /** Must be idempotent: two copies of a package are patched separately, one copy only once. */
  patch(exports: unknown, file: string, context: InstrumentationContext): void;
}
