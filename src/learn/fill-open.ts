/**
 * What the code left open, filled from traffic: a declared schema written by the handler's code
 * (src/jsdoc/handler-responses.ts) has `{}` where it knows a name but not a type (`{ email }` of
 * a field the handler read). Each such `{}` — the whole schema, a property, array items — takes
 * the learned schema at the same place; everything else the code declared stays as it is. An
 * object of names only (every property `{}`, nothing required) takes the learned object whole,
 * keeping the names traffic did not show. An object's `additionalProperties: true` (a literal with
 * a spread) takes the properties traffic showed beyond the named ones.
 */
import { isJsonObject, type JsonSchema, type JsonValue } from '../schemas/json-schema.js';

/** The declared schema with its open places filled, or undefined when nothing was filled. */
export function fillOpen(declared: JsonValue | undefined, learned: JsonSchema): JsonSchema | undefined {
  if (!isJsonObject(declared) || !isJsonObject(learned)) return undefined;
  if (Object.keys(declared).length === 0) return Object.keys(learned).length ? learned : undefined;
  let filled: JsonSchema | undefined;
  const properties = declared.properties;
  const learnedProperties = learned.properties;
  // Names only (every property open, none required: the fields a handler reads, `{ ...req.body }`
  // may pass on more): traffic's object, with the names the code reads that it did not show.
  // Exactly `{ type: 'object', properties }` as the code reader writes it: a validator's object
  // says more (`additionalProperties: false`, `required`), and is never rewritten.
  const namesOnly = isJsonObject(properties) && Object.keys(declared).length === 2 && declared.type === 'object' && Object.values(properties).every((schema) => isJsonObject(schema) && Object.keys(schema).length === 0);
  if (namesOnly && isJsonObject(learnedProperties) && learned.type === 'object') {
    const merged: Record<string, JsonValue> = { ...learnedProperties };
    for (const name of Object.keys(properties)) if (!(name in merged)) merged[name] = {};
    return { ...declared, ...learned, properties: merged };
  }
  if (isJsonObject(properties) && isJsonObject(learnedProperties)) {
    let out: JsonSchema | undefined;
    for (const [name, schema] of Object.entries(properties)) {
      const inner = learnedProperties[name];
      const replaced = isJsonObject(inner) ? fillOpen(schema, inner) : undefined;
      if (replaced) (out ??= { ...properties })[name] = replaced;
    }
    if (out) filled = { ...declared, properties: out };
  }
  // `additionalProperties: true` (an object literal with a spread, as the code reader writes
  // it; a declared map is `{}` or a schema): the properties traffic showed that the code does
  // not name, and their `required`.
  if (declared.additionalProperties === true && learned.type === 'object' && isJsonObject(learnedProperties)) {
    const base = filled ?? declared;
    const named = isJsonObject(base.properties) ? base.properties : {};
    const extra = Object.keys(learnedProperties).filter((name) => !(name in named));
    if (extra.length) {
      const { additionalProperties: _open, ...rest } = base;
      const properties: Record<string, JsonValue> = { ...named };
      for (const name of extra) properties[name] = learnedProperties[name]!;
      const learnedRequired = Array.isArray(learned.required) ? learned.required.filter((name): name is string => typeof name === 'string' && extra.includes(name)) : [];
      const required = [...new Set([...(Array.isArray(base.required) ? base.required.filter((name): name is string => typeof name === 'string') : []), ...learnedRequired])].sort();
      filled = { ...rest, properties, ...(required.length ? { required } : {}) };
    }
  }
  if (isJsonObject(declared.items) && isJsonObject(learned.items)) {
    const items = fillOpen(declared.items, learned.items);
    if (items) filled = { ...(filled ?? declared), items };
  }
  return filled;
}
