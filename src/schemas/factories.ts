/**
 * The app's own validation factories: `validate(schema)` returns a middleware that closes over
 * the schema (closures.ts reads the closure). What the closure holds is recognised in these
 * shapes, and documented as a validator library's schema would be:
 * - an object of request parts, each a schema or joi's plain-object form of one:
 *   `{ params, query, body, headers, cookies }` (node-express-boilerplate's
 *   `{ body: Joi.object().keys({...}) }`, `{ query: { page: Joi.number() } }`);
 * - an object schema whose keys are all request parts (`z.object({ body: ..., query: ... })`,
 *   `Joi.object({ params: ... })`): the same, part by part;
 * - any other schema alone (joi, zod, valibot, anything with Standard Schema): the request body.
 * A closure that holds none of these (an auth check's list of rights, a compiled validator
 * function) gives nothing, and says nothing.
 */
import type { RequestTarget } from './bindings.js';
import type { FactoryClosure } from './closures.js';
import { isJoi } from './convert/joi.js';
import { standardProps } from './convert/standard.js';
import { isZod3 } from './convert/zod3.js';
import type { Found } from './readers.js';
import { compileWithJoi, namesRequestParts, REQUEST_PARTS } from './request-parts.js';

type Part = { readonly target: RequestTarget; readonly schema: unknown } | { readonly part: string; readonly reason: string };

export function factoryFindings(closure: FactoryClosure | undefined): Found[] | undefined {
  if (!closure) return undefined;
  const via = closure.factory ? `${closure.factory}()` : 'a validation factory';
  const fits = closure.values.map(partsOf).filter((parts) => parts !== undefined);
  if (fits.length === 0) return undefined;
  if (fits.length > 1) return [{ kind: 'skipped', via, reason: `the middleware ${via} made holds ${fits.length} schemas: which one it checks cannot be told, none is documented` }];
  return fits[0]!.map((part): Found =>
    'target' in part ? { kind: 'schema', target: part.target, schema: part.schema, via, ignoredOnGet: true } : { kind: 'skipped', via, part: part.part, reason: part.reason },
  );
}

function partsOf(value: unknown): Part[] | undefined {
  if (isSchema(value)) {
    const shape = requestShape(value);
    return shape ? fromParts(shape) : [{ target: 'body', schema: value }];
  }
  if (!isPlainObject(value) || !namesRequestParts(Object.keys(value))) return undefined;
  return fromParts(value);
}

/** The parts of an object of request parts; none when no part holds a schema (an object of options). */
function fromParts(parts: Readonly<Record<string, unknown>>): Part[] | undefined {
  const out: Part[] = [];
  for (const [key, rule] of Object.entries(parts)) {
    if (rule === undefined) continue;
    const schema = isSchema(rule) ? rule : compileWithJoi(rule);
    out.push(schema ? { target: REQUEST_PARTS[key]!, schema } : { part: key, reason: `the ${key} rules hold no schema docgen knows (joi, zod, valibot, Standard Schema)` });
  }
  return out.some((part) => 'target' in part) ? out : undefined;
}

/** Schema objects the converters know (src/schemas/convert). */
function isSchema(value: unknown): boolean {
  return isJoi(value) || isZod3(value) || standardProps(value) !== undefined;
}

/** An object schema's fields when every one is a request part: joi's keys, zod's shape, valibot's entries. */
function requestShape(schema: unknown): Record<string, unknown> | undefined {
  const fields = fieldsOf(schema);
  return fields && namesRequestParts(Object.keys(fields)) ? fields : undefined;
}

function fieldsOf(schema: unknown): Record<string, unknown> | undefined {
  if (isJoi(schema)) {
    const keys = (schema as { $_terms?: { keys?: unknown } }).$_terms?.keys;
    if (!Array.isArray(keys)) return undefined;
    return Object.fromEntries(keys.filter((child): child is { key: string; schema: unknown } => !!child && typeof child.key === 'string').map((child) => [child.key, child.schema]));
  }
  const { shape, entries, type } = schema as { shape?: unknown; entries?: unknown; type?: unknown };
  if (isPlainObject(shape)) return shape;
  if (type === 'object' && isPlainObject(entries)) return entries;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
