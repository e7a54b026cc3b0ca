/**
 * The Standard JSON Schema extension (`schema['~standard'].jsonSchema.input/output`), which
 * zod 4.2+, arktype and joi 18 implement: the library's own converter, in the app's copy.
 */
import { isJsonObject, toJson, type JsonSchema } from '../json-schema.js';
import type { Direction } from './types.js';

interface StandardJsonSchema {
  input?: (options: { target: string; libraryOptions?: Record<string, unknown> }) => unknown;
  output?: (options: { target: string; libraryOptions?: Record<string, unknown> }) => unknown;
}

export interface StandardProps {
  readonly vendor: string;
  readonly jsonSchema: StandardJsonSchema | undefined;
}

export function standardProps(schema: unknown): StandardProps | undefined {
  if (!schema || (typeof schema !== 'object' && typeof schema !== 'function')) return undefined;
  let props: unknown;
  try {
    props = (schema as Record<string, unknown>)['~standard'];
  } catch {
    return undefined;
  }
  if (!props || typeof props !== 'object') return undefined;
  const { vendor, jsonSchema } = props as { vendor?: unknown; jsonSchema?: unknown };
  return {
    vendor: typeof vendor === 'string' ? vendor : 'unknown',
    jsonSchema: jsonSchema && typeof jsonSchema === 'object' && typeof (jsonSchema as StandardJsonSchema).input === 'function' ? (jsonSchema as StandardJsonSchema) : undefined,
  };
}

/**
 * Options that make a converter write `{}` for what it cannot express instead of throwing
 * (zod's `unrepresentable`, arktype's `fallback`); used only after a strict attempt failed.
 */
const LENIENT: Record<string, unknown> = { unrepresentable: 'any', fallback: (context: { base: unknown }) => context.base };

/** The converter's output as JSON; throws what the converter threw. */
export function fromStandard(jsonSchema: StandardJsonSchema, direction: Direction, lenient: boolean): JsonSchema {
  const convert = direction === 'output' && typeof jsonSchema.output === 'function' ? jsonSchema.output : jsonSchema.input!;
  const raw = convert.call(jsonSchema, { target: 'draft-2020-12', ...(lenient ? { libraryOptions: LENIENT } : {}) });
  const json = toJson(raw);
  if (!isJsonObject(json)) throw new Error('the converter returned no JSON Schema object');
  return json;
}
