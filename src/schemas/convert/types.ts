import type { JsonSchema } from '../json-schema.js';

/** Request schemas describe what the validator accepts; response schemas what the app sends. */
export type Direction = 'input' | 'output';

export interface Conversion {
  /** The schema library, as reports name it: `zod`, `zod 3`, `valibot`, `arktype`, `joi`... */
  readonly library: string;
  /** The JSON Schema (2020-12) of the root, without `$schema` and `$defs`; undefined if none could be made. */
  readonly schema: JsonSchema | undefined;
  /** Named subschemas the root refers to as `#/$defs/<name>`. */
  readonly defs: Readonly<Record<string, JsonSchema>>;
  /** What could not be expressed, one sentence each; the schema may still be there without it. */
  readonly problems: readonly string[];
  /** A name for the root from the library's metadata (joi's `meta({ className })`, `.id()`). */
  readonly name?: string;
}

/** How converters reach the app's own packages (`@valibot/to-json-schema`), never docgen's. */
export interface AppPackages {
  require(id: string): unknown;
}
