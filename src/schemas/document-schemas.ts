/**
 * The schemas of one document: for each operation, the bindings of the functions that run for
 * it, converted once per schema object and turned into OpenAPI parts (parameters, a request
 * body, responses). A schema object used by several operations, or named by its library's
 * metadata, becomes a component. A schema that cannot be converted is reported where it was
 * used; the rest of the operation stays.
 */
import { builtins } from '../runtime/builtins.js';
import type { RequestTarget, SchemaBindings } from './bindings.js';
import { ClosureReader } from './closures.js';
import { ComponentSchemas } from './components.js';
import { convertSchema, type AppPackages, type Conversion, type Direction } from './convert/index.js';
import { isJoi } from './convert/joi.js';
import { factoryFindings } from './factories.js';
import { isJsonObject, toJson, type JsonSchema, type JsonValue } from './json-schema.js';
import { NOTHING, readBindings, type DescribedRoute, type Found } from './readers.js';

export interface SchemaEnvironment {
  readonly bindings: SchemaBindings;
  readonly packages: AppPackages;
}

/** What docgen knows of an operation before its schemas are read. */
export interface OperationFacts {
  readonly method: string;
  readonly path: string;
  /** Names of the middleware that run first: body parsers tell a body's media type. */
  readonly middleware: readonly string[];
  readonly pathParams: readonly string[];
  readonly source: string | undefined;
}

export interface SchemaParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface MediaObject {
  schema: JsonSchema;
  [key: string]: JsonValue;
}

export interface ResponseObject {
  description: string;
  content?: Record<string, MediaObject>;
}

/** The operation fields schemas give; document.ts merges them into the operation object. */
export interface SchemaParts {
  readonly parameters: readonly SchemaParameter[];
  readonly requestBody?: { required: boolean; content: Record<string, MediaObject> };
  readonly responses?: Record<string, ResponseObject>;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: string[];
  readonly deprecated?: boolean;
}

export interface SchemaError {
  readonly method: string;
  readonly path: string;
  readonly source?: string;
  /** Which part of the operation: `request body`, `query`, `response 200`... */
  readonly part: string;
  readonly library: string;
  /** The package whose middleware carried the schema. */
  readonly via: string;
  readonly reason: string;
}

const PART_LABEL: Record<RequestTarget, string> = { json: 'request body', form: 'request body', body: 'request body', query: 'query parameters', path: 'path parameters', header: 'header parameters', cookie: 'cookie parameters' };
const PARAMETER_IN: Partial<Record<RequestTarget, SchemaParameter['in']>> = { query: 'query', path: 'path', header: 'header', cookie: 'cookie' };
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

interface Piece {
  readonly schema: JsonSchema;
  readonly target: RequestTarget;
  readonly mediaType?: string;
}

export class DocumentSchemas {
  readonly errors: SchemaError[] = [];
  readonly #components = new ComponentSchemas();
  readonly #env: SchemaEnvironment;
  readonly #found: (readonly Found[])[];
  /** Schema objects met in more than one body or response: they become components. */
  readonly #uses = new Map<unknown, number>();
  readonly #conversions = new Map<unknown, Map<Direction, Conversion>>();
  readonly #lifted = new Map<unknown, Map<Direction, JsonSchema | undefined>>();

  /** `chains`: for each operation, in document order, the functions that run for it. */
  constructor(env: SchemaEnvironment, chains: readonly (readonly unknown[])[]) {
    this.#env = env;
    // Middleware shared by many routes (a body parser, an auth check) is read once.
    const read = new Map<unknown, readonly Found[]>();
    const readOnce = (fn: unknown): readonly Found[] => {
      let found = read.get(fn);
      if (!found) read.set(fn, (found = readBindings(fn, env.bindings)));
      return found;
    };
    // A middleware no library marked may be the app's own validation factory's: its closure is
    // read (factories.ts). The handler, last in the chain, is not.
    const closures = new ClosureReader();
    const fromFactories = new Map<unknown, readonly Found[]>();
    const readMiddleware = (fn: unknown): readonly Found[] => {
      const found = readOnce(fn);
      if (found.length || typeof fn !== 'function') return found;
      let made = fromFactories.get(fn);
      if (!made) fromFactories.set(fn, (made = factoryFindings(closures.read(fn)) ?? NOTHING));
      return made;
    };
    try {
      this.#found = chains.map((functions) => {
        if (functions.length === 1) return readOnce(functions[0]);
        const all = functions.map((fn, i) => (i < functions.length - 1 ? readMiddleware(fn) : readOnce(fn)));
        return all.every((found) => found.length === 0) ? NOTHING : all.flat();
      });
    } finally {
      closures.close();
    }
    this.empty = this.#found.every((found) => found.length === 0);
    for (const found of this.#found) {
      for (const item of found) {
        if (item.kind === 'schema' && PARAMETER_IN[item.target] === undefined) this.#count(item.schema);
        if (item.kind === 'described') for (const native of this.#responseSchemas(item.spec)) this.#count(native);
      }
    }
  }

  /** True when no operation has any binding: the document is built as without validators. */
  readonly empty: boolean;

  /** Whether any function of the operation carries a schema. */
  has(index: number): boolean {
    return (this.#found[index]?.length ?? 0) > 0;
  }

  partsFor(index: number, op: OperationFacts, operationId: string): SchemaParts | undefined {
    const found = this.#found[index] ?? [];
    if (found.length === 0) return undefined;
    const report = (part: string, library: string, via: string, reason: string): void => {
      this.errors.push({ method: op.method.toUpperCase(), path: op.path, ...(op.source ? { source: op.source } : {}), part, library, via, reason });
    };
    const pieces: Piece[] = [];
    let described: DescribedRoute | undefined;
    let describedVia = 'hono-openapi';
    for (const item of found) {
      if (item.kind === 'skipped') {
        report(item.part ?? 'request', item.via, item.via, item.reason);
        continue;
      }
      if (item.kind === 'described') {
        described = { ...described, ...item.spec };
        describedVia = item.via;
        continue;
      }
      // celebrate validates no body on GET and HEAD
      if (item.kind === 'schema' && item.ignoredOnGet && item.target === 'body' && (op.method === 'get' || op.method === 'head')) continue;
      const suffix = item.target === 'json' || item.target === 'form' || item.target === 'body' ? 'Body' : '';
      if (item.kind === 'json') {
        for (const problem of item.problems) report(PART_LABEL[item.target], item.library, item.via, problem);
        pieces.push({ schema: item.schema, target: item.target });
        continue;
      }
      const schema = this.#schemaFor(item.schema, 'input', suffix ? () => pascal(operationId) + suffix : undefined, (library, reason) => report(PART_LABEL[item.target], library, item.via, reason));
      pieces.push({ schema: schema ?? {}, target: item.target, ...(item.mediaType ? { mediaType: item.mediaType } : {}) });
    }
    const parameters = this.#parameters(pieces, op, (reason) => report('parameters', 'docgen', 'docgen', reason));
    const requestBody = this.#requestBody(pieces, op);
    const responses = described?.responses ? this.#responses(described.responses, operationId, (part, library, reason) => report(part, library, describedVia, reason)) : undefined;
    return {
      parameters,
      ...(requestBody ? { requestBody } : {}),
      ...(responses ? { responses } : {}),
      ...(described ? describedDocs(described) : {}),
    };
  }

  /** `components/schemas` for the finished paths, or undefined when none is referenced. */
  components(paths: JsonValue): Record<string, JsonSchema> | undefined {
    return this.#components.referenced(paths);
  }

  #count(native: unknown): void {
    if (native && typeof native === 'object') this.#uses.set(native, (this.#uses.get(native) ?? 0) + 1);
  }

  /** The schema to write where `native` is used: inline, or a `$ref` to a component. */
  #schemaFor(native: unknown, direction: Direction, sharedName: (() => string) | undefined, report: (library: string, reason: string) => void): JsonSchema | undefined {
    const conversion = this.#convert(native, direction);
    for (const problem of conversion.problems) report(conversion.library, problem);
    let lifted = this.#lifted.get(native);
    if (!lifted) this.#lifted.set(native, (lifted = new Map()));
    if (lifted.has(direction)) return lifted.get(direction);
    let result: JsonSchema | undefined;
    if (conversion.schema) {
      const isRef = typeof conversion.schema.$ref === 'string' && Object.keys(conversion.schema).length === 1;
      const shared = sharedName !== undefined && (this.#uses.get(native) ?? 0) > 1;
      const title = typeof conversion.schema.title === 'string' ? conversion.schema.title : undefined;
      const name = isRef ? undefined : (conversion.name ?? (shared ? (title ?? sharedName()) : undefined));
      result = this.#components.lift(conversion, name, sharedName ?? (() => 'Schema'));
    }
    lifted.set(direction, result);
    return result;
  }

  #convert(native: unknown, direction: Direction): Conversion {
    let byDirection = this.#conversions.get(native);
    if (!byDirection) this.#conversions.set(native, (byDirection = new Map()));
    let conversion = byDirection.get(direction);
    if (!conversion) {
      try {
        conversion = convertSchema(native, direction, this.#env.packages);
      } catch (error) {
        conversion = { library: 'unknown', schema: undefined, defs: {}, problems: [`conversion failed: ${error instanceof Error ? error.message : String(error)}`] };
      }
      byDirection.set(direction, conversion);
    }
    return conversion;
  }

  /** Query, path, header and cookie schemas: one parameter per property of the object schema. */
  #parameters(pieces: readonly Piece[], op: OperationFacts, report: (reason: string) => void): SchemaParameter[] {
    const byKey = new Map<string, SchemaParameter>();
    for (const piece of pieces) {
      const where = PARAMETER_IN[piece.target];
      if (!where) continue;
      const object = this.#objectParts(piece.schema);
      if (!object) {
        if (Object.keys(piece.schema).length) report(`the ${PART_LABEL[piece.target]} schema is not an object with properties: it cannot be documented as parameters`);
        continue;
      }
      for (const [name, schema] of Object.entries(object.properties)) {
        if (where === 'path' && !op.pathParams.includes(name)) {
          report(`the path parameters schema has ${JSON.stringify(name)}, which is not a parameter of the path`);
          continue;
        }
        const description = typeof schema.description === 'string' ? schema.description : undefined;
        byKey.set(`${where} ${name}`, { name, in: where, ...(where === 'path' || object.required.has(name) ? { required: true } : {}), ...(description ? { description } : {}), schema });
      }
    }
    return [...byKey.values()];
  }

  /** The properties of an object schema, through `$ref`s and `allOf`. */
  #objectParts(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } | undefined {
    const target = this.#components.deref(schema);
    const properties: Record<string, JsonSchema> = {};
    const required = new Set<string>();
    let any = false;
    if (isJsonObject(target.properties)) {
      any = true;
      for (const [key, value] of Object.entries(target.properties)) properties[key] = isJsonObject(value) ? value : {};
      if (Array.isArray(target.required)) for (const key of target.required) if (typeof key === 'string') required.add(key);
    }
    if (Array.isArray(target.allOf)) {
      for (const member of target.allOf) {
        const inner = isJsonObject(member) ? this.#objectParts(member) : undefined;
        if (!inner) continue;
        any = true;
        Object.assign(properties, inner.properties);
        for (const key of inner.required) required.add(key);
      }
    }
    return any ? { properties, required } : undefined;
  }

  #requestBody(pieces: readonly Piece[], op: OperationFacts): SchemaParts['requestBody'] {
    const byType = new Map<string, JsonSchema[]>();
    for (const piece of pieces) {
      if (PARAMETER_IN[piece.target]) continue;
      for (const type of piece.mediaType ? [piece.mediaType] : mediaTypes(piece.target, op.middleware)) {
        const list = byType.get(type);
        if (list) list.push(piece.schema);
        else byType.set(type, [piece.schema]);
      }
    }
    if (byType.size === 0) return undefined;
    const content: Record<string, MediaObject> = {};
    for (const [type, schemas] of byType) content[type] = { schema: combine(schemas) };
    return { required: true, content };
  }

  #responseSchemas(spec: DescribedRoute): unknown[] {
    const natives: unknown[] = [];
    if (!isRecord(spec.responses)) return natives;
    for (const response of Object.values(spec.responses)) {
      const content = isRecord(response) ? response.content : undefined;
      if (!isRecord(content)) continue;
      for (const media of Object.values(content)) {
        const native = isRecord(media) ? this.#nativeOf(media.schema ?? media.vSchema) : undefined;
        if (native) natives.push(native);
      }
    }
    return natives;
  }

  /** A response schema: hono-openapi's `resolver(schema)`, or a schema object itself (joi 17 is no Standard Schema). */
  #nativeOf(value: unknown): unknown {
    const resolved = this.#env.bindings.schemaResolvedBy(value);
    if (resolved) return resolved;
    return value && typeof value === 'object' && ('~standard' in value || isJoi(value)) ? value : undefined;
  }

  #responses(declared: unknown, operationId: string, report: (part: string, library: string, reason: string) => void): Record<string, ResponseObject> | undefined {
    if (!isRecord(declared)) return undefined;
    const out: Record<string, ResponseObject> = {};
    for (const [status, value] of Object.entries(declared)) {
      if (!/^(default|[1-5](?:\d\d|XX))$/.test(status) || !isRecord(value)) continue;
      const response: ResponseObject = { description: typeof value.description === 'string' ? value.description : (builtins.http.STATUS_CODES[Number(status)] ?? 'Response') };
      if (isRecord(value.content)) {
        const content: Record<string, MediaObject> = {};
        for (const [type, media] of Object.entries(value.content)) {
          if (!isRecord(media)) continue;
          // describeResponse() takes the schema itself as `vSchema`
          const { schema: given, vSchema, ...rest } = media;
          const raw = given ?? vSchema;
          const extra = toJson(rest);
          const native = this.#nativeOf(raw);
          let schema: JsonSchema = {};
          if (native) {
            schema = this.#schemaFor(native, 'output', () => `${pascal(operationId)}Response${status}`, (library, reason) => report(`response ${status}`, library, reason)) ?? {};
          } else if (raw && typeof raw === 'object' && typeof (raw as { toOpenAPISchema?: unknown }).toOpenAPISchema === 'function') {
            report(`response ${status}`, String((raw as { vendor?: unknown }).vendor ?? 'unknown'), 'resolver() was called before docgen could see it (hono-openapi loaded before docgen/register?)');
          } else if (isJsonObject(toJson(raw))) {
            schema = toJson(raw) as JsonSchema;
          }
          content[type] = { ...(isJsonObject(extra) ? extra : {}), schema };
        }
        response.content = content;
      }
      out[status] = response;
    }
    return Object.keys(out).length ? out : undefined;
  }
}

/** A body a validator reads without saying its media type: what the app's body parsers accept. */
function mediaTypes(target: RequestTarget, middleware: readonly string[]): string[] {
  if (target === 'json') return ['application/json'];
  if (target === 'form') return FORM_TYPES;
  const types: string[] = [];
  if (middleware.includes('jsonParser')) types.push('application/json');
  if (middleware.includes('urlencodedParser')) types.push('application/x-www-form-urlencoded');
  return types.length ? types : ['application/json'];
}

/** Several schemas for one body: object schemas of single fields merge, anything else is `allOf`. */
function combine(schemas: readonly JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return schemas[0]!;
  const plain = schemas.every((s) => s.type === 'object' && isJsonObject(s.properties) && Object.keys(s).every((k) => k === 'type' || k === 'properties' || k === 'required'));
  if (!plain) return { allOf: [...schemas] };
  const merged: JsonSchema = { type: 'object', properties: {} };
  const required = new Set<string>();
  for (const schema of schemas) {
    Object.assign(merged.properties as JsonSchema, schema.properties);
    if (Array.isArray(schema.required)) for (const key of schema.required) required.add(String(key));
  }
  if (required.size) merged.required = [...required];
  return merged;
}

function describedDocs(spec: DescribedRoute): Pick<SchemaParts, 'summary' | 'description' | 'tags' | 'deprecated'> {
  return {
    ...(typeof spec.summary === 'string' ? { summary: spec.summary } : {}),
    ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
    ...(Array.isArray(spec.tags) && spec.tags.every((t) => typeof t === 'string') ? { tags: spec.tags as string[] } : {}),
    ...(typeof spec.deprecated === 'boolean' ? { deprecated: spec.deprecated } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
