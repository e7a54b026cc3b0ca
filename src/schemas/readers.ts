/**
 * Which schemas a function of an operation's chain carries: those recorded where it was made
 * (src/schemas/capture: validators, hono-openapi's `describeRoute` spec), and those some
 * libraries expose on the middleware itself, read here when the document is built: celebrate's
 * `_schema` rules, express-validator's chain builder.
 */
import type { DeclaredRoute, RequestTarget, SchemaBindings } from './bindings.js';
import { chainBuilder, chainSchema } from './convert/express-validator.js';
import { isJoi } from './convert/joi.js';
import type { JsonSchema } from './json-schema.js';
import { compileWithJoi, namesRequestParts, REQUEST_PARTS } from './request-parts.js';

export type Found =
  | {
      readonly kind: 'schema';
      readonly target: RequestTarget;
      readonly schema: unknown;
      readonly via: string;
      readonly mediaType?: string;
      /** The middleware checks no body on GET and HEAD (celebrate), or docgen documents none there (an app's factory). */
      readonly ignoredOnGet?: true;
    }
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
  if (!namesRequestParts(entries.map(([key]) => key))) return undefined;
  return entries.map(([segment, rule]): Found => {
    const schema = isJoi(rule) ? rule : compileWithJoi(rule);
    return schema
      ? { kind: 'schema', target: REQUEST_PARTS[segment]!, schema, via: 'celebrate', ignoredOnGet: true }
      : { kind: 'skipped', via: 'celebrate', reason: `the ${segment} rules hold no joi schema to compile them with` };
  });
}
