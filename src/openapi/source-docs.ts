/**
 * What the app's source says about an operation, as an OperationPart: the JSDoc above its
 * registration (or above its named handler) and the types its handler writes down. Read at
 * build time from the file and line docgen recorded; the validators' part is merged after this
 * one, so a schema the app checks at run time wins over a type it only wrote.
 */
import { isAbsolute, resolve } from 'node:path';
import { readRegistration, type DocumentedParameter, type OperationDocs, type TypeShapes } from '../jsdoc/index.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import type { OperationPart, ParameterObject, ResponseObject } from './document.js';
import type { Operation } from './operations.js';

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

export function sourceDocsPart(op: Operation, baseParameters: readonly ParameterObject[], cwd: string): OperationPart | undefined {
  const location = op.location;
  if (!location) return undefined;
  const file = absolute(location.file, cwd);
  const source = readRegistration(file, location.line, op.handler, op.method);
  const docs = source?.docs;
  const types = source?.types;
  if (!docs && !types) return undefined;

  const part: { -readonly [K in keyof OperationPart]: OperationPart[K] } = {};
  if (docs?.summary) part.summary = docs.summary;
  const description = describeWithExamples(docs);
  if (description) part.description = description;
  if (docs?.tags.length) part.tags = docs.tags;
  if (docs?.deprecated) part.deprecated = true;

  const parameters = [...typedParameters(types, baseParameters), ...documentedParameters(docs?.params ?? [], baseParameters)];
  if (parameters.length) part.parameters = parameters;
  if (types?.requestBody) part.requestBody = { required: true, content: { 'application/json': { schema: json(types.requestBody) } } };
  const responses = responsesOf(docs, types);
  if (responses) part.responses = responses;
  return part;
}

// Every operation of a route file asks with the same relative name: resolve it once.
const absolutePaths = new Map<string, string>();
function absolute(file: string, cwd: string): string {
  let path = absolutePaths.get(file);
  if (path === undefined) absolutePaths.set(file, (path = isAbsolute(file) ? file : resolve(cwd, file)));
  return path;
}

/** `@example` blocks follow the description, as code: OpenAPI has no operation-level example. */
function describeWithExamples(docs: OperationDocs | undefined): string | undefined {
  if (!docs) return undefined;
  const examples = docs.examples.map((example) => `Example:\n\n\`\`\`\n${example}\n\`\`\``);
  const text = [docs.description, ...examples].filter((t): t is string => !!t).join('\n\n');
  return text || undefined;
}

function documentedParameters(params: readonly DocumentedParameter[], base: readonly ParameterObject[]): ParameterObject[] {
  return params.map((param) => {
    const where = param.in ?? (base.some((p) => p.in === 'path' && p.name === param.name) ? 'path' : 'query');
    const existing = base.find((p) => p.in === where && p.name === param.name);
    const type = param.type?.toLowerCase();
    const schema: JsonSchema = type && JSON_TYPES.has(type) ? { type } : (existing?.schema ?? { type: 'string' });
    return {
      name: param.name,
      in: where,
      ...(where === 'path' ? { required: true } : param.required !== undefined ? { required: param.required } : {}),
      ...(param.description ? { description: param.description } : {}),
      schema,
    };
  });
}

/** Path and query parameters from `Request<Params, ResBody, ReqBody, Query>`. */
function typedParameters(types: TypeShapes | undefined, base: readonly ParameterObject[]): ParameterObject[] {
  const out: ParameterObject[] = [];
  for (const [where, shape] of [['path', types?.params], ['query', types?.query]] as const) {
    if (!shape?.properties) continue;
    const required = new Set(shape.required ?? []);
    for (const [name, schema] of Object.entries(shape.properties)) {
      // A typed path parameter that the path does not have is the type's mistake, not a parameter.
      if (where === 'path' && !base.some((p) => p.in === 'path' && p.name === name)) continue;
      out.push({ name, in: where, ...(where === 'path' || required.has(name) ? { required: true } : {}), schema: json(schema) });
    }
  }
  return out;
}

function responsesOf(docs: OperationDocs | undefined, types: TypeShapes | undefined): Record<string, ResponseObject> | undefined {
  const responses: Record<string, ResponseObject> = {};
  for (const response of docs?.responses ?? []) responses[response.status] = { description: response.description };
  if (types?.responseBody) {
    // Express types say the body, not the status: the one documented success, else any 2XX.
    const documentedSuccess = Object.keys(responses).filter((status) => /^2(\d\d|XX)$/.test(status));
    const status = types.responseStatus !== undefined ? String(types.responseStatus) : documentedSuccess.length === 1 ? documentedSuccess[0]! : '2XX';
    responses[status] = { description: responses[status]?.description ?? 'Success', content: { 'application/json': { schema: json(types.responseBody) } } };
  }
  return Object.keys(responses).length ? responses : undefined;
}

// The JSDoc reader's schemas are plain JSON: the same values, typed by their own interface.
function json(schema: object): JsonSchema {
  return schema as JsonSchema;
}
