/**
 * Builds the OpenAPI 3.1 document from the route model. Output is deterministic: paths are
 * sorted, methods follow OpenAPI's order, operationIds are assigned in that order, and source
 * locations are relative to the working directory.
 */
import { templateParams, type PathTemplate } from '../paths/template.js';
import type { SchemaBindings } from '../schemas/bindings.js';
import type { AppPackages } from '../schemas/convert/index.js';
import { DocumentSchemas, type MediaObject, type OperationFacts, type SchemaError } from '../schemas/document-schemas.js';
import type { JsonSchema, JsonValue } from '../schemas/json-schema.js';
import { resolve } from 'node:path';
import { commentBlocks } from '../jsdoc/index.js';
import { contradictions, withBlockWords } from './block-precedence.js';
import { blockParts, usedComponents, type BlockParts } from './comment-blocks.js';
import { sourceDocsPart } from './source-docs.js';
import { OPENAPI_METHODS } from './json.js';
import { isPlaceholderResponse, PLACEHOLDER } from './placeholder.js';
import { describe, type ForeignMount, type Operation, type Unrepresentable, type WalkResult } from './operations.js';
import type { DeclaredApi } from './declared.js';

export interface DocumentOptions {
  readonly title: string;
  readonly version: string;
  /** The process ended on an uncaught error: the document holds what was registered so far. */
  readonly incomplete: boolean;
  /** Which app of the process this document describes. */
  readonly app: AppDescription;
  /** The validators' schemas recorded in the process, and how to reach the app's converters. */
  readonly schemas?: { readonly bindings: SchemaBindings; readonly packages: AppPackages };
  /**
   * Read JSDoc and handler types from the registering files (relative ones from `cwd`), and
   * OpenAPI comment blocks from them and from `files` (the app's other loaded files).
   */
  readonly sourceDocs?: { readonly cwd: string; readonly files?: readonly string[] };
  /** What the app declared to a library that documents it (@hono/zod-openapi): it wins over what docgen infers. */
  readonly declared?: DeclaredApi;
}

export interface AppDescription {
  readonly framework: string;
  /** Its position among the process's root apps, in the order they were created. */
  readonly index: number;
  readonly of: number;
  /** Where the app was created (`file:line`). */
  readonly created: string | undefined;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
  example?: JsonValue;
  'x-docgen-wildcard'?: true;
  /** Learned from traffic (src/learn/to-openapi.ts). */
  'x-docgen-learned'?: true;
}

export interface ResponseObject {
  description: string;
  content?: Record<string, MediaObject>;
  'x-docgen-learned'?: true;
}

/** An entry of `components.securitySchemes` (the kinds docgen writes). */
export type SecuritySchemeObject =
  | { type: 'http'; scheme: 'bearer' | 'basic'; 'x-docgen-learned'?: true }
  | { type: 'apiKey'; in: 'header' | 'cookie' | 'query'; name: string; 'x-docgen-learned'?: true };

/** A security scheme as the document holds it: docgen's own kinds, or one a comment block declares. */
export type ComponentSecurityScheme = SecuritySchemeObject | JsonSchema;

/** What traffic taught about an operation (src/learn/to-openapi.ts). */
export interface LearnedMarker {
  exchanges: number;
  accepted: number;
  skippedBodies?: { request?: Record<string, number>; response?: Record<string, number> };
  /** Where more distinct names were seen than the learner keeps (src/learn/operation.ts, MAX_NAMES). */
  tooManyNames?: Array<'headers' | 'query'>;
}

export interface RequestBodyObject {
  description?: string;
  required: boolean;
  content: Record<string, MediaObject>;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
  security?: Array<Record<string, string[]>>;
  'x-docgen-source'?: string;
  'x-docgen-middleware'?: string[];
  'x-docgen-learned'?: LearnedMarker;
}

/**
 * What one source of knowledge contributes to an operation object: the app's source (JSDoc and
 * handler types, source-docs.ts), the validators' schemas, and what the app declared to a
 * library that documents it (declared.ts), merged in that order.
 */
export type OperationPart = Partial<Pick<OperationObject, 'summary' | 'description' | 'tags' | 'deprecated' | 'requestBody' | 'responses' | 'security'>> & {
  readonly parameters?: readonly ParameterObject[];
};

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationObject>>;
  /** docgen writes schemas and security schemes; a library's document may bring any section (declared.ts). */
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, ComponentSecurityScheme>; [section: string]: Record<string, unknown> | undefined };
  'x-docgen-unrepresentable'?: Unrepresentable[];
  'x-docgen-schema-errors'?: SchemaError[];
  'x-docgen-foreign-mounts'?: ForeignMount[];
  'x-docgen-incomplete'?: true;
  'x-docgen-app': AppDescription;
}

export interface BuildResult {
  readonly document: OpenApiDocument;
  readonly operationCount: number;
  readonly unrepresentable: readonly Unrepresentable[];
  readonly warnings: readonly string[];
  /** Schemas that could not be (fully) converted; also in `x-docgen-schema-errors`. */
  readonly schemaErrors: readonly SchemaError[];
  /** What the app's comment blocks say that the app does not (comment-blocks.ts, block-precedence.ts). */
  readonly sourceWarnings: readonly string[];
}

export function buildDocument(walked: WalkResult, options: DocumentOptions): BuildResult {
  const rows = walked.operations
    .map((op) => ({ op, template: op.template, path: op.path }))
    .sort((a, b) => compare(a.path, b.path) || methodRank(a.op.method) - methodRank(b.op.method) || compare(a.op.method, b.op.method));

  const declared = options.declared ? rows.map((row) => options.declared!.operation(row.op.method, row.path)) : [];
  const ids = assignOperationIds(rows, declared.map((op) => op?.operationId));
  // Reading bindings is a WeakMap lookup and two property reads per function; converting
  // happens only for the schemas found, and an app without any gets exactly the objects as before.
  const found = options.schemas ? new DocumentSchemas(options.schemas, rows.map((row) => row.op.functions)) : undefined;
  const schemas = found && !found.empty ? found : undefined;
  const blocks = options.sourceDocs ? commentBlockParts(rows, options.sourceDocs.cwd, options.sourceDocs.files ?? []) : undefined;
  const paths: OpenApiDocument['paths'] = {};
  const checks: Array<{ i: number; declared: OperationPart; written: readonly OperationPart[] }> = [];
  rows.forEach((row, i) => {
    const item = (paths[row.path] ??= {});
    const base = operationObject(row.op, row.template, ids[i]!);
    const fromSource = options.sourceDocs ? sourceDocsPart(row.op, base.parameters ?? [], options.sourceDocs.cwd) : undefined;
    const written = blocks?.parts.get(i) ?? [];
    let fromValidators: OperationPart | undefined = schemas?.has(i) ? schemas.partsFor(i, factsOf(row.op, row.template), ids[i]!) : undefined;
    if (fromValidators && written.length) {
      checks.push({ i, declared: fromValidators, written });
      fromValidators = withBlockWords(fromValidators, written);
    }
    const fromLibrary = declared[i];
    // Later parts win: code and comments, then validators, then what a library declares.
    item[row.op.method] = fromSource || fromValidators || fromLibrary || written.length ? mergeOperation(base, fromSource, ...written, fromValidators, fromLibrary) : base;
  });

  const validatorComponents = schemas?.components(paths as unknown as JsonValue);
  const used = blocks && usedComponents(paths as unknown as JsonValue, blocks, validatorComponents ?? {});
  const componentSchemas = validatorComponents || (used && Object.keys(used.schemas).length) ? { ...validatorComponents, ...used?.schemas } : undefined;
  const securitySchemes = used && Object.keys(used.securitySchemes).length ? used.securitySchemes : undefined;
  const components = withDeclaredComponents({ ...(componentSchemas ? { schemas: componentSchemas } : {}), ...(securitySchemes ? { securitySchemes } : {}) }, options.declared);
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version },
    paths,
    ...(components ? { components } : {}),
    'x-docgen-app': appDescription(options.app),
  };
  const sourceWarnings = [...(blocks?.warnings ?? []), ...(used?.warnings ?? [])];
  const deref = (schema: JsonSchema): JsonSchema => {
    const ref = schema.$ref;
    const name = typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
    return (name && (componentSchemas?.[name] ?? blocks?.schemas[name])) || schema;
  };
  for (const { i, declared, written } of checks) {
    const row = rows[i]!;
    const where = describe(row.op.location);
    for (const line of contradictions(declared, written, deref)) {
      sourceWarnings.push(`${row.op.method.toUpperCase()} ${row.path}${where ? ` (${where})` : ''}, ${line}: the validator's schema is kept (the block is at ${blocks!.places.get(i)})`);
    }
  }
  const unrepresentable = [...walked.unrepresentable].sort((a, b) => compare(a.path, b.path) || compare(a.method, b.method));
  if (unrepresentable.length) document['x-docgen-unrepresentable'] = unrepresentable;
  const schemaErrors = schemas?.errors ?? [];
  if (schemaErrors.length) document['x-docgen-schema-errors'] = schemaErrors;
  if (walked.foreign.length) document['x-docgen-foreign-mounts'] = [...walked.foreign].sort((a, b) => compare(a.path, b.path));
  if (options.incomplete) document['x-docgen-incomplete'] = true;
  return { document, operationCount: rows.length, unrepresentable, warnings: walked.warnings, schemaErrors, sourceWarnings };
}

/** The app's comment blocks (src/jsdoc/blocks.ts) in its registering files and `files`, as parts of its operations. */
function commentBlockParts(rows: readonly { op: Operation; path: string }[], cwd: string, files: readonly string[]): BlockParts | undefined {
  const registered = rows.map(({ op, path }) => ({ method: op.method, path, file: op.location ? resolve(cwd, op.location.file) : undefined, source: describe(op.location) }));
  const found = commentBlocks([...registered.flatMap((r) => (r.file ? [r.file] : [])), ...files], cwd);
  if (found.blocks.length === 0 && found.problems.length === 0) return undefined;
  return blockParts(found, registered, cwd);
}

/** docgen's components, then the library's sections over them (its `Book` is the app's `Book`). */
function withDeclaredComponents(own: NonNullable<OpenApiDocument['components']>, declared: DeclaredApi | undefined): OpenApiDocument['components'] | undefined {
  const components: NonNullable<OpenApiDocument['components']> = { ...own };
  // schemas first, then the library's other sections in its order: the same app, the same bytes.
  for (const [section, entries] of Object.entries(declared?.components ?? {}).sort(([a], [b]) => Number(b === 'schemas') - Number(a === 'schemas'))) {
    if (Object.keys(entries).length) components[section] = { ...components[section], ...entries };
  }
  return Object.keys(components).length ? components : undefined;
}

function factsOf(op: Operation, template: PathTemplate): OperationFacts {
  return { method: op.method, path: op.path, middleware: op.middleware, pathParams: templateParams(template).map((p) => p.name), source: describe(op.location) || undefined };
}


function operationObject(op: Operation, template: PathTemplate, operationId: string): OperationObject {
  const parameters = templateParams(template).map((param): ParameterObject => ({
    name: param.name,
    in: 'path',
    required: true,
    schema: { type: 'string', ...(param.pattern ? { pattern: `^(?:${param.pattern})$` } : {}) },
    ...(param.wildcard ? { 'x-docgen-wildcard': true as const } : {}),
  }));
  const source = describe(op.location);
  return {
    operationId,
    ...(parameters.length ? { parameters } : {}),
    responses: { default: { description: PLACEHOLDER } },
    ...(source ? { 'x-docgen-source': source } : {}),
    ...(op.middleware.length ? { 'x-docgen-middleware': op.middleware } : {}),
  };
}

/**
 * Merges parts into an operation object, later parts over earlier ones: texts are replaced,
 * tags added, parameters matched by location and name (a part's schema replaces docgen's
 * string for a path parameter), a request body replaced, responses added by status (declared
 * responses drop docgen's placeholder; one a part keeps beside its statuses, as the handler's code
 * does, gives way to a later part's responses). The result's keys are always in the same order.
 */
export function mergeOperation(base: OperationObject, ...parts: Array<OperationPart | undefined>): OperationObject {
  const merged: OperationObject = { ...base, responses: { ...base.responses } };
  let placeholder = Object.keys(base.responses).length === 1 && isPlaceholderResponse(base.responses.default);
  for (const part of parts) {
    if (!part) continue;
    if (part.summary !== undefined) merged.summary = part.summary;
    if (part.description !== undefined) merged.description = part.description;
    if (part.deprecated !== undefined) merged.deprecated = part.deprecated;
    if (part.tags?.length) merged.tags = [...new Set([...(merged.tags ?? []), ...part.tags])];
    if (part.parameters?.length) merged.parameters = mergeParameters(merged.parameters ?? [], part.parameters);
    if (part.requestBody) merged.requestBody = part.requestBody;
    if (part.security) merged.security = part.security;
    if (part.responses && Object.keys(part.responses).length) {
      if (placeholder) merged.responses = {};
      // A `default` placeholder a part kept beside the statuses its code sends gives way to a later part's responses.
      else if (isPlaceholderResponse(merged.responses.default) && !part.responses.default) delete merged.responses.default;
      placeholder = false;
      Object.assign(merged.responses, part.responses);
      // docgen's own placeholder, when a part keeps it, stays last.
      const kept = merged.responses.default;
      if (kept && isPlaceholderResponse(kept)) {
        delete merged.responses.default;
        merged.responses.default = kept;
      }
    }
    if (part.security) merged.security = part.security;
  }
  const { operationId, summary, description, tags, deprecated, parameters, requestBody, responses, security } = merged;
  return {
    operationId,
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tags ? { tags } : {}),
    ...(deprecated !== undefined ? { deprecated } : {}),
    ...(parameters?.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(security ? { security } : {}),
    ...(merged['x-docgen-source'] ? { 'x-docgen-source': merged['x-docgen-source'] } : {}),
    ...(merged['x-docgen-middleware'] ? { 'x-docgen-middleware': merged['x-docgen-middleware'] } : {}),
  };
}

function mergeParameters(base: readonly ParameterObject[], added: readonly ParameterObject[]): ParameterObject[] {
  const out = base.map((p) => ({ ...p }));
  for (const param of added) {
    const existing = out.find((p) => p.in === param.in && p.name === param.name);
    if (!existing) out.push({ ...param });
    // A path parameter stays required and keeps what docgen learned from the path (wildcard).
    else Object.assign(existing, param, existing.in === 'path' ? { required: true } : {});
  }
  return out.map(orderedParameter);
}

/** One key order for every parameter, whichever parts it came from. */
function orderedParameter(param: ParameterObject): ParameterObject {
  const { name, in: where, description, required, schema, 'x-docgen-wildcard': wildcard, ...rest } = param;
  return {
    name,
    in: where,
    ...(description !== undefined ? { description } : {}),
    ...(required !== undefined ? { required } : {}),
    ...rest,
    schema,
    ...(wildcard ? { 'x-docgen-wildcard': wildcard } : {}),
  };
}

/**
 * The operationId the app declared to a library, a route name or the handler's own name when it
 * identifies one operation; otherwise a name made from the method and path. Ties get a numeric
 * suffix in document order.
 */
function assignOperationIds(rows: readonly { op: Operation; path: string }[], declared: readonly (string | undefined)[]): string[] {
  const nameCounts = new Map<string, number>();
  const preferred = rows.map(({ op }, i) => declared[i] ?? op.routeName ?? (op.handler === '<anonymous>' ? undefined : op.handler));
  for (const name of preferred) if (name) nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  const taken = new Set<string>();
  return rows.map(({ op, path }, i) => {
    const name = preferred[i];
    const base = name && nameCounts.get(name) === 1 ? name : derivedId(op.method, path);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    return id;
  });
}

// Segments repeat across a large app's paths (`{id}`, `items`): each is converted once.
const idWords = new Map<string, string>();

function derivedId(method: string, path: string): string {
  let words = '';
  let segments = 0;
  for (const segment of path.split('/')) {
    if (segment === '') continue;
    segments++;
    const param = segment.length > 2 && segment.startsWith('{') && segment.endsWith('}');
    let word = idWords.get(segment);
    if (word === undefined) idWords.set(segment, (word = pascalCase(param ? `by-${segment.slice(1, -1)}` : segment)));
    words += word;
  }
  return method + (segments ? words : 'Root');
}

/** `by-user_id` -> `ByUserId`: runs of other characters dropped, the letter after each capitalised. */
function pascalCase(word: string): string {
  let out = '';
  let upper = true;
  for (const char of word) {
    const code = char.charCodeAt(0);
    const alphanumeric = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!alphanumeric) upper = true;
    else {
      out += upper ? char.toUpperCase() : char;
      upper = false;
    }
  }
  return out;
}

function methodRank(method: string): number {
  const i = OPENAPI_METHODS.indexOf(method);
  return i === -1 ? OPENAPI_METHODS.length : i;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Drops an unknown creation site rather than writing `undefined`. */
function appDescription(app: AppDescription): AppDescription {
  return app.created ? app : { framework: app.framework, index: app.index, of: app.of, created: undefined };
}
