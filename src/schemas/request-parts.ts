/**
 * Objects that name a schema per part of the request, as celebrate's rules and the apps' own
 * validation factories write them (`{ params, query, body }`): which key is which part, and joi's
 * plain-object form of a schema (`{ email: Joi.string() }`), compiled with the app's own joi as
 * `Joi.compile` does.
 */
import type { RequestTarget } from './bindings.js';
import { isJoi, type JoiSchema } from './convert/joi.js';

export const REQUEST_PARTS: Readonly<Record<string, RequestTarget>> = { headers: 'header', params: 'path', query: 'query', cookies: 'cookie', signedCookies: 'cookie', body: 'body' };

/** Whether every key names a part of the request (and there is one). */
export function namesRequestParts(keys: readonly string[]): boolean {
  return keys.length > 0 && keys.every((key) => Object.hasOwn(REQUEST_PARTS, key));
}

/** The app's own joi, reached through any schema inside the plain object, compiles it. */
export function compileWithJoi(rule: unknown): JoiSchema | undefined {
  const root = findJoi(rule, 0)?.$_root;
  if (typeof root?.compile !== 'function') return undefined;
  const compiled = root.compile(rule);
  return isJoi(compiled) ? compiled : undefined;
}

function findJoi(value: unknown, depth: number): JoiSchema | undefined {
  if (isJoi(value)) return value;
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  for (const child of Object.values(value)) {
    const found = findJoi(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}
