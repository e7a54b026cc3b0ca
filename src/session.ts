/**
 * One docgen run inside one process: the route registry the adapters fill, the frameworks seen,
 * and the end of the run, when the document is built and written.
 */
import { resolve } from 'node:path';
import { instrumentationFor } from './instrumentation/frameworks.js';
import { matchTarget, TARGETS } from './instrumentation/targets.js';
import type { Instrumentation, InstrumentationContext } from './instrumentation/contract.js';
import { namedPackageOf, type PackageInfo } from './loading/package-info.js';
import type { ProcessEnd } from './lifecycle/process-end.js';
import type { Logger } from './log.js';
import { RouteRegistry } from './model/registry.js';
import { buildDocument } from './openapi/document.js';
import { collectOperations } from './openapi/operations.js';
import { reasonOf, writeFileAtomic } from './output/write-file.js';
import { step } from './tracing/step.js';

export interface SessionOptions {
  readonly cwd: string;
  /** Absolute path of the document to write. */
  readonly output: string;
  /** The app's entry file, for the document's title and version. */
  readonly entry: string | undefined;
  readonly logger: Logger;
}

export interface DetectedFramework {
  readonly framework: string;
  readonly version: string;
  readonly root: string;
  /** Loaded before docgen: apps made before that cannot be seen. */
  readonly late: boolean;
}

export class Session {
  readonly registry = new RouteRegistry();
  readonly detected: DetectedFramework[] = [];
  readonly #options: SessionOptions;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  get logger(): Logger {
    return this.#options.logger;
  }

  /**
   * Called with each evaluated module; patches the ones that are a framework's. Returns what
   * replaces a CommonJS module's exports, if the adapter replaces them.
   */
  moduleEvaluated(filename: string, exports: unknown, late = false): unknown {
    const match = matchTarget(filename);
    const instrumentation = match && instrumentationFor(match.target);
    if (!match || !instrumentation) return undefined;
    const { target, pkg } = match;
    let replacement: unknown;
    try {
      replacement = this.#instrument(instrumentation, match.file, pkg, exports);
    } catch (error) {
      this.logger.error(`could not instrument ${target.packageName} ${pkg.version} (its routes are not documented; the app is not affected): ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.detected.push({ framework: target.framework, version: pkg.version, root: pkg.root, late });
    if (late) {
      this.logger.warn(
        `${target.packageName} ${pkg.version} was loaded before docgen/register: apps created before this point are not documented. ` +
          `Start the app with: node --import docgen/register <entry>`,
      );
    }
    return replacement;
  }

  #instrument(instrumentation: Instrumentation, file: string, pkg: PackageInfo, exports: unknown): unknown {
    const { target } = instrumentation;
    return step('docgen.detect', { 'docgen.framework': target.framework, 'docgen.framework.version': pkg.version }, () => {
      const context: InstrumentationContext = {
        registry: this.registry,
        version: pkg.version,
        packageRoot: pkg.root,
        warn: (message) => this.logger.warn(message),
      };
      return instrumentation.patch(exports, file, context);
    });
  }

  /** Builds and writes the document. Synchronous: it runs inside the process's `exit` event. */
  finish(end: ProcessEnd): void {
    const { logger, output, cwd } = this.#options;
    const roots = this.registry.roots();
    if (roots.length === 0) {
      const names = [...new Set(TARGETS.map((t) => t.packageName))].join(', ');
      const seen = this.detected.length
        ? `${this.detected.map((d) => `${d.framework} ${d.version}`).join(', ')} was loaded but no app was created`
        : `no ${names} module was loaded after docgen/register`;
      logger.warn(`${seen}; no document written to ${output}`);
      return;
    }
    const walked = step('docgen.discover', { 'docgen.apps.count': roots.length }, (span) => {
      const result = collectOperations(roots, cwd);
      span.setAttribute('docgen.routes.count', result.operations.length);
      return result;
    });
    for (const warning of walked.warnings) logger.warn(warning);
    for (const item of walked.unrepresentable) {
      logger.warn(`${item.method} ${item.path}${item.source ? ` (${item.source})` : ''} is not in the document's paths: ${item.reason}; see x-docgen-unrepresentable`);
    }
    const pkg = namedPackageOf(this.#options.entry ?? resolve(cwd, 'package.json'));
    const built = step('docgen.spec.build', {}, () =>
      buildDocument(walked, { title: pkg?.name ?? 'API', version: pkg?.version ?? '0.0.0', incomplete: end.crashed }),
    );
    const json = JSON.stringify(built.document, null, 2) + '\n';
    try {
      step('docgen.spec.write', { 'docgen.output.path': output }, (span) => {
        span.setAttribute('docgen.output.bytes', writeFileAtomic(output, json));
      });
    } catch (error) {
      logger.error(`cannot write the document to ${output}: ${reasonOf(error)}`);
      return;
    }
    const incomplete = end.crashed ? ' (incomplete: the app failed before it finished registering)' : '';
    logger.info(`wrote ${displayOutput(output, cwd)}: ${built.operationCount} operations from ${roots.length} app${roots.length === 1 ? '' : 's'}${incomplete}`);
  }
}

function displayOutput(output: string, cwd: string): string {
  return output.startsWith(cwd + '/') ? output.slice(cwd.length + 1) : output;
}
