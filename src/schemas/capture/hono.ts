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

/** Hono's validation targets; `param` is a path parameter. */
const HONO_TARGETS: Record<string, RequestTarget> = { json: 'json', form: 'form', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

export function honoTarget(target: unknown): RequestTarget | undefined {
  return typeof target === 'string' ? HONO_TARGETS[target] : undefined;
}

function validatorFactory(target: ModuleTarget, key: string): Instrumentation {
  return {
    target,
    patch(exports, _file, context) {
      if (!exports || typeof exports !== 'object') {
        context.warn(`${target.packageName} ${context.version} at ${context.packageRoot} has an unexpected shape; its schemas are not documented`);
        return undefined;
      }
      context.hooks.observer(exports, 'exports', key, {
        after([where, schema], middleware) {
          const part = honoTarget(where);
          if (part) context.registry.schemas.bind(middleware, { target: part, schema, via: target.packageName });
        },
      });
      return undefined;
    },
  };
}

export const honoZodValidatorInstrumentation = validatorFactory(HONO_ZOD_VALIDATOR, 'zValidator');
export const honoStandardValidatorInstrumentation = validatorFactory(HONO_STANDARD_VALIDATOR, 'sValidator');

export const honoOpenApiInstrumentation: Instrumentation = {
  target: HONO_OPENAPI,
  patch(exports, _file, context) {
    if (!exports || typeof exports !== 'object') {
      context.warn(`${HONO_OPENAPI.packageName} ${context.version} at ${context.packageRoot} has an unexpected shape; its schemas are not documented`);
      return undefined;
    }
    const { schemas } = context.registry;
    const { hooks } = context;
    hooks.observer(exports, 'exports', 'validator', {
      after([where, schema, , options], middleware) {
        const part = honoTarget(where);
        const media = (options as { media?: unknown } | undefined)?.media;
        if (part) schemas.bind(middleware, { target: part, schema, via: HONO_OPENAPI.packageName, ...(typeof media === 'string' ? { mediaType: media } : {}) });
      },
    });
    hooks.observer(exports, 'exports', 'describeRoute', { after: ([spec], middleware) => schemas.described(middleware, spec) });
    // describeResponse() came later than the rest of the 1.x API.
    hooks.observer(exports, 'exports', 'describeResponse', { after: ([, responses], handler) => schemas.described(handler, { responses }) }, { optional: true });
    // The schemas in a spec are `resolver(schema)` objects, which keep no reference to the schema.
    hooks.observer(exports, 'exports', 'resolver', { after: ([schema], resolved) => schemas.resolved(resolved, schema) });
    return undefined;
  },
};
