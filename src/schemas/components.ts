/**
 * `components/schemas`: the named subschemas converters produce (`$defs`: zod's `.meta({ id })`,
 * recursive schemas) and the schemas several operations share. Names are claimed in document
 * order, so the same app always gets the same names; two different schemas that want one name
 * get `Name`, `Name_2`. References are rewritten from the converter's `#/$defs/X` to
 * `#/components/schemas/X`.
 */
import { canonical, walkObjects, type JsonSchema, type JsonValue } from './json-schema.js';
import type { Conversion } from './convert/index.js';

const PREFIX = '#/components/schemas/';

export class ComponentSchemas {
  readonly #schemas = new Map<string, JsonSchema>();
  /** A converter's def name and content -> the component that holds it. */
  readonly #byContent = new Map<string, string>();
  readonly #claimed = new Set<string>();

  get(name: string): JsonSchema | undefined {
    return this.#schemas.get(name);
  }

  /** The schema a `$ref` to a component points at, following up to a few references. */
  deref(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let i = 0; i < 8 && typeof current.$ref === 'string' && current.$ref.startsWith(PREFIX); i++) {
      const target = this.#schemas.get(unescapePointer(current.$ref.slice(PREFIX.length)));
      if (!target) break;
      current = target;
    }
    return current;
  }

  /**
   * Moves a conversion's defs into components and returns its root with references rewritten.
   * With `rootName`, the root becomes a component too and a `$ref` to it is returned; a root
   * that refers to itself (`#`, a recursive schema) always needs one (`fallbackName`).
   */
  lift(conversion: Conversion, rootName: string | undefined, fallbackName: () => string): JsonSchema {
    const renames = new Map<string, string>();
    for (const [name, schema] of Object.entries(conversion.defs)) renames.set(name, this.#claim(name, schema));
    const selfReferencing = referencesRoot(conversion.schema!);
    const root = rootName ?? (selfReferencing ? fallbackName() : undefined);
    const rootTarget = root === undefined ? undefined : this.#claim(root, conversion.schema!);
    const rewrite = (value: JsonSchema): JsonSchema => rewriteRefs(value, renames, rootTarget);
    for (const [name, schema] of Object.entries(conversion.defs)) {
      const target = renames.get(name)!;
      if (!this.#schemas.has(target)) this.#schemas.set(target, rewrite(schema));
    }
    const rewritten = rewrite(conversion.schema!);
    if (rootTarget === undefined) return rewritten;
    if (!this.#schemas.has(rootTarget)) this.#schemas.set(rootTarget, rewritten);
    return { $ref: PREFIX + escapePointer(rootTarget) };
  }

  #claim(wanted: string, schema: JsonSchema): string {
    const base = componentName(wanted);
    const key = `${base}\u0000${canonical(schema)}`;
    const known = this.#byContent.get(key);
    if (known) return known;
    let name = base;
    for (let n = 2; this.#claimed.has(name); n++) name = `${base}_${n}`;
    this.#byContent.set(key, name);
    this.#claimed.add(name);
    return name;
  }

  /**
   * The components the document refers to (from `document` and from one another), sorted by
   * name; a schema only expanded into parameters leaves its component unreferenced.
   */
  referenced(document: JsonValue): Record<string, JsonSchema> | undefined {
    const used = new Set<string>();
    const queue: string[] = [];
    const collect = (value: JsonValue): void =>
      walkObjects(value, (object) => {
        const ref = object.$ref;
        if (typeof ref !== 'string' || !ref.startsWith(PREFIX)) return;
        const name = unescapePointer(ref.slice(PREFIX.length).split('/')[0]!);
        if (!used.has(name) && this.#schemas.has(name)) {
          used.add(name);
          queue.push(name);
        }
      });
    collect(document);
    while (queue.length) collect(this.#schemas.get(queue.shift()!)!);
    if (used.size === 0) return undefined;
    const out: Record<string, JsonSchema> = {};
    for (const name of [...used].sort()) out[name] = this.#schemas.get(name)!;
    return out;
  }
}

/** OpenAPI component names: letters, digits, `.`, `-` and `_`. */
export function componentName(wanted: string): string {
  const name = wanted.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return name || 'Schema';
}

function referencesRoot(schema: JsonSchema): boolean {
  let found = false;
  walkObjects(schema, (object) => {
    const ref = object.$ref;
    if (typeof ref === 'string' && (ref === '#' || (ref.startsWith('#/') && !ref.startsWith('#/$defs/') && !ref.startsWith('#/definitions/')))) found = true;
  });
  return found;
}

function rewriteRefs(schema: JsonSchema, renames: ReadonlyMap<string, string>, root: string | undefined): JsonSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema;
  walkObjects(copy, (object) => {
    const ref = object.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return;
    const local = /^#\/(?:\$defs|definitions)\/([^/]+)(.*)$/.exec(ref);
    if (local) {
      const target = renames.get(unescapePointer(local[1]!));
      if (target) object.$ref = PREFIX + escapePointer(target) + local[2]!;
    } else if (root !== undefined) {
      object.$ref = PREFIX + escapePointer(root) + ref.slice(1);
    }
  });
  return copy;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

