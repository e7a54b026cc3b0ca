/**
 * One docgen run inside one process: the route registry the adapters fill, the frameworks seen,
 * and the end of the run, when the document is built and written.
 */
import { extname, resolve } from 'node:path';
import { instrumentationFor } from './instrumentation/frameworks.js';
import { matchTarget, TARGETS } from './instrumentation/targets.js';
import type { Instrumentation, InstrumentationContext } from './instrumentation/contract.js';
import { namedPackageOf, type PackageInfo } from './loading/package-info.js';
import type { ProcessEnd } from './lifecycle/process-end.js';
import type { Logger } from './log.js';
import { RouteRegistry } from './model/registry.js';
import { buildDocument } from './openapi/document.js';
import { collectOperations, describe } from './openapi/operations.js';
import { resolveCallSite } from './model/call-site.js';
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
  readonly packageName: string;
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
    this.detected.push({ framework: target.framework, packageName: target.packageName, version: pkg.version, root: pkg.root, late });
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
        dependencyRange: (name) => pkg.dependencies[name],
        warn: (message) => this.logger.warn(message),
      };
      return instrumentation.patch(exports, file, context);
    });
  }

  /** Builds and writes the document. Synchronous: it runs inside the process's `exit` event. */
  finish(end: ProcessEnd): void {
    const { logger, output, cwd } = this.#options;
    this.registry.complete();
    const roots = this.registry.roots();
    if (roots.length === 0) {
      const names = [...new Set(TARGETS.map((t) => t.packageName))].join(', ');
      const seen = this.detected.length
        ? `${[...new Set(this.detected.map((d) => `${d.packageName} ${d.version}`))].join(', ')} ${this.detected.length === 1 ? 'was' : 'were'} loaded but no app was created`
        : `no ${names} module was loaded after docgen/register`;
      logger.warn(`${seen}; no document written to ${output}`);
      return;
    }
    const pkg = namedPackageOf(this.#options.entry ?? resolve(cwd, 'package.json'));
    roots.forEach((root, index) => {
      const path = roots.length === 1 ? output : outputFor(output, index);
      const app = { framework: root.framework, index: index + 1, of: roots.length, created: describe(resolveCallSite(root.site, cwd)) || undefined };
      const walked = step('docgen.discover', { 'docgen.framework': root.framework, 'docgen.app.index': index + 1 }, (span) => {
        const result = collectOperations([root], cwd);
        span.setAttribute('docgen.routes.count', result.operations.length);
        return result;
      });
      for (const warning of walked.warnings) logger.warn(warning);
      for (const item of walked.unrepresentable) {
        logger.warn(`${item.method} ${item.path}${item.source ? ` (${item.source})` : ''} is not in the document's paths: ${item.reason}; see x-docgen-unrepresentable`);
      }
      for (const mount of walked.foreign) {
        logger.info(`${mount.path}${mount.source ? ` (${mount.source})` : ''} is served by ${mount.handler}, another framework's handler: its routes are not known; see x-docgen-foreign-mounts`);
      }
      const built = step('docgen.spec.build', { 'docgen.framework': root.framework }, () =>
        buildDocument(walked, { title: pkg?.name ?? 'API', version: pkg?.version ?? '0.0.0', incomplete: end.crashed, app }),
      );
      const json = JSON.stringify(built.document, null, 2) + '\n';
      try {
        step('docgen.spec.write', { 'docgen.output.path': path }, (span) => {
          span.setAttribute('docgen.output.bytes', writeFileAtomic(path, json));
        });
      } catch (error) {
        logger.error(`cannot write the document to ${path}: ${reasonOf(error)}`);
        return;
      }
      const incomplete = end.crashed ? ' (incomplete: the app failed before it finished registering)' : '';
      const which = roots.length === 1 ? '1 app' : `${root.framework} app ${index + 1} of ${roots.length}${app.created ? `, created at ${app.created}` : ''}`;
      logger.info(`wrote ${displayOutput(path, cwd)}: ${built.operationCount} operations from ${which}${incomplete}`);
    });
  }
}

/** `openapi.json` for the first app, `openapi-2.json` for the second, ... */
export function outputFor(output: string, index: number): string {
  if (index === 0) return output;
  const ext = extname(output);
  return `${ext ? output.slice(0, -ext.length) : output}-${index + 1}${ext}`;
}

function displayOutput(output: string, cwd: string): string {
  return output.startsWith(cwd + '/') ? output.slice(cwd.length + 1) : output;
}
