/**
 * valibot converts through its separate package `@valibot/to-json-schema`, loaded from the
 * app (never from docgen) the first time a valibot schema is met.
 */
import { isJsonObject, toJson, type JsonSchema } from '../json-schema.js';
import type { AppPackages } from './types.js';

type ToJsonSchema = (schema: unknown, config?: Record<string, unknown>) => unknown;

const PACKAGE = '@valibot/to-json-schema';

export function valibotConverter(packages: AppPackages): ToJsonSchema | string {
  let loaded: unknown;
  try {
    loaded = packages.require(PACKAGE);
  } catch {
    return `valibot converts to JSON Schema with ${PACKAGE}, which the app does not have installed`;
  }
  const convert = (loaded as { toJsonSchema?: unknown } | undefined)?.toJsonSchema;
  return typeof convert === 'function' ? (convert as ToJsonSchema) : `${PACKAGE} has no toJsonSchema export`;
}

export function fromValibot(convert: ToJsonSchema, schema: unknown, lenient: boolean): JsonSchema {
  const json = toJson(convert(schema, { target: 'draft-2020-12', errorMode: lenient ? 'ignore' : 'throw' }));
  if (!isJsonObject(json)) throw new Error('@valibot/to-json-schema returned no JSON Schema object');
  return json;
}
