/**
 * What the code left open, filled from traffic: a declared schema written by the handler's code
 * (src/jsdoc/handler-responses.ts) has `{}` where it knows a name but not a type (`{ email }` of
 * a field the handler read). Each such `{}` — the whole schema, a property, array items — takes
 * the learned schema at the same place; everything else the code declared stays as it is. An
 * object of names only (every property `{}`, nothing required) takes the learned `required` too.
 */
import { isJsonObject, type JsonSchema, type JsonValue } from '../schemas/json-schema.js';

/** The declared schema with its open places filled, or undefined when nothing was filled. */
export function fillOpen(declared: JsonValue | undefined, learned: JsonSchema): JsonSchema | undefined {
  if (!isJsonObject(declared) || !isJsonObject(learned)) return undefined;
  if (Object.keys(declared).length === 0) return Object.keys(learned).length ? learned : undefined;
  let filled: JsonSchema | undefined;
  const properties = declared.properties;
  const learnedProperties = learned.properties;
  if (isJsonObject(properties) && isJsonObject(learnedProperties)) {
    let out: JsonSchema | undefined;
    for (const [name, schema] of Object.entries(properties)) {
      const inner = learnedProperties[name];
      const replaced = isJsonObject(inner) ? fillOpen(schema, inner) : undefined;
      if (replaced) (out ??= { ...properties })[name] = replaced;
    }
    if (out) filled = { ...declared, properties: out };
    // Names only (every property open, none required: the fields a handler reads): traffic says which are always sent.
    const open = Object.values(properties).every((schema) => isJsonObject(schema) && Object.keys(schema).length === 0);
    const required = Array.isArray(learned.required) ? learned.required.filter((name): name is string => typeof name === 'string' && name in properties) : [];
    if (out && open && declared.required === undefined && required.length) filled = { ...filled!, required };
  }
  if (isJsonObject(declared.items) && isJsonObject(learned.items)) {
    const items = fillOpen(declared.items, learned.items);
    if (items) filled = { ...(filled ?? declared), items };
  }
  return filled;
}
