/**
 * Reading an OpenAPI 3.0/3.1 document that arrives as `unknown` (parsed JSON or YAML): JSON
 * pointers, local `$ref` resolution and the list of operations. Shared by the validator and the
 * test generator; nothing here assumes the document is schema-valid.
 */

import { child, localPointer, valueAt } from '../openapi/json-pointer.js';
import { isObject, isOpenApiMethod } from '../openapi/json.js';

export type Obj = Readonly<Record<string, unknown>>;

export { isObject };

/** `object[key]` for own properties only: keys come from the document (`__proto__`, `constructor`). */
export function own(object: Obj, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}



export interface Resolved {
  readonly value: unknown;
  /** Where the value was found: the input's own location when it was not a reference. */
  readonly pointer: string;
}

/**
 * Follows same-document `$ref`s until a non-reference object. Undefined when a reference does
 * not resolve, points outside the document, or the chain loops.
 */
export function resolve(root: unknown, value: unknown, pointer: string): Resolved | undefined {
  const seen = new Set<string>();
  let current: Resolved = { value, pointer };
  while (isObject(current.value) && typeof current.value.$ref === 'string') {
    const target = localPointer(current.value.$ref);
    if (target === undefined || seen.has(target)) return undefined;
    seen.add(target);
    const found = valueAt(root, target);
    if (found === undefined) return undefined;
    current = { value: found, pointer: target };
  }
  return current;
}

export interface OperationEntry {
  /** The path template (`/books/{id}`) or, for webhooks, the webhook's name. */
  readonly key: string;
  readonly kind: 'path' | 'webhook';
  readonly method: string;
  readonly operation: Obj;
  /** Where the operation object is; inside components when its Path Item is a `$ref`. */
  readonly pointer: string;
  readonly pathItem: Obj;
  readonly pathItemPointer: string;
}

/** Every operation under `paths` and then `webhooks`, in document order. */
export function operations(document: Obj): OperationEntry[] {
  const found: OperationEntry[] = [];
  for (const kind of ['path', 'webhook'] as const) {
    const section = kind === 'path' ? 'paths' : 'webhooks';
    const items = document[section];
    if (!isObject(items)) continue;
    for (const [key, raw] of Object.entries(items)) {
      if (key.startsWith('x-')) continue;
      const item = resolve(document, raw, child('', section, key));
      if (!item || !isObject(item.value)) continue;
      for (const [method, operation] of Object.entries(item.value)) {
        if (!isOpenApiMethod(method) || !isObject(operation)) continue;
        found.push({ key, kind, method, operation, pointer: child(item.pointer, method), pathItem: item.value, pathItemPointer: item.pointer });
      }
    }
  }
  return found;
}

export interface ParameterEntry {
  readonly parameter: Obj;
  /** Where the parameter is declared (the `$ref` itself when it is a reference). */
  readonly pointer: string;
  readonly level: 'path' | 'operation';
}

/**
 * The parameters that apply to an operation: the Path Item's, overridden by the operation's own
 * with the same name and location. `$ref`s are resolved; ones that do not resolve are left out.
 */
export function parametersOf(document: Obj, entry: OperationEntry): ParameterEntry[] {
  const byKey = new Map<string, ParameterEntry>();
  const lists = [
    { list: entry.pathItem.parameters, pointer: child(entry.pathItemPointer, 'parameters'), level: 'path' as const },
    { list: entry.operation.parameters, pointer: child(entry.pointer, 'parameters'), level: 'operation' as const },
  ];
  for (const { list, pointer, level } of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw: unknown, i) => {
      const resolved = resolve(document, raw, child(pointer, i));
      if (!resolved || !isObject(resolved.value)) return;
      const parameter = resolved.value;
      if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') return;
      byKey.set(`${parameter.in}\u0000${parameter.name}`, { parameter, pointer: child(pointer, i), level });
    });
  }
  return [...byKey.values()];
}

/** The `{name}` expressions of a path template, in order, without repeats. */
export function templateNames(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!))];
}

/**
 * `'3.0'`/`'3.1'` from the `openapi` field, or undefined for anything else. Only the prefix is
 * checked: the official schema reports a malformed rest (`3.1`, `3.0.x`) more precisely.
 */
export function openApiVersion(document: unknown): '3.0' | '3.1' | undefined {
  if (!isObject(document) || typeof document.openapi !== 'string') return undefined;
  const match = /^3\.([01])(\.|$)/.exec(document.openapi);
  return match ? (match[1] === '0' ? '3.0' : '3.1') : undefined;
}
