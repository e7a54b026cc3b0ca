/**
 * Which schemas a function of an operation's chain carries: those recorded where it was made
 * (src/schemas/capture: validators, hono-openapi's `describeRoute` spec), and those some
 * libraries expose on the middleware itself, read here when the document is built: celebrate's
 * `_schema` rules, express-validator's chain builder.
 */
import type { DeclaredRoute, RequestTarget, SchemaBindings } from './bindings.js';
import { chainBuilder, chainSchema } from './convert/express-validator.js';
import { isJoi, type JoiSchema } from './convert/joi.js';
import type { JsonSchema } from './json-schema.js';

export type Found =
  | { readonly kind: 'schema'; readonly target: RequestTarget; readonly schema: unknown; readonly via: string; readonly mediaType?: string }
  | { readonly kind: 'json'; readonly target: RequestTarget; readonly schema: JsonSchema; readonly via: string; readonly library: string; readonly problems: readonly string[] }
  | { readonly kind: 'skipped'; readonly via: string; readonly reason: string; readonly part?: string }
  | { readonly kind: 'described'; readonly via: string; readonly spec: DescribedRoute };

/** The parts of hono-openapi's `describeRoute(spec)` docgen uses. */
export interface DescribedRoute {
  readonly summary?: unknown;
  readonly description?: unknown;
  readonly tags?: unknown;
  readonly deprecated?: unknown;
  readonly responses?: unknown;
}

const CELEBRATE_SEGMENTS: Record<string, RequestTarget> = { headers: 'header', params: 'path', query: 'query', cookies: 'cookie', signedCookies: 'cookie', body: 'body' };

/** Most functions carry nothing: they all share this one empty answer. */
export const NOTHING: readonly Found[] = Object.freeze([]);

export function readBindings(fn: unknown, bindings: SchemaBindings): readonly Found[] {
  if (typeof fn !== 'function') return NOTHING;
  const found: Found[] = [];
  const bound = bindings.bindingOf(fn);
  if (bound) found.push({ kind: 'schema', ...bound });
  const celebrated = celebrateRules(fn);
  if (celebrated) found.push(...celebrated);
  const builder = chainBuilder(fn);
  if (builder) {
    const chain = chainSchema(builder, bindings);
    found.push('skipped' in chain ? { kind: 'skipped', via: 'express-validator', reason: chain.skipped } : { kind: 'json', via: 'express-validator', library: 'express-validator', ...chain });
  }
  const declared = bindings.declarationOf(fn);
  if (declared) found.push(...declaredParts(declared));
  const described = bindings.descriptionOf(fn);
  if (described) found.push({ kind: 'described', via: 'hono-openapi', spec: described as DescribedRoute });
  return found.length ? found : NOTHING;
}

/** A route spec's inputs as schemas; its response bodies and words as a description. */
function declaredParts(route: DeclaredRoute): Found[] {
  const { via } = route;
  const found: Found[] = route.inputs.map((input) => ({ kind: 'schema', ...input }));
  for (const { part, reason } of route.problems) found.push({ kind: 'skipped', via, reason, part });
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) responses[status] = { content: { 'application/json': { schema } } };
  const spec: DescribedRoute = {
    ...(Object.keys(responses).length ? { responses } : {}),
    ...(route.summary !== undefined ? { summary: route.summary } : {}),
    ...(route.description !== undefined ? { description: route.description } : {}),
    ...(route.tags ? { tags: route.tags } : {}),
  };
  if (Object.keys(spec).length) found.push({ kind: 'described', via, spec });
  return found;
}

/**
 * celebrate keeps the rules it was given on the middleware (`middleware._schema`): segment ->
 * a joi schema, or a plain object of joi schemas that celebrate compiles with `Joi.compile`.
 */
function celebrateRules(fn: object): Found[] | undefined {
  const rules = (fn as { _schema?: unknown })._schema;
  if (!rules || typeof rules !== 'object') return undefined;
  const entries = Object.entries(rules);
  if (entries.length === 0 || !entries.every(([key]) => key in CELEBRATE_SEGMENTS)) return undefined;
  return entries.map(([segment, rule]): Found => {
    const schema = isJoi(rule) ? rule : compileWithJoi(rule);
    return schema
      ? { kind: 'schema', target: CELEBRATE_SEGMENTS[segment]!, schema, via: 'celebrate' }
      : { kind: 'skipped', via: 'celebrate', reason: `the ${segment} rules hold no joi schema to compile them with` };
  });
}

/** The app's own joi, reached through any schema inside the plain object, compiles it as celebrate does. */
function compileWithJoi(rule: unknown): JoiSchema | undefined {
  const root = findJoi(rule, 0)?.$_root;
  if (typeof root?.compile !== 'function') return undefined;
  const compiled = root.compile(rule);
  return isJoi(compiled) ? compiled : undefined;
}

function findJoi(value: unknown, depth: number): JoiSchema | undefined {
  if (isJoi(value)) return value;
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  for (const child of Object.values(value)) {
    const found = findJoi(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}
