/**
 * `node --import docgen/register app.ts`: the preload, and docgen's composition root. It lists
 * the instrumentations (the adapters and the validator captures; src/instrumentation knows
 * neither), starts the session's trace, installs the module hooks (TypeScript and framework
 * detection), and arranges for the documents and the trace to be written when the process ends.
 * Nothing here touches the app's request path.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_EVALUATED_KEY } from './loading/esm-exports.js';
import { loadedCommonJsModules, watchCommonJsModules } from './loading/commonjs.js';
import { followJestModules, isJestRuntime } from './loading/jest.js';
import { installModuleHooks } from './loading/node.js';
import { isTypeScript } from './loading/typescript.js';
import { onCacheWarning } from './loading/transpile-cache.js';
import { onProcessEnd } from './lifecycle/process-end.js';
import { finishWorkersBeforeTerminate } from './lifecycle/worker-end.js';
import { isDeno } from './runtime/index.js';
import { startIntrospection } from './lifecycle/introspection.js';
import { createLogger } from './log.js';
import type { Instrumentation } from './instrumentation/contract.js';
import { onInstrumentationError } from './instrumentation/wrap.js';
import { expressInstrumentation } from './adapters/express/index.js';
import { honoInstrumentation } from './adapters/hono/index.js';
import { honoZodOpenApiInstrumentation } from './adapters/hono/zod-openapi.js';
import { koaInstrumentation, koaMountInstrumentation, koaRouterInstrumentation, koaRouterLegacyInstrumentation } from './adapters/koa/index.js';
import { expressValidatorInstrumentation } from './schemas/capture/express-validator.js';
import { honoOpenApiInstrumentation, honoStandardValidatorInstrumentation, honoZodValidatorInstrumentation } from './schemas/capture/hono.js';
import { koaJoiRouterInstrumentation } from './schemas/capture/koa-joi-router.js';
import { Session } from './session.js';
import { TEST_EXCHANGE_SINK } from './learn/capture/test-sink.js';
import type { ExchangeSink } from './learn/exchange.js';
import { learningMode } from './lifecycle/learning-mode.js';
import { sessionTrace } from './tracing/recorder.js';

/** The framework and validation library instrumentations, one per target package. */
const INSTRUMENTATIONS: readonly Instrumentation[] = [
  expressInstrumentation,
  koaInstrumentation,
  koaRouterInstrumentation,
  koaRouterLegacyInstrumentation,
  koaMountInstrumentation,
  honoInstrumentation,
  honoZodValidatorInstrumentation,
  honoStandardValidatorInstrumentation,
  honoOpenApiInstrumentation,
  honoZodOpenApiInstrumentation,
  expressValidatorInstrumentation,
  koaJoiRouterInstrumentation,
];

const cwd = process.cwd();
const entry = process.argv[1] ? resolve(process.argv[1]) : undefined;
const heapBefore = process.memoryUsage().heapUsed;
// The trace ID is the correlation ID of every log line.
const trace = sessionTrace({ 'process.pid': process.pid, ...(entry ? { 'docgen.entry': entry } : {}) });
const logger = createLogger({
  correlationId: trace.traceId,
  json: process.env.DOCGEN_LOG_FORMAT === 'json',
  quiet: process.env.DOCGEN_QUIET === '1',
});
const load = trace.startSpan('docgen.load', {});
const session = new Session({
  cwd,
  entry,
  logger,
  env: process.env,
  load: { span: load, heapBefore },
  output: resolve(cwd, process.env.DOCGEN_OUTPUT || 'openapi.json'),
  instrumentations: INSTRUMENTATIONS,
});

// The one channel for failures inside docgen's wrappers (recording a route, a validator's schema).
onInstrumentationError((error) => logger.error(`internal error while recording what the app registers (the app is not affected): ${error instanceof Error ? error.stack : String(error)}`));
onCacheWarning((message) => logger.warn(message));

// Stack traces and recorded source locations point at .ts lines, as under tsx.
if (entry && isTypeScript(entry)) process.setSourceMapsEnabled(true);
session.hooks = installModuleHooks(entry);
load.setAttribute('docgen.hooks.api', session.hooks);
// Learning from traffic (DOCGEN_LEARN=1, `docgen learn`) or verifying it (`docgen verify`): the
// capture goes on the request path only then.
const learning = learningMode(process.env);
// Learning from an app's Jest tests: Jest evaluates their modules itself (src/loading/jest.ts).
watchCommonJsModules((filename, exports) => {
  if (learning && isJestRuntime(filename)) followJestModules(exports, (file, evaluated) => session.moduleEvaluated(file, evaluated));
  return session.moduleEvaluated(filename, exports);
});
Object.defineProperty(globalThis, Symbol.for(MODULE_EVALUATED_KEY), {
  value: (url: string, exports: unknown) => session.moduleEvaluated(fileURLToPath(url), exports),
});
for (const [filename, exports] of loadedCommonJsModules()) session.moduleEvaluated(filename, exports, true);

const endNow = onProcessEnd((end) => session.finish(end));

const captureError = (error: unknown): void => logger.error(`internal error while capturing traffic (the app is not affected): ${error instanceof Error ? error.stack : String(error)}`);
const testSink = (globalThis as Record<symbol, ExchangeSink | undefined>)[TEST_EXCHANGE_SINK];
// Imported only when asked for: without learning, the learner and ajv are never loaded.
const learnWork = learning || typeof testSink === 'function' ? await import('./learn-work.js') : undefined;
if (learning && learnWork) {
  session.learning = learnWork.startLearning(learning, { registry: session.registry, env: process.env, warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
  // Test runners' worker threads (vitest --pool=threads) are terminated, with no exit event.
  if (!isDeno) finishWorkersBeforeTerminate(endNow);
} else if (learnWork && typeof testSink === 'function') {
  // docgen's own tests of the capture put a sink here from a preload of theirs that runs first
  // (test/helpers/exchange-sink.mjs); no setting of docgen's writes exchanges anywhere.
  learnWork.startCapture({ registry: session.registry, sink: testSink, onError: captureError });
}

if (process.env.DOCGEN_INTROSPECT === '1') {
  const settleMs = Number(process.env.DOCGEN_SETTLE_MS) >= 0 && process.env.DOCGEN_SETTLE_MS ? Number(process.env.DOCGEN_SETTLE_MS) : 200;
  startIntrospection({ settleMs, onListen: (requested) => logger.info(`introspection: listen(${requested}) bound nothing`) });
}
