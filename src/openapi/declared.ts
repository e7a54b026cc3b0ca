/**
 * What a library the app declares its API to says about it (@hono/zod-openapi's own document,
 * built from `createRoute()` and its registry): read once per document, and looked up per
 * operation docgen saw registered. docgen's route list decides which operations exist (an
 * operation only the library has, such as a route added to a sub-app after it was mounted, is
 * not served and is left out); the library's content fills them and wins over docgen's own
 * inference, and its components become the document's.
 */
import type { JsonValue } from '../schemas/json-schema.js';
import type { OperationPart, ParameterObject, ResponseObject } from './document.js';

/** An operation as the library declared it: what docgen takes from it. */
export interface DeclaredOperation extends OperationPart {
  readonly operationId?: string;
  readonly security?: Array<Record<string, string[]>>;
}

export interface DeclaredApi {
  /** The declared operation for a method and an OpenAPI path, matched by the path's shape (`/books/{}`). */
  operation(method: string, path: string): DeclaredOperation | undefined;
  /** The library's components, by section (`schemas`, `securitySchemes`, `parameters`...). */
  readonly components: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  /** Documents that could not be built, with the reason. */
  readonly problems: readonly string[];
}

const NONE: DeclaredApi = { operation: () => undefined, components: {}, problems: [] };

/** Reads each library document of one app (its own, its `basePath()` clones'); the first to declare an operation wins. */
export function readDeclared(sources: readonly (() => unknown)[]): DeclaredApi {
  if (sources.length === 0) return NONE;
  const operations = new Map<string, DeclaredOperation>();
  const components: Record<string, Record<string, JsonValue>> = {};
  const problems: string[] = [];
  for (const source of sources) {
    let document: unknown;
    try {
      document = source();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (!isRecord(document)) continue;
    if (isRecord(document.paths)) {
      for (const [path, item] of Object.entries(document.paths)) {
        if (!isRecord(item)) continue;
        for (const [method, operation] of Object.entries(item)) {
          const key = `${method} ${shapeOf(path)}`;
          if (isRecord(operation) && !operations.has(key)) operations.set(key, declaredOperation(operation));
        }
      }
    }
    if (isRecord(document.components)) {
      for (const [section, entries] of Object.entries(document.components)) {
        if (!isRecord(entries)) continue;
        const into = (components[section] ??= {});
        for (const [name, value] of Object.entries(entries)) if (!(name in into)) into[name] = value as JsonValue;
      }
    }
  }
  return { operation: (method, path) => operations.get(`${method} ${shapeOf(path)}`), components, problems };
}

/** `/books/{id}/` and `/books/{bookId}` are one path: parameter names out, no trailing slash. */
function shapeOf(path: string): string {
  const shape = path.replace(/\{[^}]*\}/g, '{}');
  return shape.length > 1 && shape.endsWith('/') ? shape.slice(0, -1) : shape;
}

function declaredOperation(op: Record<string, unknown>): DeclaredOperation {
  const text = (key: string): string | undefined => (typeof op[key] === 'string' ? (op[key] as string) : undefined);
  const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : undefined;
  const parameters = Array.isArray(op.parameters) ? (op.parameters.filter(isRecord) as unknown as ParameterObject[]) : undefined;
  const body = isRecord(op.requestBody) ? op.requestBody : undefined;
  const responses = isRecord(op.responses) ? (op.responses as Record<string, ResponseObject>) : undefined;
  const security = Array.isArray(op.security) ? (op.security.filter(isRecord) as Array<Record<string, string[]>>) : undefined;
  const summary = text('summary');
  const description = text('description');
  const operationId = text('operationId');
  return {
    ...(operationId !== undefined ? { operationId } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tags?.length ? { tags } : {}),
    ...(typeof op.deprecated === 'boolean' ? { deprecated: op.deprecated } : {}),
    ...(parameters?.length ? { parameters } : {}),
    // A body the library declares without `required` is optional, as OpenAPI says.
    ...(body && isRecord(body.content) ? { requestBody: { ...body, required: body.required === true } as NonNullable<OperationPart['requestBody']> } : {}),
    ...(responses && Object.keys(responses).length ? { responses } : {}),
    ...(security ? { security } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
