/**
 * One docgen run inside one process: the route registry the adapters fill, the frameworks seen,
 * and the end of the run, when the document is built and written.
 */
import { createRequire } from 'node:module';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyInstrumentation, type PatchOutcome } from './instrumentation/apply.js';
import { FRAMEWORK_TARGETS, matchTarget, whatItDocuments } from './instrumentation/targets.js';
import type { Instrumentation } from './instrumentation/contract.js';
import { namedPackageOf, type PackageInfo } from './loading/package-info.js';
import type { ProcessEnd } from './lifecycle/process-end.js';
import type { Logger } from './log.js';
import { RouteRegistry, type Container } from './model/registry.js';
import { count } from './plural.js';
import { runtime } from './runtime/index.js';
import { buildDocument, type OpenApiDocument } from './openapi/document.js';
import type { Learning } from './lifecycle/learning.js';
import type { AppPackages } from './schemas/convert/index.js';
import { collectOperations, describe } from './openapi/operations.js';
import { readDeclared } from './openapi/declared.js';
import { resolveCallSite } from './model/call-site.js';
import type { HookApi } from './loading/node.js';
import { reasonOf, writeFileAtomic } from './output/write-file.js';
import { sourceDocsStats } from './jsdoc/index.js';
import { drainHooksThread, loadStats, recordModule } from './loading/load-stats.js';
import { importedPackages } from './loading/app-files.js';
import { sendTrace, traceDestination, type TraceOutcome } from './tracing/export.js';
import { formatLearningShare, formatSummary, summariseSteps } from './tracing/metrics.js';
import { sdkIdentity } from './tracing/sdk-identity.js';
import { endWithMeasures, sessionTrace, step, type RecordedSpan } from './tracing/recorder.js';

export interface SessionOptions {
  readonly cwd: string;
  /** Absolute path of the document to write. */
  readonly output: string;
  /** The app's entry file, for the document's title and version. */
  readonly entry: string | undefined;
  readonly logger: Logger;
  /** The `docgen.load` span, open from the preload's start, with its start measures. */
  readonly load: { readonly span: RecordedSpan; readonly heapBefore: number };
  readonly env: NodeJS.ProcessEnv;
  /** The instrumentations, one per target package (the composition root, register.ts, lists them). */
  readonly instrumentations: readonly Instrumentation[];
}

/** Route events on a discover span beyond this many are counted, not recorded. */
const MAX_ROUTE_EVENTS = 1000;

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
  /** Folders of package copies docgen left alone (an unsupported version, a hook that did not go in). */
  readonly #refused = new Set<string>();
  readonly #options: SessionOptions;
  readonly #written: WrittenDocument[] = [];
  /** Which module hook API the preload installed; 'none' when the app seemed not to need one. */
  hooks: HookApi | 'none' | undefined;
  /** Learning from traffic or verifying it (DOCGEN_LEARN, DOCGEN_VERIFY), when on. */
  learning: Learning | undefined;

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
    recordModule();
    const match = matchTarget(filename, exports);
    const instrumentation = match && this.#options.instrumentations.find((i) => i.target === match.target);
    if (!match || !instrumentation) return undefined;
    const { target, pkg } = match;
    let outcome: PatchOutcome;
    try {
      outcome = this.#instrument(instrumentation, match.file, pkg, exports);
    } catch (error) {
      this.logger.error(`could not instrument ${target.packageName} ${pkg.version} (its ${whatItDocuments(target)} are not documented; the app is not affected): ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (outcome.kind !== 'patched') {
      // Told once per copy of the package, which may have a CommonJS and an ES module build.
      if (!this.#refused.has(pkg.root)) this.logger.warn(outcome.message);
      this.#refused.add(pkg.root);
      return undefined;
    }
    // A validation library is no framework: it makes no apps and loading it early misses nothing it documents alone.
    if (target.validator) return outcome.replacement;
    this.detected.push({ framework: target.framework, packageName: target.packageName, version: pkg.version, root: pkg.root, late });
    if (late) {
      this.logger.warn(
        `${target.packageName} ${pkg.version} was loaded before docgen/register: apps created before this point are not documented. ` +
          `Start the app with: node --import docgen/register <entry>`,
      );
    }
    return outcome.replacement;
  }

  #instrument(instrumentation: Instrumentation, file: string, pkg: PackageInfo, exports: unknown): PatchOutcome {
    const { target } = instrumentation;
    // The package is named: @koa/router's version is not Koa's.
    const attributes = { 'docgen.framework': target.framework, 'docgen.package.name': target.packageName, 'docgen.package.version': pkg.version, 'docgen.package.supported_versions': target.supportedVersions };
    return step('docgen.detect', attributes, (span) => {
      const outcome = applyInstrumentation(instrumentation, file, pkg, exports, { registry: this.registry, warn: (message) => this.logger.warn(message) });
      span.setAttribute('docgen.package.instrumented', outcome.kind === 'patched');
      return outcome;
    });
  }

  /**
   * Writes the documents, then the trace. Synchronous: it may run inside the `exit` event.
   * The last log line says where the documents and the trace are.
   */
  finish(end: ProcessEnd): void {
    drainHooksThread();
    // With NODE_OPTIONS every node process gets the preload: npm, build tools, test workers. One
    // that loaded no framework is no app: nothing is written and nothing printed, unless its
    // source imports a framework docgen could not see (then it says why).
    const { learning } = this;
    if (this.detected.length === 0) {
      this.#explainUnseenImports();
      learning?.end(0, []);
      if (this.#options.env.DOCGEN_RESULT) this.#writeResult(this.#options.env.DOCGEN_RESULT, end, undefined);
      return;
    }
    const lines = this.#writeDocuments(end);
    learning?.end(this.detected.length, this.#written.map((d) => d.path));
    // Verifying writes nothing of its own, the trace included: `docgen verify` reports.
    const trace = learning?.mode.kind === 'verify' ? undefined : this.#finishTrace(end, lines.length);
    if (this.#options.env.DOCGEN_RESULT) this.#writeResult(this.#options.env.DOCGEN_RESULT, end, trace);
    const last = lines.pop();
    for (const line of lines) this.logger.info(line);
    if (last !== undefined) this.logger.info(trace ? `${last}; ${trace}` : last);
    else if (trace) this.logger.info(trace);
  }

  /** One document per root app; returns a summary line for each document written. */
  #writeDocuments(end: ProcessEnd): string[] {
    const { logger, output, cwd } = this.#options;
    // With learning, the traffic is saved before anything is built (src/lifecycle/learning.ts):
    // a test runner's SIGKILL, 500 ms after its SIGTERM, may come during the rest.
    const { learning } = this;
    if (learning && learning.mode.kind === 'learn') step('docgen.learn.save', {}, () => learning.saveStore(output));
    this.registry.complete();
    const roots = this.#sameAppOnce(this.registry.roots());
    if (roots.length === 0) {
      const seen = [...new Set(this.detected.map((d) => `${d.packageName} ${d.version}`))];
      // `docgen generate` (DOCGEN_RESULT) reports this itself, without the child's private path.
      if (!this.#options.env.DOCGEN_RESULT) {
        logger.warn(`${seen.join(', ')} ${seen.length === 1 ? 'was' : 'were'} loaded but no app was created; no document written to ${displayOutput(output, cwd)}`);
      }
      return [];
    }
    // A tool's script (a test runner's bin or worker, npm's) is not the app: then the project's package.json names it.
    const { entry } = this.#options;
    const pkg = namedPackageOf(entry && !/[\\/]node_modules[\\/]/.test(entry) ? entry : resolve(cwd, 'package.json'));
    const lines: string[] = [];
    // Built first, written after: with learning, the documents are written under the store's lock.
    const pending = new Map<string, { document: OpenApiDocument; written: WrittenDocument; line: string }>();
    // JSDoc and handler types need the registration's file and line.
    const sourceDocs = this.#options.env.DOCGEN_SOURCE_DOCS !== '0' && this.#options.env.DOCGEN_SOURCE_LOCATIONS !== '0';
    roots.forEach((root, index) => {
      const path = outputFor(output, index);
      const app = { framework: root.framework, index: index + 1, of: roots.length, created: describe(resolveCallSite(root.site, cwd)) || undefined };
      const walked = step('docgen.discover', { 'docgen.framework': root.framework, 'docgen.app.index': index + 1, ...(app.created ? { 'docgen.app.created': app.created } : {}) }, (span) => {
        const result = collectOperations([root], cwd, this.#options.env.DOCGEN_SOURCE_LOCATIONS !== '0');
        span.setAttribute('docgen.routes.count', result.operations.length);
        for (const op of result.operations.slice(0, MAX_ROUTE_EVENTS)) {
          span.addEvent('docgen.route', {
            'http.request.method': op.method.toUpperCase(),
            'http.route': op.path,
            ...(op.location ? { 'code.file.path': op.location.file, 'code.line.number': op.location.line } : {}),
          });
        }
        if (result.operations.length > MAX_ROUTE_EVENTS) span.setAttribute('docgen.route_events.dropped', result.operations.length - MAX_ROUTE_EVENTS);
        return result;
      });
      for (const warning of walked.warnings) logger.warn(warning);
      for (const item of walked.unrepresentable) {
        logger.warn(`${item.method} ${item.path}${item.source ? ` (${item.source})` : ''} is not in the document's paths: ${item.reason}; see x-docgen-unrepresentable`);
      }
      for (const mount of walked.foreign) {
        logger.info(`${mount.path}${mount.source ? ` (${mount.source})` : ''} is served by ${mount.handler}, another framework's handler: its routes are not known; see x-docgen-foreign-mounts`);
      }
      const built = step('docgen.spec.build', { 'docgen.framework': root.framework }, (span) => {
        const schemas = { bindings: this.registry.schemas, packages: this.#appPackages };
        const files = sourceDocs ? loadedAppFiles(this.#options.entry) : [];
        const declared = readDeclared(root.declared);
        for (const problem of declared.problems) logger.warn(`the ${root.framework} app${app.created ? ` created at ${app.created}` : ''}: its library's own OpenAPI document could not be built (${problem}); documented without it`);
        const result = buildDocument(walked, { title: pkg?.name ?? 'API', version: pkg?.version ?? '0.0.0', incomplete: end.crashed, app, schemas, declared, ...(sourceDocs ? { sourceDocs: { cwd, files } } : {}) });
        span.setAttribute('docgen.routes.count', result.operationCount);
        return result;
      });
      for (const warning of built.sourceWarnings) logger.warn(warning);
      for (const error of built.schemaErrors) {
        logger.warn(`${error.method} ${error.path}${error.source ? ` (${error.source})` : ''}, ${error.part} (${error.library} via ${error.via}): ${error.reason}; see x-docgen-schema-errors`);
      }
      if (built.operationCount === 0) {
        logger.warn(`the ${root.framework} app${app.created ? ` created at ${app.created}` : ''} registered no route: ${displayOutput(path, cwd)} has no operations`);
      }
      const incomplete = end.crashed ? ' (incomplete: the app failed before it finished registering)' : '';
      const which = roots.length === 1 ? '1 app' : `${root.framework} app ${index + 1} of ${roots.length}${app.created ? `, created at ${app.created}` : ''}`;
      pending.set(path, {
        document: built.document,
        written: { path, framework: root.framework, operations: built.operationCount, ...(app.created ? { created: app.created } : {}) },
        line: `wrote ${displayOutput(path, cwd)}: ${count(built.operationCount, 'operation')} from ${which}${incomplete}`,
      });
    });
    const write = (path: string, document: OpenApiDocument): void => {
      const { written, line } = pending.get(path)!;
      try {
        step('docgen.spec.write', { 'docgen.output.path': path }, (span) => {
          span.setAttribute('docgen.output.bytes', writeFileAtomic(path, JSON.stringify(document, null, 2) + '\n'));
        });
      } catch (error) {
        logger.error(`cannot write the document to ${path}: ${reasonOf(error)}`);
        return;
      }
      this.#written.push(written);
      lines.push(line);
    };
    // Verifying checks traffic against a given document: it writes none.
    if (learning?.mode.kind === 'verify') return lines;
    const documents = [...pending].map(([path, { document }]) => ({ path, document }));
    if (learning) step('docgen.learn', {}, (span) => {
      learning.writeDocuments(output, documents, write);
      span.setAttributes(learning.attributes());
    });
    else for (const { path, document } of documents) write(path, document);
    return lines;
  }

  /**
   * The same app made again: created at the same place, with the same routes, as one before it.
   * Jest gives every test file a module registry of its own, so the app's module runs (and makes
   * the app) once per test file in a process; an app factory called in each test does the same.
   * One document describes it, not one per test file.
   */
  #sameAppOnce(roots: Container[]): Container[] {
    if (roots.length < 2) return roots;
    const { cwd } = this.#options;
    const schemas = { bindings: this.registry.schemas, packages: this.#appPackages };
    const seen = new Set<string>();
    return roots.filter((root) => {
      const created = describe(resolveCallSite(root.site, cwd));
      if (!created) return true;
      const walked = collectOperations([root], cwd, true);
      const { document } = buildDocument(walked, { title: '', version: '', incomplete: false, app: { framework: root.framework, index: 1, of: 1, created }, schemas });
      const key = JSON.stringify(document);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /**
   * Without module hooks an ES module build of Hono or @koa/router loads unseen. When the app's
   * own files import one, say so (and how to get hooks); otherwise the process was no app.
   */
  #explainUnseenImports(): void {
    const { entry, cwd, logger } = this.#options;
    if (this.hooks !== 'none' || !entry || entry.split(sep).includes('node_modules')) return;
    const imported = importedPackages(entry);
    const unseen = [...ESM_FRAMEWORK_PACKAGES].filter((name) => imported.has(name));
    if (unseen.length === 0) return;
    logger.warn(
      `${displayOutput(entry, cwd)} imports ${unseen.join(' and ')}, but module hooks were not installed (package.json declares no hono, @koa/router or koa-router) ` +
        `and only they see an ES module build: no document written; DOCGEN_HOOKS=always installs them`,
    );
  }

  /**
   * Converters some schema libraries keep in a package of their own (valibot's) are loaded
   * from the app, never from docgen's dependencies, and only when a schema needs one.
   */
  readonly #appPackages: AppPackages = {
    require: (id) => {
      const { entry, cwd } = this.#options;
      let lastError: unknown;
      for (const from of [entry, join(cwd, 'package.json')]) {
        if (!from) continue;
        try {
          return createRequire(from)(id);
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    },
  };

  /** For `docgen generate`: what the run produced, and how the app ended, as JSON. */
  #writeResult(path: string, end: ProcessEnd, trace: string | undefined): void {
    const result: RunResult = {
      documents: this.#written,
      frameworks: [...new Set(this.detected.map((d) => `${d.packageName}@${d.version}`))],
      reason: end.reason,
      crashed: end.crashed,
      ...(end.crashed ? { error: errorDescription(end.error) } : {}),
      ...(end.exitCode === undefined ? {} : { exitCode: end.exitCode }),
      traceId: sessionTrace().traceId,
      ...(trace ? { trace } : {}),
    };
    try {
      writeFileAtomic(path, JSON.stringify(result, null, 2) + '\n');
    } catch (error) {
      this.logger.error(`cannot write the run's result to ${path}: ${reasonOf(error)}`);
    }
  }

  /** Closes the load and session spans and sends the trace; returns where it went, for the log. */
  #finishTrace(end: ProcessEnd, documents: number): string | undefined {
    const { logger, cwd, env } = this.#options;
    const trace = sessionTrace();
    drainHooksThread();
    const { span: load, heapBefore } = this.#options.load;
    load.setAttributes({
      'docgen.load.modules': loadStats.modules,
      'docgen.load.transpiled': loadStats.transpiled,
      'docgen.load.cache_hits': loadStats.cacheHits,
      'docgen.load.cache_misses': loadStats.transpiled,
      'docgen.load.transpile_ms': Math.round(loadStats.transpileMs * 1000) / 1000,
      'docgen.frameworks': [...new Set(this.detected.map((d) => `${d.packageName}@${d.version}`))],
      ...sourceDocsAttributes(),
    });
    endWithMeasures(load, trace.startedMs, heapBefore, Math.max(trace.startedMs, loadStats.lastEventMs));
    trace.root.setAttributes({ 'docgen.apps.count': this.registry.roots().length, 'docgen.documents.count': documents, 'docgen.end': end.reason });
    if (end.crashed) trace.root.setStatus({ code: 2, message: 'the app failed with an uncaught error' });
    endWithMeasures(trace.root, trace.startedMs, heapBefore);

    const spans = trace.finished();
    if (env.DOCGEN_PERFORMANCE_METRICS === '1') {
      const summaries = summariseSteps(spans);
      for (const summary of summaries) logger.info(`performance ${formatSummary(summary)}`);
      const cost = this.learning?.cost();
      if (cost) {
        const { user, system } = process.cpuUsage();
        logger.info(`performance ${formatLearningShare({ ...cost, processCpuMs: (user + system) / 1000 })}`);
      }
    }
    // The trace belongs to an app's documents (one app, one document, one trace named after
    // it): a run that found no app sends none and leaves another process's trace file alone. A
    // run whose document could not be written still sends it: it records why.
    if (this.registry.roots().length === 0) return undefined;
    let outcome: TraceOutcome;
    try {
      outcome = sendTrace(traceDestination(env, this.#options.output), { spans, resource: resourceAttributes(env), scope: { name: 'docgen', version: DOCGEN_VERSION } });
    } catch (error) {
      logger.warn(`the trace (${spans.length} spans) was not written: ${reasonOf(error)}`);
      return undefined;
    }
    switch (outcome.kind) {
      case 'none':
        return undefined;
      case 'file':
        return `trace: ${displayOutput(outcome.path, cwd)}`;
      case 'exported':
        return `trace ${trace.traceId} sent to ${outcome.endpoint}`;
      case 'fallback':
        logger.warn(
          `the trace (${spans.length} spans) was not exported to ${outcome.endpoint}: ${outcome.reason}; ` +
            (outcome.path ? `written to ${displayOutput(outcome.path, cwd)} instead` : `and could not be written to a file either (${outcome.writeError}): it is lost`),
        );
        return outcome.path ? `trace: ${displayOutput(outcome.path, cwd)}` : undefined;
    }
  }
}

interface WrittenDocument {
  readonly path: string;
  readonly framework: string;
  readonly operations: number;
  readonly created?: string;
}

/** What `DOCGEN_RESULT` receives; read by `docgen generate`. */
export interface RunResult {
  readonly documents: readonly WrittenDocument[];
  readonly frameworks: readonly string[];
  readonly reason: ProcessEnd['reason'];
  readonly crashed: boolean;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string };
  readonly exitCode?: number;
  readonly traceId: string;
  /** Where the trace went, as the summary line says it. */
  readonly trace?: string;
}

function errorDescription(error: unknown): NonNullable<RunResult['error']> {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'thrown value', message: String(error) };
}

/**
 * The trace's resource: `service.name` from OTEL_SERVICE_NAME (else `docgen`), plus
 * OTEL_RESOURCE_ATTRIBUTES (`key=value,key=value`) and the process.
 */
function resourceAttributes(env: NodeJS.ProcessEnv): Record<string, string | number> {
  const fromEnv = Object.fromEntries(
    (env.OTEL_RESOURCE_ATTRIBUTES ?? '')
      .split(',')
      .map((pair) => pair.split('=').map((part) => decodeURIComponent(part.trim())))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== ''),
  );
  return {
    ...fromEnv,
    'service.name': env.OTEL_SERVICE_NAME || fromEnv['service.name'] || 'docgen',
    ...sdkIdentity(DOCGEN_VERSION),
    'process.pid': process.pid,
    'process.runtime.name': runtime.name,
    'process.runtime.version': runtime.version,
  };
}

/** The app's source files read for JSDoc and types, on the `docgen.load` span. */
function sourceDocsAttributes(): Record<string, number> {
  const stats = sourceDocsStats();
  return {
    'docgen.source_docs.files_parsed': stats.files,
    'docgen.source_docs.files_skipped': stats.skipped,
    'docgen.source_docs.cache_hits': stats.hits,
    'docgen.source_docs.cache_misses': stats.misses,
    'docgen.source_docs.failures': stats.failures,
    'docgen.source_docs.parse_ms': Math.round(stats.parseMs * 1000) / 1000,
    'docgen.source_docs.typescript_load_ms': Math.round(stats.typescriptLoadMs * 1000) / 1000,
  };
}

/**
 * The app's own files this process loaded, where comment blocks may stand: the entry and every
 * CommonJS module outside node_modules (ES modules are read when they register a route or a
 * swagger-jsdoc call names them; see README, comment blocks).
 */
function loadedAppFiles(entry: string | undefined): string[] {
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => isAbsolute(file) && !file.split(sep).includes('node_modules'));
  return entry ? [entry, ...loaded] : loaded;
}

/** Frameworks whose ES module build only module hooks can see. */
const ESM_FRAMEWORK_PACKAGES = new Set(FRAMEWORK_TARGETS.filter((t) => t.esm).map((t) => t.packageName));

/** docgen's own version, from its package.json (the trace's instrumentation scope). */
const DOCGEN_VERSION = namedPackageOf(fileURLToPath(import.meta.url))?.version ?? '0.0.0';

/** `openapi.json` for the first app, `openapi-2.json` for the second, ... */
function outputFor(output: string, index: number): string {
  if (index === 0) return output;
  const ext = extname(output);
  return `${ext ? output.slice(0, -ext.length) : output}-${index + 1}${ext}`;
}

function displayOutput(output: string, cwd: string): string {
  return output.startsWith(cwd + '/') ? output.slice(cwd.length + 1) : output;
}
