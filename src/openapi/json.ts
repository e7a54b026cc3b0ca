/**
 * Reading OpenAPI documents that arrive as parsed JSON or YAML (`unknown`): shared by the route
 * walker, the document readers (diff, validate, tests, Markdown) and the 3.0 downgrade.
 */

/** The operation fields of an OpenAPI path item, in the order the specification lists them. */
export const OPENAPI_METHODS: readonly string[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const METHOD_SET: ReadonlySet<string> = new Set(OPENAPI_METHODS);

export function isOpenApiMethod(key: string): boolean {
  return METHOD_SET.has(key);
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
