/**
 * One schema object of any supported library to JSON Schema 2020-12, with each library's own
 * converter where it has one (taken from the app's copy of the library), docgen's own for zod 3
 * and joi 17. A converter that fails strictly is run again leniently, so what it can express
 * stays; the failure is a problem, which the document reports.
 */
import { isJsonObject, type JsonSchema } from '../json-schema.js';
import { fromJoiDescription, isJoi, joiLosses, joiName } from './joi.js';
import { fromStandard, standardProps } from './standard.js';
import type { AppPackages, Conversion, Direction } from './types.js';
import { fromValibot, valibotConverter } from './valibot.js';
import { fromZod3, isZod3 } from './zod3.js';

export type { AppPackages, Conversion, Direction } from './types.js';

export function convertSchema(schema: unknown, direction: Direction, packages: AppPackages): Conversion {
  const problems: string[] = [];
  if (isZod3(schema)) return finish('zod 3', () => fromZod3(schema, direction, problems), problems);
  const standard = standardProps(schema);
  if (isJoi(schema)) {
    const description = schema.describe();
    joiLosses(description, problems);
    const name = joiName(description);
    const convert = standard?.jsonSchema ? strictThenLenient((lenient) => fromStandard(standard.jsonSchema!, direction, lenient), problems) : () => fromJoiDescription(description, direction, problems);
    return finish('joi', convert, problems, name);
  }
  if (!standard) return failed('unknown', 'not a schema of a library docgen knows (zod, valibot, arktype, joi, or any with Standard JSON Schema)');
  const { vendor, jsonSchema } = standard;
  if (jsonSchema) return finish(vendor, strictThenLenient((lenient) => fromStandard(jsonSchema, direction, lenient), problems), problems);
  if (vendor === 'valibot') {
    const convert = valibotConverter(packages);
    if (typeof convert === 'string') return failed(vendor, convert);
    return finish(vendor, strictThenLenient((lenient) => fromValibot(convert, schema, lenient), problems), problems);
  }
  // arktype before Standard JSON Schema had its own method.
  const own = (schema as { toJsonSchema?: unknown }).toJsonSchema;
  if (typeof own === 'function') {
    return finish(vendor, () => {
      const json = own.call(schema);
      if (!isJsonObject(json)) throw new Error('toJsonSchema() returned no object');
      return JSON.parse(JSON.stringify(json)) as JsonSchema;
    }, problems);
  }
  if (vendor === 'zod') return failed('zod', 'this zod 4 version has no JSON Schema converter on its schemas (zod 4.2 and later have)');
  return failed(vendor, `${vendor} schemas have no JSON Schema converter (Standard JSON Schema) in this version`);
}

function strictThenLenient(convert: (lenient: boolean) => JsonSchema, problems: string[]): () => JsonSchema {
  return () => {
    try {
      return convert(false);
    } catch (error) {
      problems.push(messageOf(error));
      return convert(true);
    }
  };
}

function finish(library: string, convert: () => JsonSchema, problems: string[], name?: string): Conversion {
  let json: JsonSchema;
  try {
    json = convert();
  } catch (error) {
    const reason = messageOf(error);
    return { library, schema: undefined, defs: {}, problems: problems.includes(reason) ? problems : [...problems, reason] };
  }
  const { $schema: _schema, $defs, definitions, ...root } = json;
  void _schema;
  const defs: Record<string, JsonSchema> = {};
  for (const table of [definitions, $defs]) {
    if (isJsonObject(table)) for (const [key, value] of Object.entries(table)) if (isJsonObject(value)) defs[key] = value;
  }
  // draft-07 style references (valibot's `definitions`) point at the same table.
  return { library, schema: root, defs, problems, ...(name ? { name } : {}) };
}

function failed(library: string, reason: string): Conversion {
  return { library, schema: undefined, defs: {}, problems: [reason] };
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim() || 'the converter failed';
}
