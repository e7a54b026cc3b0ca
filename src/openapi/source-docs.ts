/**
 * What the app's source says about an operation, as an OperationPart: the JSDoc above its
 * registration (or above its named handler), the types its handler writes down, and the
 * statuses, bodies and request fields its code sends and reads. Read at build time from the file
 * and line docgen recorded; the validators' part is merged after this one, so a schema the app
 * checks at run time wins over a type it only wrote. Within this part: JSDoc's words, then the
 * statuses the code sends (with their literal bodies), then the written types' bodies over those.
 */
import { isAbsolute, resolve } from 'node:path';
import { readNamedHandler, readRegistration, statusDescription, type DocumentedParameter, type HandlerIo, type OperationDocs, type RegistrationSource, type TypeShapes } from '../jsdoc/index.js';
import { exportSiteOf } from '../loading/exported-functions.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import type { OperationPart, ParameterObject, ResponseObject } from './document.js';
import { PLACEHOLDER } from './placeholder.js';
import type { Operation } from './operations.js';

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

export function sourceDocsPart(op: Operation, baseParameters: readonly ParameterObject[], cwd: string): OperationPart | undefined {
  const location = op.location;
  if (!location) return undefined;
  const file = absolute(location.file, cwd);
  const source = withExportedHandler(readRegistration(file, location.line, op.handler, op.method), op.functions[op.functions.length - 1]);
  const docs = source?.docs;
  const types = source?.types;
  const io = source?.io;
  if (!docs && !types && !io) return undefined;

  const part: { -readonly [K in keyof OperationPart]: OperationPart[K] } = {};
  if (docs?.summary) part.summary = docs.summary;
  const description = describeWithExamples(docs);
  if (description) part.description = description;
  if (docs?.tags.length) part.tags = docs.tags;
  if (docs?.deprecated) part.deprecated = true;

  const written = [...typedParameters(types, baseParameters), ...documentedParameters(docs?.params ?? [], baseParameters)];
  const parameters = [...written, ...readParameters(io, [...baseParameters, ...written])];
  if (parameters.length) part.parameters = parameters;
  const body = types?.requestBody ?? readBody(io);
  if (body) part.requestBody = { required: true, content: { 'application/json': { schema: json(body) } } };
  const responses = responsesOf(docs, types, io);
  if (responses) part.responses = responses;
  return part;
}

/**
 * A handler not written in the registration's file (`userController.createUser`) is read in the
 * app module that exports it; the registration's own JSDoc still comes first.
 */
function withExportedHandler(source: RegistrationSource | undefined, handler: unknown): RegistrationSource | undefined {
  if (source?.io || source?.types) return source;
  const site = exportSiteOf(handler);
  const exported = site && readNamedHandler(site.file, site.name);
  if (!exported) return source;
  return { docs: source?.docs ?? exported.docs, types: exported.types, io: exported.io };
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

/** Query parameters and headers the code reads that nothing else describes: no type known. */
function readParameters(io: HandlerIo | undefined, known: readonly ParameterObject[]): ParameterObject[] {
  if (!io) return [];
  const has = (where: string, name: string): boolean => known.some((p) => p.in === where && p.name.toLowerCase() === name.toLowerCase());
  return [
    ...io.query.filter((name) => !has('query', name)).map((name): ParameterObject => ({ name, in: 'query', schema: {} })),
    ...io.headers.filter((name) => !has('header', name)).map((name): ParameterObject => ({ name, in: 'header', schema: {} })),
  ];
}

/** The request body properties the code reads, of no known type. */
function readBody(io: HandlerIo | undefined): JsonSchema | undefined {
  if (!io?.bodyFields.length) return undefined;
  return { type: 'object', properties: Object.fromEntries(io.bodyFields.map((name) => [name, {}])) };
}

function responsesOf(docs: OperationDocs | undefined, types: TypeShapes | undefined, io: HandlerIo | undefined): Record<string, ResponseObject> | undefined {
  const responses: Record<string, ResponseObject> = {};
  for (const response of docs?.responses ?? []) responses[response.status] = { description: response.description };
  for (const sent of io?.responses ?? []) {
    // A status the comment documents keeps its words; the code adds the body it sends.
    const status = String(sent.status);
    const content = Object.entries(sent.content);
    responses[status] = {
      description: responses[status]?.description ?? statusDescription(sent.status),
      ...(content.length ? { content: Object.fromEntries(content.map(([mediaType, schema]) => [mediaType, { schema: json(schema) }])) } : {}),
    };
  }
  // The code shows what the handler sends, not all the operation answers (middleware, thrown
  // errors): without a `@response` list, docgen's `default` stays beside the code's statuses.
  const fromCodeOnly = !docs?.responses.length && !!io?.responses.length;
  if (types?.responseBody) {
    // Express types say the body, not the status: the one documented or sent success, else any 2XX.
    const documentedSuccess = Object.keys(responses).filter((status) => /^2(\d\d|XX)$/.test(status));
    const status = types.responseStatus !== undefined ? String(types.responseStatus) : documentedSuccess.length === 1 ? documentedSuccess[0]! : '2XX';
    responses[status] = { description: responses[status]?.description ?? 'Success', content: { 'application/json': { schema: json(types.responseBody) } } };
  }
  if (fromCodeOnly) responses.default = { description: PLACEHOLDER };
  return Object.keys(responses).length ? responses : undefined;
}

// The JSDoc reader's schemas are plain JSON: the same values, typed by their own interface.
function json(schema: object): JsonSchema {
  return schema as JsonSchema;
}
