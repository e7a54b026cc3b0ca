/**
 * koa-joi-router: `router.route(spec)` (and `router.get(path, spec, handler)`) registers each
 * route on an inner @koa/router, whose layers docgen's Koa adapter reads like any other. The
 * route's `validate` (header, query, params, body and output joi schemas) stays in closures:
 * `_addRoute` is wrapped, and the spec is kept on the route's own `specExposer` middleware, a
 * function made fresh for each route and run for every method of it.
 */
import { builtins, httpMethodNames } from '../../runtime/builtins.js';
import type { Instrumentation } from '../../instrumentation/contract.js';
import { KOA_JOI_ROUTER } from '../../instrumentation/targets.js';
import type { DeclaredRoute, RequestTarget, SchemaBinding } from '../bindings.js';
import { isJoi } from '../convert/joi.js';

const VIA = KOA_JOI_ROUTER.packageName;
const INPUTS: ReadonlyArray<readonly [key: string, target: RequestTarget]> = [['header', 'header'], ['params', 'path'], ['query', 'query']];

interface RouteSpec {
  validate?: {
    header?: unknown;
    params?: unknown;
    query?: unknown;
    body?: unknown;
    type?: unknown;
    output?: Record<string, { body?: unknown; headers?: unknown } | undefined>;
  };
  meta?: { swagger?: { summary?: unknown; description?: unknown; tags?: unknown } };
}

type Compile = (rule: unknown) => unknown;

export const koaJoiRouterInstrumentation: Instrumentation = {
  target: KOA_JOI_ROUTER,
  patch(exports, _file, context) {
    const Router = exports as ((...args: unknown[]) => unknown) & { Joi?: { compile?: Compile } };
    const proto: unknown = typeof Router === 'function' ? Router.prototype : undefined;
    if (!proto || typeof proto !== 'object' || typeof (proto as { _addRoute?: unknown })._addRoute !== 'function') {
      context.warn(`${VIA} ${context.version} at ${context.packageRoot} has an unexpected shape; its schemas are not documented`);
      return undefined;
    }
    // The router's own joi compiles plain objects of rules, as it does itself on each request.
    const joiCompile = Router.Joi?.compile?.bind(Router.Joi);
    const { schemas } = context.registry;
    // The calls that reach the inner router: wrapped, the app's call is the routes' recorded site.
    const { hooks } = context;
    hooks.registration(proto, 'Router.prototype', 'route');
    // It makes a method for each name of the `methods` package, which may know fewer than Node.
    for (const key of httpMethodNames()) hooks.registration(proto, 'Router.prototype', key, {}, { optional: true });
    hooks.observer(proto, 'Router.prototype', '_addRoute', {
      after([spec], _result, self) {
        const stack = (self as { router?: { stack?: Array<{ stack?: unknown[] }> } }).router?.stack;
        const exposer = stack?.[stack.length - 1]?.stack?.find((fn) => typeof fn === 'function' && fn.name === 'specExposer');
        if (exposer) schemas.declared(exposer, declaredRoute(spec as RouteSpec, joiCompile));
      },
    });
    return undefined;
  },
};

function declaredRoute(spec: RouteSpec, compile: Compile | undefined): DeclaredRoute {
  const { validate = {}, meta } = spec;
  const problems: { part: string; reason: string }[] = [];
  const schemaOf = (rule: unknown, where: string, part: string): unknown => {
    if (isJoi(rule)) return rule;
    try {
      const compiled = compile?.(rule);
      if (isJoi(compiled)) return compiled;
    } catch (error) {
      problems.push({ part, reason: `the ${where} rules do not compile with joi: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
    problems.push({ part, reason: `the ${where} rules hold no joi schema` });
    return undefined;
  };
  const inputs: SchemaBinding[] = [];
  for (const [key, target] of INPUTS) {
    const rule = validate[key as 'header' | 'params' | 'query'];
    const schema = rule === undefined ? undefined : schemaOf(rule, key, 'request');
    if (schema) inputs.push({ target, schema, via: VIA });
  }
  if (validate.body !== undefined) {
    const schema = schemaOf(validate.body, 'body', 'request body');
    // `type` is required with a body: json, or form (urlencoded only, co-body's form parser).
    if (schema) inputs.push(validate.type === 'form' ? { target: 'form', schema, via: VIA, mediaType: 'application/x-www-form-urlencoded' } : { target: validate.type === 'json' ? 'json' : 'body', schema, via: VIA });
  }
  const responses: Record<string, unknown> = {};
  for (const [rule, output] of Object.entries(validate.output ?? {})) {
    const part = `response ${rule}`;
    if (output?.headers !== undefined) problems.push({ part, reason: 'a schema of response headers (validate.output headers) is not documented' });
    const schema = output?.body === undefined ? undefined : schemaOf(output.body, 'output body', part);
    if (schema) for (const status of statusKeys(rule)) responses[status] = schema;
  }
  const swagger = meta?.swagger;
  return {
    via: VIA,
    inputs,
    responses,
    problems,
    // koa-joi-router-docs reads the same words from `meta.swagger`.
    ...(typeof swagger?.summary === 'string' ? { summary: swagger.summary } : {}),
    ...(typeof swagger?.description === 'string' ? { description: swagger.description } : {}),
    ...(Array.isArray(swagger?.tags) && swagger.tags.every((t) => typeof t === 'string') ? { tags: swagger.tags as string[] } : {}),
  };
}

/**
 * OpenAPI status keys for an output rule: `'200'`, `'201,202'`, `'400-499'` (a whole hundred is
 * `4XX`; part of one, the known codes in it), `'*'` (default).
 */
export function statusKeys(rule: string): string[] {
  const keys: string[] = [];
  for (const part of rule.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === '*') {
      keys.push('default');
      continue;
    }
    const [lower, upper = lower] = part.split('-').map(Number) as [number, number?];
    if (lower === upper) {
      keys.push(String(lower));
      continue;
    }
    for (let hundred = Math.floor(lower / 100); hundred <= Math.floor(upper / 100); hundred++) {
      const from = Math.max(lower, hundred * 100);
      const to = Math.min(upper, hundred * 100 + 99);
      if (from === hundred * 100 && to === hundred * 100 + 99) keys.push(`${hundred}XX`);
      else for (let code = from; code <= to; code++) if (builtins.http.STATUS_CODES[code]) keys.push(String(code));
    }
  }
  return keys;
}
