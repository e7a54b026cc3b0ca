/**
 * swagger-jsdoc and express-jsdoc-swagger blocks (src/jsdoc/blocks.ts) as parts of the
 * operations they describe. Each block path is matched to a registered operation
 * (block-match.ts); the document keeps the app's path and parameter names, and every
 * difference is a warning: a renamed path parameter, a block path the app does not register
 * (left out: never a phantom path), an ambiguous one. `$ref`s to `components.parameters`,
 * `requestBodies` and `responses` are written out in the operation; `components.schemas` and
 * `securitySchemes` stay components, and those the document uses are added to it.
 */
import { relative } from 'node:path';
import { isObject, type AppCommentBlocks, type BlockJson, type BlockObject, type CommentBlock } from '../jsdoc/index.js';
import type { JsonSchema, JsonValue } from '../schemas/json-schema.js';
import { matchBlockPath, type Registered } from './block-match.js';
import type { OperationPart, ParameterObject, ResponseObject } from './document.js';
import type { MediaObject } from '../schemas/document-schemas.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Top-level keys of a block that are not paths (swagger-jsdoc's `organize`). */
const NOT_PATHS = new Set(['components', 'paths', 'tags', 'security', 'definitions', 'schemas', 'responses', 'parameters', 'securityDefinitions', 'consumes', 'produces', 'channels', 'openapi', 'swagger', 'info', 'servers', 'externalDocs', 'webhooks']);
const LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

export interface BlockParts {
  /** The parts of the blocks that describe each operation (by its index among `operations`), in file order. */
  readonly parts: ReadonlyMap<number, readonly OperationPart[]>;
  /** Where those blocks are (`file:line`), for warnings. */
  readonly places: ReadonlyMap<number, string>;
  /** `components.schemas` and `components.securitySchemes` the blocks declare. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  readonly securitySchemes: Readonly<Record<string, JsonSchema>>;
  readonly warnings: readonly string[];
}

export function blockParts(found: AppCommentBlocks, operations: readonly Registered[], cwd: string): BlockParts {
  const warnings = found.problems.map((problem) => `${display(problem.file, cwd)}:${problem.line}: ${problem.message}`);
  const components = componentsOf(found.blocks);
  const parts = new Map<number, OperationPart[]>();
  const places = new Map<number, string>();
  const indexOf = new Map(operations.map((op, i) => [op, i]));
  for (const block of found.blocks) {
    const where = `${display(block.file, cwd)}:${block.line}`;
    for (const [path, item] of pathItems(block)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const said = `${where}: ${block.kind} documents ${method.toUpperCase()} ${path}`;
        const match = matchBlockPath(path, method, block.file, operations);
        if (match.kind === 'none') {
          warnings.push(`${said}, which the app does not register; it is left out`);
          continue;
        }
        if (match.kind === 'ambiguous') {
          warnings.push(`${said}, which matches ${match.operations.map((o) => `${method.toUpperCase()} ${o.path} (${o.source})`).join(' and ')}; it is left out (write the path as registered)`);
          continue;
        }
        const registered = match.operations[0]!;
        const renamed = [...match.names].filter(([documented, real]) => documented !== real);
        if (renamed.length) {
          warnings.push(`${said}, the app registers ${method.toUpperCase()} ${registered.path} (${registered.source}): ${renamed.map(([documented, real]) => `path parameter ${documented} is ${real}`).join(', ')} in the document`);
        }
        const pathParams = new Set(match.names.values());
        const part = partOf(op as BlockObject, Array.isArray(item.parameters) ? item.parameters : [], match.names, pathParams, components, (message) => warnings.push(`${said}: ${message}`));
        for (const target of match.operations) {
          const i = indexOf.get(target)!;
          parts.set(i, [...(parts.get(i) ?? []), part]);
          if (!places.has(i)) places.set(i, where);
        }
      }
    }
  }
  return { parts, places, schemas: components.schemas, securitySchemes: components.securitySchemes, warnings };
}

function display(file: string, cwd: string): string {
  const path = relative(cwd, file);
  return path.startsWith('..') ? file : path;
}

/** A block's path items: its top-level `/...` keys and its `paths`. */
function pathItems(block: CommentBlock): [string, BlockObject][] {
  const items: [string, BlockObject][] = [];
  for (const [key, value] of Object.entries(block.value)) {
    if (key === 'paths' && isObject(value)) for (const [path, item] of Object.entries(value)) if (isObject(item)) items.push([path, item as BlockObject]);
    if (!NOT_PATHS.has(key) && !key.startsWith('x-') && isObject(value)) items.push([key, value as BlockObject]);
  }
  return items;
}

interface BlockComponents {
  readonly schemas: Record<string, JsonSchema>;
  readonly securitySchemes: Record<string, JsonSchema>;
  readonly parameters: Record<string, JsonSchema>;
  readonly requestBodies: Record<string, JsonSchema>;
  readonly responses: Record<string, JsonSchema>;
}

/** Every block's `components`, merged; the first block (in file order) to name one keeps it. */
function componentsOf(blocks: readonly CommentBlock[]): BlockComponents {
  const out: BlockComponents = { schemas: {}, securitySchemes: {}, parameters: {}, requestBodies: {}, responses: {} };
  for (const block of blocks) {
    const declared = block.value.components;
    if (!isObject(declared)) continue;
    for (const section of Object.keys(out) as (keyof BlockComponents)[]) {
      const entries = declared[section];
      if (!isObject(entries)) continue;
      for (const [name, value] of Object.entries(entries)) if (isObject(value) && !Object.hasOwn(out[section], name)) out[section][name] = value as JsonSchema;
    }
  }
  return out;
}

/** The component a local `$ref` names in a section, or the value itself. */
function resolved(value: BlockJson | undefined, section: Record<string, JsonSchema>, prefix: string): BlockObject | undefined {
  if (!isObject(value)) return undefined;
  const ref = value.$ref;
  if (typeof ref === 'string' && ref.startsWith(prefix)) return section[ref.slice(prefix.length)] as BlockObject | undefined;
  return value as BlockObject;
}

function partOf(op: BlockObject, pathLevel: readonly BlockJson[], names: ReadonlyMap<string, string>, pathParams: ReadonlySet<string>, components: BlockComponents, warn: (message: string) => void): OperationPart {
  const part: { -readonly [K in keyof OperationPart]: OperationPart[K] } = {};
  if (typeof op.summary === 'string') part.summary = op.summary;
  if (typeof op.description === 'string') part.description = op.description;
  if (Array.isArray(op.tags)) {
    const tags = op.tags.filter((tag): tag is string => typeof tag === 'string');
    if (tags.length) part.tags = tags;
  }
  if (typeof op.deprecated === 'boolean') part.deprecated = op.deprecated;

  const parameters = new Map<string, ParameterObject>();
  for (const raw of [...pathLevel, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
    const param = resolved(raw, components.parameters, '#/components/parameters/');
    if (!param || typeof param.name !== 'string' || typeof param.in !== 'string' || !LOCATIONS.has(param.in)) continue;
    let name = param.name;
    if (param.in === 'path') {
      name = names.get(name) ?? name;
      if (!pathParams.has(name)) {
        warn(`path parameter ${param.name} is not in the registered path; it is left out`);
        continue;
      }
    }
    const { name: _name, in: where, description, required, schema, ...rest } = param;
    parameters.set(`${where} ${name}`, {
      ...(rest as Record<string, JsonValue>),
      name,
      in: where as ParameterObject['in'],
      ...(typeof description === 'string' ? { description } : {}),
      ...(where === 'path' ? { required: true } : typeof required === 'boolean' ? { required } : {}),
      schema: isObject(schema) ? (schema as JsonSchema) : { type: 'string' },
    });
  }
  if (parameters.size) part.parameters = [...parameters.values()];

  const body = resolved(op.requestBody, components.requestBodies, '#/components/requestBodies/');
  const content = body && mediaObjects(body.content);
  if (body && content) part.requestBody = { ...(typeof body.description === 'string' ? { description: body.description } : {}), required: body.required === true, content };

  if (isObject(op.responses)) {
    const responses: Record<string, ResponseObject> = {};
    for (const [status, raw] of Object.entries(op.responses)) {
      const response = resolved(raw, components.responses, '#/components/responses/');
      if (!response) continue;
      const media = mediaObjects(response.content);
      responses[/^[1-5]xx$/i.test(status) ? status.toUpperCase() : status] = { description: typeof response.description === 'string' ? response.description : '', ...(media ? { content: media } : {}) };
    }
    if (Object.keys(responses).length) part.responses = responses;
  }
  if (Array.isArray(op.security)) part.security = op.security.filter(isObject) as Array<Record<string, string[]>>;
  return part;
}

function mediaObjects(content: BlockJson | undefined): Record<string, MediaObject> | undefined {
  if (!isObject(content)) return undefined;
  const out: Record<string, MediaObject> = {};
  for (const [type, media] of Object.entries(content)) if (isObject(media)) out[type] = { ...(media as JsonSchema), schema: isObject(media.schema) ? (media.schema as JsonSchema) : {} };
  return Object.keys(out).length ? out : undefined;
}

const SCHEMA_REF = '#/components/schemas/';

/**
 * The blocks' components the document uses: schemas its `$ref`s reach (through other block
 * schemas too) and security schemes its operations' `security` names. `taken`: names the
 * document already has (a validator's schema keeps its name: a block's schema of that name is
 * not added, and a warning says so when they differ).
 */
export function usedComponents(paths: JsonValue, blocks: BlockParts, taken: Readonly<Record<string, JsonSchema>>): { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema>; warnings: string[] } {
  const schemas: Record<string, JsonSchema> = {};
  const schemes: Record<string, JsonSchema> = {};
  const warnings: string[] = [];
  const queue: JsonValue[] = [paths];
  while (queue.length > 0) {
    const value = queue.pop()!;
    if (Array.isArray(value)) {
      queue.push(...value);
      continue;
    }
    if (!isObject(value)) continue;
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMA_REF)) {
        const name = item.slice(SCHEMA_REF.length);
        const schema = blocks.schemas[name];
        if (!schema || Object.hasOwn(schemas, name)) continue;
        if (Object.hasOwn(taken, name)) {
          if (JSON.stringify(taken[name]) !== JSON.stringify(schema)) warnings.push(`components.schemas.${name} is declared by a validator and by a comment block; the validator's schema is kept`);
          continue;
        }
        schemas[name] = schema;
        queue.push(schema);
      } else if (key === 'security' && Array.isArray(item)) {
        for (const requirement of item) if (isObject(requirement)) for (const name of Object.keys(requirement)) if (blocks.securitySchemes[name]) schemes[name] = blocks.securitySchemes[name]!;
      } else if (typeof item === 'object' && item !== null) queue.push(item);
    }
  }
  return { schemas: sortedKeys(schemas), securitySchemes: sortedKeys(schemes), warnings };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
}
