/**
 * Every Schema Object of an OpenAPI 3.1 document, checked against the JSON Schema dialect it is
 * written in: its own `$schema`, else the document's `jsonSchemaDialect`, else the OpenAPI 3.1
 * dialect. The Schema Objects are found where the specification puts them (components.schemas,
 * parameters, headers, media types of request bodies and responses, in paths, webhooks,
 * callbacks and components); the dialect's meta-schema checks the schemas nested in each.
 * Reference Objects are not followed: what they point to is checked where it is.
 *
 * OpenAPI 3.0 needs none of this: its official schema spells out the 3.0 Schema Object, and
 * ./schema.ts checks every Schema Object with it.
 */
import { child } from '../openapi/json-pointer.js';
import { isOpenApiMethod } from '../openapi/json.js';
import { OAS_31_DIALECT, dialectCheck } from './dialects.js';
import type { Finding } from './finding.js';
import { readable, type AjvError } from './schema.js';
import { isObject, type Obj } from './spec.js';

export interface SchemaObjectEntry {
  readonly pointer: string;
  readonly schema: unknown;
}

export interface DialectFindings {
  readonly errors: Finding[];
  /** Schema Objects in a dialect docgen cannot check, one warning per dialect. */
  readonly warnings: Finding[];
}

export function schemaObjectFindings(document: Obj): DialectFindings {
  const declared = typeof document.jsonSchemaDialect === 'string' ? document.jsonSchemaDialect : OAS_31_DIALECT;
  const errors: AjvError[] = [];
  /** Each dialect docgen cannot check, with where it is first declared. */
  const unknown = new Map<string, string>();
  for (const { pointer, schema } of schemaObjects(document)) {
    const own = isObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : undefined;
    const dialect = own ?? declared;
    const check = dialectCheck(dialect);
    if (check) for (const e of check(schema)) errors.push({ ...e, instancePath: pointer + e.instancePath });
    else if (!unknown.has(dialect)) unknown.set(dialect, own === undefined ? '/jsonSchemaDialect' : child(pointer, '$schema'));
  }
  const warnings = [...unknown].map(([dialect, location]): Finding => ({
    rule: 'schema-dialect-unknown',
    severity: 'warning',
    location,
    message: `the JSON Schema dialect ${JSON.stringify(dialect)} is not one docgen knows (the OpenAPI 3.1 dialect, JSON Schema 2020-12): Schema Objects in it were not checked`,
  }));
  return { errors: readable(errors, document), warnings };
}

/** The Schema Objects of a document, in document order, each with its JSON pointer. */
export function schemaObjects(document: Obj): SchemaObjectEntry[] {
  const found: SchemaObjectEntry[] = [];
  const schema = (value: unknown, pointer: string): void => {
    if (value !== undefined) found.push({ pointer, schema: value });
  };
  const content = (value: unknown, pointer: string): void => {
    for (const [type, media] of entries(value, pointer)) {
      if (!isObject(media)) continue;
      schema(media.schema, child(type, 'schema'));
      for (const [name, encoding] of entries(media.encoding, child(type, 'encoding'))) {
        if (isObject(encoding)) for (const [header, headerValue] of entries(encoding.headers, child(name, 'headers'))) headerOrParameter(headerValue, header);
      }
    }
  };
  // Parameter and Header Objects hold their schema the same way: `schema` or `content`.
  const headerOrParameter = (value: unknown, pointer: string): void => {
    if (!isObject(value) || value.$ref !== undefined) return;
    schema(value.schema, child(pointer, 'schema'));
    content(value.content, child(pointer, 'content'));
  };
  const requestBody = (value: unknown, pointer: string): void => {
    if (isObject(value) && value.$ref === undefined) content(value.content, child(pointer, 'content'));
  };
  const response = (value: unknown, pointer: string): void => {
    if (!isObject(value) || value.$ref !== undefined) return;
    for (const [header, headerValue] of entries(value.headers, child(pointer, 'headers'))) headerOrParameter(headerValue, header);
    content(value.content, child(pointer, 'content'));
  };
  const parameters = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) value.forEach((parameter: unknown, i) => headerOrParameter(parameter, child(pointer, i)));
  };
  const callback = (value: unknown, pointer: string): void => {
    if (isObject(value) && value.$ref === undefined) for (const [expression, item] of entries(value, pointer)) pathItem(item, expression);
  };
  const operation = (value: unknown, pointer: string): void => {
    if (!isObject(value)) return;
    parameters(value.parameters, child(pointer, 'parameters'));
    requestBody(value.requestBody, child(pointer, 'requestBody'));
    for (const [status, answer] of entries(value.responses, child(pointer, 'responses'))) response(answer, status);
    for (const [name, expressions] of entries(value.callbacks, child(pointer, 'callbacks'))) callback(expressions, name);
  };
  // A Path Item may be a `$ref` (followed where it points) with fields of its own beside it.
  const pathItem = (value: unknown, pointer: string): void => {
    if (!isObject(value)) return;
    parameters(value.parameters, child(pointer, 'parameters'));
    for (const [method, op] of Object.entries(value)) if (isOpenApiMethod(method)) operation(op, child(pointer, method));
  };

  for (const [path, item] of entries(document.paths, '/paths')) pathItem(item, path);
  for (const [name, item] of entries(document.webhooks, '/webhooks')) pathItem(item, name);
  const components = document.components;
  if (isObject(components)) {
    const at = (section: string): [string, unknown][] => entries(components[section], child('/components', section));
    for (const [pointer, value] of at('schemas')) schema(value, pointer);
    for (const [pointer, value] of at('parameters')) headerOrParameter(value, pointer);
    for (const [pointer, value] of at('headers')) headerOrParameter(value, pointer);
    for (const [pointer, value] of at('requestBodies')) requestBody(value, pointer);
    for (const [pointer, value] of at('responses')) response(value, pointer);
    for (const [pointer, value] of at('callbacks')) callback(value, pointer);
    for (const [pointer, value] of at('pathItems')) pathItem(value, pointer);
  }
  return found;
}

/** `[pointer, value]` of each entry of a map, leaving out specification extensions. */
function entries(map: unknown, pointer: string): [string, unknown][] {
  if (!isObject(map)) return [];
  return Object.entries(map)
    .filter(([key]) => !key.startsWith('x-'))
    .map(([key, value]): [string, unknown] => [child(pointer, key), value]);
}
