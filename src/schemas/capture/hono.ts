/**
 * Hono's validator middleware: `zValidator(target, schema)` (@hono/zod-validator),
 * `sValidator(target, schema)` (@hono/standard-validator, Standard Schema: zod, valibot,
 * arktype...) and hono-openapi's `validator(target, schema, hook, options)` and
 * `resolver(schema)`. Each returns a middleware closing over its schema; the wrapper records
 * the pair. Hono's own `validator(target, fn)` takes a function, not a schema: nothing to learn.
 */
import type { Instrumentation } from '../../instrumentation/contract.js';
import { HONO_OPENAPI, HONO_STANDARD_VALIDATOR, HONO_ZOD_VALIDATOR, type ModuleTarget } from '../../instrumentation/targets.js';
import type { RequestTarget } from '../bindings.js';
import { wrapFactory } from './factory.js';

/** Hono's validation targets; `param` is a path parameter. */
const HONO_TARGETS: Record<string, RequestTarget> = { json: 'json', form: 'form', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

export function honoTarget(target: unknown): RequestTarget | undefined {
  return typeof target === 'string' ? HONO_TARGETS[target] : undefined;
}

function validatorFactory(target: ModuleTarget, key: string): Instrumentation {
  return {
    target,
    patch(exports, _file, context) {
      if (!exports || typeof exports !== 'object') return undefined;
      const wrapped = wrapFactory(exports, key, ([where, schema], middleware) => {
        const part = honoTarget(where);
        if (part) context.registry.schemas.bind(middleware, { target: part, schema, via: target.packageName });
      });
      if (!wrapped && typeof (exports as Record<string, unknown>)[key] !== 'function') {
        context.warn(`${target.packageName} ${context.version} at ${context.packageRoot} has no ${key} export; its schemas are not documented`);
      }
      return undefined;
    },
  };
}

export const honoZodValidatorInstrumentation = validatorFactory(HONO_ZOD_VALIDATOR, 'zValidator');
export const honoStandardValidatorInstrumentation = validatorFactory(HONO_STANDARD_VALIDATOR, 'sValidator');

export const honoOpenApiInstrumentation: Instrumentation = {
  target: HONO_OPENAPI,
  patch(exports, _file, context) {
    if (!exports || typeof exports !== 'object') return undefined;
    const { schemas } = context.registry;
    wrapFactory(exports, 'validator', ([where, schema, , options], middleware) => {
      const part = honoTarget(where);
      const media = (options as { media?: unknown } | undefined)?.media;
      if (part) schemas.bind(middleware, { target: part, schema, via: HONO_OPENAPI.packageName, ...(typeof media === 'string' ? { mediaType: media } : {}) });
    });
    wrapFactory(exports, 'describeRoute', ([spec], middleware) => schemas.described(middleware, spec));
    wrapFactory(exports, 'describeResponse', ([, responses], handler) => schemas.described(handler, { responses }));
    // The schemas in a spec are `resolver(schema)` objects, which keep no reference to the schema.
    wrapFactory(exports, 'resolver', ([schema], resolved) => schemas.resolved(resolved, schema));
    return undefined;
  },
};
