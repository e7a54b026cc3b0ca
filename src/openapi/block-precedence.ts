/**
 * Precedence between a comment block and a validator for the same operation: the validator's
 * schema is what the app checks, so it is kept; the block fills only what the validator does
 * not say (descriptions, examples, titles), and a block that contradicts it (another type, an
 * enum with no value in common, at the same place) is a warning naming both.
 */
import { isJsonObject, type JsonSchema, type JsonValue } from '../schemas/json-schema.js';
import type { OperationPart } from './document.js';

const WORDS = ['description', 'example', 'examples', 'title'];
const MAX_DEPTH = 16;

/** Adds the block's words to a copy of the validator's request body schemas, where it has none. */
export function withBlockWords(declared: OperationPart | undefined, blocks: readonly OperationPart[]): OperationPart | undefined {
  const body = declared?.requestBody;
  if (!declared || !body) return declared;
  const written = [...blocks].reverse().find((part) => part.requestBody)?.requestBody;
  if (!written) return declared;
  const content = Object.fromEntries(
    Object.entries(body.content).map(([type, media]) => {
      const said = written.content[type]?.schema;
      return [type, said ? { ...media, schema: fill(structuredClone(media.schema), said, 0) } : media];
    }),
  );
  const description = body.description ?? written.description;
  return { ...declared, requestBody: { ...(description !== undefined ? { description } : {}), required: body.required, content } };
}

function fill(schema: JsonSchema, words: JsonSchema, depth: number): JsonSchema {
  if (depth > MAX_DEPTH || schema.$ref !== undefined || words.$ref !== undefined) return schema;
  for (const key of WORDS) if (schema[key] === undefined && words[key] !== undefined) schema[key] = words[key]!;
  const properties = schema.properties;
  const said = words.properties;
  if (isJsonObject(properties) && isJsonObject(said)) {
    for (const [name, property] of Object.entries(properties)) {
      const other = said[name];
      if (isJsonObject(property) && isJsonObject(other)) properties[name] = fill(property, other, depth + 1);
    }
  }
  if (isJsonObject(schema.items) && isJsonObject(words.items)) schema.items = fill(schema.items, words.items, depth + 1);
  return schema;
}

/**
 * Where the block's request body and parameters contradict the validator's: one line each,
 * `<part> <pointer>: the block says <x>, the validator <y>`. `deref` follows `$ref`s.
 */
export function contradictions(declared: OperationPart, blocks: readonly OperationPart[], deref: (schema: JsonSchema) => JsonSchema): string[] {
  const out: string[] = [];
  const written = [...blocks].reverse().find((part) => part.requestBody)?.requestBody;
  for (const [type, media] of Object.entries(declared.requestBody?.content ?? {})) {
    const said = written?.content[type]?.schema;
    if (said) compare(`requestBody ${type}`, '', said, media.schema, deref, 0, out);
  }
  for (const param of declared.parameters ?? []) {
    const said = blocks.flatMap((part) => part.parameters ?? []).reverse().find((p) => p.in === param.in && p.name === param.name);
    if (said) compare(`${param.in} parameter ${param.name}`, '', said.schema, param.schema, deref, 0, out);
  }
  return out;
}

function compare(part: string, pointer: string, said: JsonSchema, declared: JsonSchema, deref: (schema: JsonSchema) => JsonSchema, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) return;
  const a = deref(said);
  const b = deref(declared);
  const saidTypes = typesOf(a);
  const declaredTypes = typesOf(b);
  if (saidTypes && declaredTypes && !saidTypes.some((t) => declaredTypes.includes(t) || (t === 'integer' && declaredTypes.includes('number')) || (t === 'number' && declaredTypes.includes('integer')))) {
    out.push(`${part} ${pointer || '/'}: the block says ${saidTypes.join(' or ')}, the validator ${declaredTypes.join(' or ')}`);
    return;
  }
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) {
    const declaredValues = new Set(b.enum.map((v) => JSON.stringify(v)));
    if (!a.enum.some((v) => declaredValues.has(JSON.stringify(v)))) {
      out.push(`${part} ${pointer || '/'}: the block says one of ${values(a.enum)}, the validator one of ${values(b.enum)}`);
      return;
    }
  }
  if (isJsonObject(a.properties) && isJsonObject(b.properties)) {
    for (const [name, property] of Object.entries(a.properties)) {
      const other = b.properties[name];
      if (isJsonObject(property) && isJsonObject(other)) compare(part, `${pointer}/properties/${name}`, property, other, deref, depth + 1, out);
    }
  }
  if (isJsonObject(a.items) && isJsonObject(b.items)) compare(part, `${pointer}/items`, a.items, b.items, deref, depth + 1, out);
}

function typesOf(schema: JsonSchema): string[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
}

function values(list: readonly JsonValue[]): string {
  return list.map((v) => JSON.stringify(v)).join(', ');
}
