/** The framework and validation library instrumentations docgen knows, one per target package. */
import { expressInstrumentation } from '../adapters/express/index.js';
import { honoInstrumentation } from '../adapters/hono/index.js';
import { koaInstrumentation, koaMountInstrumentation, koaRouterInstrumentation, koaRouterLegacyInstrumentation } from '../adapters/koa/index.js';
import { expressValidatorInstrumentation } from '../schemas/capture/express-validator.js';
import { honoOpenApiInstrumentation, honoStandardValidatorInstrumentation, honoZodValidatorInstrumentation } from '../schemas/capture/hono.js';
import { koaJoiRouterInstrumentation } from '../schemas/capture/koa-joi-router.js';
import type { Instrumentation } from './contract.js';
import type { ModuleTarget } from './targets.js';

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
  expressValidatorInstrumentation,
  koaJoiRouterInstrumentation,
];

export function instrumentationFor(target: ModuleTarget): Instrumentation | undefined {
  return INSTRUMENTATIONS.find((i) => i.target === target);
}
