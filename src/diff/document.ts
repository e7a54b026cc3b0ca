/**
 * One input document of a diff: checked to be OpenAPI 3.0/3.1, with JSON pointers and local
 * `$ref` resolution. Nothing here copies or rewrites the document.
 */
import { isObject } from '../openapi/json.js';
import { InvalidDocumentError } from './types.js';
import { localPointer, valueAt } from '../openapi/json-pointer.js';

export type JsonObject = { readonly [key: string]: unknown };

/** A value and the JSON pointer where it sits in its document. */
export interface Located<T = unknown> {
  readonly node: T;
  readonly pointer: string;
}

export { isObject };


/** An object's own entries, or none when the value is not an object. */
export const entriesOf = (value: unknown): readonly [string, unknown][] => (isObject(value) ? Object.entries(value) : []);

/** JSON text with object keys sorted, so equal values compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class OpenApiDocument {
  private constructor(readonly root: JsonObject) {}

  /** Checks the value is an object with `openapi` 3.0.x/3.1.x and a `paths` object. */
  static from(value: unknown, which: 'old' | 'new'): OpenApiDocument {
    const fail = (why: string): never => {
      throw new InvalidDocumentError(`The ${which} document is not an OpenAPI 3.0 or 3.1 document: ${why}.`);
    };
    if (!isObject(value)) {
      return fail(Array.isArray(value) ? 'it is an array, not an object' : `it is ${value === null ? 'null' : typeof value}, not an object`);
    }
    const version = value.openapi;
    if (version === undefined) return fail(value.swagger !== undefined ? `it is Swagger ${String(value.swagger)}` : 'it has no "openapi" field');
    if (typeof version !== 'string' || !/^3\.[01]\.\d+/.test(version)) return fail(`its "openapi" field is ${JSON.stringify(version)}`);
    if (!isObject(value.paths)) return fail('it has no "paths" object');
    return new OpenApiDocument(value);
  }

  /** The target of a local reference (`#/components/...`), or undefined for an external or dangling one. */
  lookup(ref: string): Located | undefined {
    if (!ref.startsWith('#')) return undefined;
    const pointer = localPointer(ref);
    if (pointer === undefined) return undefined;
    const node = valueAt(this.root, pointer);
    return node === undefined ? undefined : { node, pointer };
  }

  /**
   * Follows a chain of `$ref`s to the object it ends at. For parameters, request bodies,
   * responses, headers and path items, where OpenAPI ignores a `$ref`'s siblings. Undefined when
   * the chain is external, dangling, circular, or ends at something that is not an object.
   */
  deref(located: Located): Located<JsonObject> | undefined {
    let current = located;
    const seen = new Set<string>();
    while (isObject(current.node) && typeof current.node.$ref === 'string') {
      if (seen.has(current.pointer)) return undefined;
      seen.add(current.pointer);
      const target = this.lookup(current.node.$ref);
      if (!target) return undefined;
      current = target;
    }
    return isObject(current.node) ? { node: current.node, pointer: current.pointer } : undefined;
  }
}
