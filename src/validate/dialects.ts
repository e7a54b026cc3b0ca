/**
 * The JSON Schema dialects an OpenAPI 3.1 document's Schema Objects are checked against: the
 * OpenAPI 3.1 dialect (JSON Schema 2020-12 plus the OpenAPI vocabulary: discriminator, xml,
 * externalDocs, example), the default, and plain JSON Schema 2020-12. A Schema Object is data
 * validated against the dialect's meta-schema with ajv's 2020-12 implementation (the official
 * OpenAPI schema only checks that a Schema Object is an object or a boolean).
 *
 * The meta-schema of the OpenAPI vocabulary below is written from the Schema Object section of
 * the OpenAPI 3.1 specification; it is not fetched (docgen reads nothing from the network).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
/** The OpenAPI 3.1 dialect, as the specification names it (`jsonSchemaDialect`'s default). */
export const OAS_31_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';
const OAS_31_VOCABULARY_META = 'https://spec.openapis.org/oas/3.1/meta/base';
/** The dated identifiers the OpenAPI Initiative publishes the same dialect under. */
const OAS_31_DATED_DIALECT = /^https:\/\/spec\.openapis\.org\/oas\/3\.1\/dialect\/\d{4}-\d{2}-\d{2}$/;

/** An object that may carry specification extensions (`x-...`) and nothing but `fields`. */
function extensible(fields: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> {
  return { type: 'object', properties: fields, required, patternProperties: { '^x-': true }, additionalProperties: false };
}

/** The OpenAPI vocabulary: the Schema Object's fields that JSON Schema 2020-12 does not define. */
const OAS_VOCABULARY_META_SCHEMA = {
  $id: OAS_31_VOCABULARY_META,
  $schema: JSON_SCHEMA_2020_12,
  $dynamicAnchor: 'meta',
  type: ['object', 'boolean'],
  properties: {
    discriminator: extensible({ propertyName: { type: 'string' }, mapping: { type: 'object', additionalProperties: { type: 'string' } } }, ['propertyName']),
    xml: extensible({
      name: { type: 'string' },
      namespace: { type: 'string', format: 'uri' },
      prefix: { type: 'string' },
      attribute: { type: 'boolean' },
      wrapped: { type: 'boolean' },
    }),
    externalDocs: extensible({ description: { type: 'string' }, url: { type: 'string', format: 'uri-reference' } }, ['url']),
    example: true,
  },
};

/**
 * The dialect's meta-schema: both vocabularies' meta-schemas, under one `$dynamicAnchor` so that
 * every nested schema (properties, items, allOf...) is checked against the whole dialect.
 */
const OAS_DIALECT_META_SCHEMA = {
  $id: OAS_31_DIALECT,
  $schema: JSON_SCHEMA_2020_12,
  $dynamicAnchor: 'meta',
  allOf: [{ $ref: JSON_SCHEMA_2020_12 }, { $ref: OAS_31_VOCABULARY_META }],
};

export type SchemaCheck = (schema: unknown) => readonly ErrorObject[];

interface Checkers {
  readonly oas: ValidateFunction;
  readonly jsonSchema: ValidateFunction;
}

let checkers: Checkers | undefined;

function makeCheckers(): Checkers {
  // validateSchema off: ajv would otherwise compile its 2020-12 meta-schema in the constructor,
  // before the formats below exist, and ignore `format` (a `pattern` that is no regex) in it.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  const addFormats = addFormatsPlugin as unknown as (instance: Ajv2020) => Ajv2020;
  addFormats(ajv);
  // A pattern is valid when JavaScript compiles it, with or without the `u` flag (ajv-formats
  // demands `u`, which rejects escapes such as `\_` that documents use and engines accept).
  ajv.addFormat('regex', (pattern: string) => compiles(pattern, 'u') || compiles(pattern, ''));
  ajv.addSchema(OAS_VOCABULARY_META_SCHEMA);
  return { oas: ajv.compile(OAS_DIALECT_META_SCHEMA), jsonSchema: ajv.getSchema(JSON_SCHEMA_2020_12)! };
}

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * The check for Schema Objects of `dialect` (a `jsonSchemaDialect` or `$schema` value), or
 * undefined for a dialect docgen does not know.
 */
export function dialectCheck(dialect: string): SchemaCheck | undefined {
  const id = dialect.endsWith('#') ? dialect.slice(0, -1) : dialect;
  const known = id === OAS_31_DIALECT || OAS_31_DATED_DIALECT.test(id) ? 'oas' : id === JSON_SCHEMA_2020_12 ? 'jsonSchema' : undefined;
  if (!known) return undefined;
  return (schema) => {
    const validate = (checkers ??= makeCheckers())[known];
    return validate(schema) ? [] : (validate.errors ?? []);
  };
}
