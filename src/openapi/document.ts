/**
 * Builds the OpenAPI 3.1 document from the route model. Output is deterministic: paths are
 * sorted, methods follow OpenAPI's order, operationIds are assigned in that order, and source
 * locations are relative to the working directory.
 */
import { templateParams, type PathTemplate } from '../paths/template.js';
import { describe, OPENAPI_METHODS, type ForeignMount, type Operation, type Unrepresentable, type WalkResult } from './operations.js';

export interface DocumentOptions {
  readonly title: string;
  readonly version: string;
  /** The process ended on an uncaught error: the document holds what was registered so far. */
  readonly incomplete: boolean;
  /** Which app of the process this document describes. */
  readonly app: AppDescription;
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
  in: 'path';
  required: true;
  schema: { type: 'string'; pattern?: string };
  'x-docgen-wildcard'?: true;
}

export interface OperationObject {
  operationId: string;
  parameters?: ParameterObject[];
  responses: Record<string, { description: string }>;
  'x-docgen-source'?: string;
  'x-docgen-middleware'?: string[];
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationObject>>;
  'x-docgen-unrepresentable'?: Unrepresentable[];
  'x-docgen-foreign-mounts'?: ForeignMount[];
  'x-docgen-incomplete'?: true;
  'x-docgen-app': AppDescription;
}

export interface BuildResult {
  readonly document: OpenApiDocument;
  readonly operationCount: number;
  readonly unrepresentable: readonly Unrepresentable[];
  readonly warnings: readonly string[];
}


export function buildDocument(walked: WalkResult, options: DocumentOptions): BuildResult {
  const rows = walked.operations
    .map((op) => ({ op, template: op.template, path: op.path }))
    .sort((a, b) => compare(a.path, b.path) || methodRank(a.op.method) - methodRank(b.op.method) || compare(a.op.method, b.op.method));

  const ids = assignOperationIds(rows);
  const paths: OpenApiDocument['paths'] = {};
  rows.forEach((row, i) => {
    const item = (paths[row.path] ??= {});
    item[row.op.method] = operationObject(row.op, row.template, ids[i]!);
  });

  const document: OpenApiDocument = { openapi: '3.1.0', info: { title: options.title, version: options.version }, paths, 'x-docgen-app': appDescription(options.app) };
  const unrepresentable = [...walked.unrepresentable].sort((a, b) => compare(a.path, b.path) || compare(a.method, b.method));
  if (unrepresentable.length) document['x-docgen-unrepresentable'] = unrepresentable;
  if (walked.foreign.length) document['x-docgen-foreign-mounts'] = [...walked.foreign].sort((a, b) => compare(a.path, b.path));
  if (options.incomplete) document['x-docgen-incomplete'] = true;
  return { document, operationCount: rows.length, unrepresentable, warnings: walked.warnings };
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
    responses: { default: { description: 'Default response' } },
    ...(source ? { 'x-docgen-source': source } : {}),
    ...(op.middleware.length ? { 'x-docgen-middleware': op.middleware } : {}),
  };
}

/**
 * A route name or the handler's own name when it identifies one operation; otherwise a name
 * made from the method and path. Ties get a numeric suffix in document order.
 */
function assignOperationIds(rows: readonly { op: Operation; path: string }[]): string[] {
  const nameCounts = new Map<string, number>();
  const preferred = rows.map(({ op }) => op.routeName ?? (op.handler === '<anonymous>' ? undefined : op.handler));
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

function derivedId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      const word = (param ? `by-${param[1]}` : segment).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
  return method + (words.length ? words.join('') : 'Root');
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
