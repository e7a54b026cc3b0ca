/**
 * Named components for learned shapes that repeat across operations: an object schema learned
 * under a property name (`user`, `article`), with the same content (byte for byte, canonically)
 * in two or more operations, becomes `components/schemas/User` and each place refers to it.
 *
 * Conservative, so that names are stable: only object schemas with at least two properties;
 * only when every place that names it uses one property name (array items of the same content
 * join the group but give no name); never when two different shapes want the same name, nor
 * when the document already has a different schema under it (an equal one is reused). Only
 * schemas learned in this pass are rewritten, never a declared one. The result depends only on
 * the document, so it is as deterministic as the document.
 */
import type { OpenApiDocument } from '../openapi/document.js';
import { isObject } from '../openapi/json.js';
import type { MediaObject } from '../schemas/document-schemas.js';
import { canonical, type JsonSchema } from '../schemas/json-schema.js';
import { componentName } from '../schemas/components.js';

/** A media object this pass wrote, and which operation it belongs to (`get /users`). */
export interface LearnedMedia {
  readonly operation: string;
  readonly media: MediaObject;
}

interface Place {
  readonly holder: Record<string, unknown>;
  readonly key: string | number;
  readonly operation: string;
  /** The property name it sits under; undefined for array items. */
  readonly name: string | undefined;
}

/** Rewrites the learned schemas in place and adds the components to `document`. */
export function nameRepeatedShapes(document: OpenApiDocument, learned: readonly LearnedMedia[]): void {
  const groups = new Map<string, Place[]>();
  for (const { operation, media } of learned) visit(media.schema, operation, groups);

  const candidates = [...groups.entries()]
    .map(([content, places]) => ({ content, places, names: new Set(places.flatMap((p) => (p.name === undefined ? [] : [p.name]))) }))
    .filter(({ places, names }) => names.size === 1 && new Set(places.map((p) => p.operation)).size >= 2)
    .map((group) => ({ ...group, component: componentName(pascalCase([...group.names][0]!)) }));
  const wanted = new Map<string, number>();
  for (const { component } of candidates) wanted.set(component, (wanted.get(component) ?? 0) + 1);

  const existing = document.components?.schemas ?? {};
  const added: Record<string, JsonSchema> = {};
  // Smaller schemas first: a repeated shape inside another one is named before its container,
  // so the container's component refers to it (and its places, all equal, stay equal).
  candidates.sort((a, b) => a.content.length - b.content.length || (a.content < b.content ? -1 : a.content > b.content ? 1 : 0));
  for (const { places, component } of candidates) {
    if (wanted.get(component)! > 1) continue;
    const first = places[0]!;
    const schema = first.holder[first.key as string] as JsonSchema;
    const declared = existing[component];
    if (declared && canonical({ ...declared, 'x-docgen-learned': true }) !== canonical({ ...schema, 'x-docgen-learned': true })) continue;
    if (!declared) added[component] = { ...schema, 'x-docgen-learned': true };
    for (const place of places) place.holder[place.key as string] = { $ref: `#/components/schemas/${component}` };
  }
  if (Object.keys(added).length === 0) return;
  const schemas = { ...existing, ...added };
  document.components = {
    ...(document.components ?? {}),
    schemas: Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]!])),
  };
}

/** Records every object schema below `schema` at a property or array item position. */
function visit(schema: unknown, operation: string, groups: Map<string, Place[]>): void {
  if (!isObject(schema)) return;
  const record = (holder: Record<string, unknown>, key: string | number, name: string | undefined): void => {
    const sub = holder[key as string];
    if (isObject(sub) && sub.type === 'object' && isObject(sub.properties) && Object.keys(sub.properties).length >= 2) {
      const content = canonical(sub as JsonSchema);
      const places = groups.get(content) ?? [];
      places.push({ holder, key, operation, name });
      groups.set(content, places);
    }
    visit(sub, operation, groups);
  };
  if (isObject(schema.properties)) for (const name of Object.keys(schema.properties).sort()) record(schema.properties, name, name);
  if (isObject(schema.items)) record(schema, 'items', undefined);
  if (isObject(schema.additionalProperties)) record(schema, 'additionalProperties', undefined);
}

/** `user` -> `User`, `shipping_address` -> `ShippingAddress`. */
function pascalCase(name: string): string {
  return name.replace(/(?:^|[_\-\s.]+)([\p{L}\p{N}])/gu, (_, letter: string) => letter.toUpperCase());
}
