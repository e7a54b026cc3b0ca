/** JSON values and JSON Schema objects as docgen writes them into the document. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonSchema = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonSchema {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A plain JSON copy of what a converter returned: functions, undefined and symbols dropped,
 * non-finite numbers and cycles refused (the document must serialise the same every time).
 */
export function toJson(value: unknown, seen: Set<object> = new Set()): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) throw new Error('the converter returned a cyclic object');
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toJson(item, seen) ?? null);
    if (value instanceof RegExp) return value.source;
    const out: JsonSchema = {};
    for (const [key, item] of Object.entries(value)) {
      const json = toJson(item, seen);
      if (json !== undefined) out[key] = json;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The JSON Schema type of a JSON value: `integer` for a number without a fraction. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Canonical text of a JSON value (keys sorted), to tell equal schemas apart from different ones. */
export function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Calls `visit` on every object inside `value`, depth first, parents before children. */
export function walkObjects(value: JsonValue, visit: (object: JsonSchema) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkObjects(item, visit);
  } else if (value && typeof value === 'object') {
    visit(value);
    for (const item of Object.values(value)) walkObjects(item, visit);
  }
}
