/**
 * Walks the route model from each root app down through its mounts and turns it into flat
 * operations: full path templates, the method, the handler that answers, and the middleware
 * that run before it. Also collects what cannot be written as an OpenAPI path.
 */
import { OPENAPI_METHODS } from './json.js';
import { resolveCallSite, type CallSite, type SourceLocation } from '../model/call-site.js';
import type { Container, MethodLayer, RawPath, RouteEntry } from '../model/registry.js';
import { parsePath, type PathSyntax } from '../paths/syntax.js';
import { joinTemplates, renderTemplate, scopeCovers, templateParams, type PathTemplate } from '../paths/template.js';

/** The methods an `all` handler is documented under. */
const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface Operation {
  readonly template: PathTemplate;
  /** The template in OpenAPI form, once parameter names are final (see sameNamesForSamePaths). */
  readonly path: string;
  readonly method: string;
  readonly handler: string;
  readonly middleware: string[];
  /**
   * The functions that run for it, in order (middleware that apply, then the route's own chain
   * and its handler), for the schemas validation middleware carry.
   */
  readonly functions: readonly unknown[];
  readonly location: SourceLocation | undefined;
  readonly routeName: string | undefined;
  /** Documented because of an `all` handler rather than an explicit method. */
  readonly fromAll: boolean;
  /** Registration order across the whole process, to choose between duplicates. */
  readonly order: number;
  readonly root: Container;
}

export interface Unrepresentable {
  readonly method: string;
  readonly path: string;
  readonly reason: string;
  readonly source?: string;
}

/** A handler of another framework mounted under a prefix: its routes are not known. */
export interface ForeignMount {
  readonly path: string;
  readonly handler: string;
  readonly source?: string;
}

export interface WalkResult {
  readonly operations: Operation[];
  readonly unrepresentable: Unrepresentable[];
  readonly foreign: ForeignMount[];
  readonly warnings: string[];
}

interface Scope {
  readonly template: PathTemplate;
  readonly exact: boolean;
  readonly name: string;
  readonly fn: unknown;
}


/**
 * `sourceLocations: false` (DOCGEN_SOURCE_LOCATIONS=0) leaves out `x-docgen-source`: reading a
 * registration's position from V8 costs time linear in the size of the function that made it
 * (see call-site.ts), which dominates discovery for very large route files.
 */
export function collectOperations(roots: readonly Container[], cwd: string, sourceLocations = true): WalkResult {
  const result: WalkResult = { operations: [], unrepresentable: [], foreign: [], warnings: [] };
  const locate = (site: CallSite | undefined): SourceLocation | undefined => (sourceLocations ? resolveCallSite(site, cwd) : undefined);
  let order = 0;

  // `inherited`: the scopes of middleware registered before this container was mounted, with
  // full paths; they are checked against each final operation path, not the mount path.
  const walk = (container: Container, prefix: PathTemplate, prefixText: string, inherited: readonly Scope[], ancestors: readonly Container[], root: Container): void => {
    const active: Scope[] = [...inherited];
    for (const entry of container.entries) {
      if (entry.kind === 'middleware') {
        // A middleware path with no OpenAPI form only loses its attribution: it is no operation.
        const quiet: WalkResult = { operations: [], unrepresentable: [], foreign: [], warnings: [] };
        for (const template of templatesFor(entry.paths, container.syntax, prefix, prefixText, entry.site, 'USE', quiet, locate)) {
          active.push({ template, exact: entry.exact === true, name: entry.name, fn: entry.fn });
        }
        continue;
      }
      if (entry.kind === 'foreign') {
        for (const raw of entry.paths) {
          const where = describe(locate(entry.site));
          result.foreign.push({ path: prefixText + String(raw), handler: entry.name, ...(where ? { source: where } : {}) });
        }
        continue;
      }
      if (entry.kind === 'mount') {
        if (ancestors.includes(entry.target)) {
          const where = describe(locate(entry.site));
          result.warnings.push(`a router is mounted into itself${where ? ` at ${where}` : ''}; the inner mount is not followed`);
          continue;
        }
        for (const raw of entry.paths) {
          for (const template of templatesFor([raw], container.syntax, prefix, prefixText, entry.site, 'USE', result, locate)) {
            walk(entry.target, template, raw === '/' ? prefixText : prefixText + String(raw), [...active], [...ancestors, container], root);
          }
        }
        continue;
      }
      for (const raw of entry.paths) {
        const location = locate(entry.site);
        const templates = templatesFor([raw], container.syntax, prefix, prefixText, entry.site, () => methodsLabel(entry), result, locate);
        for (const template of templates) {
          const named = withUniqueParamNames(template);
          const path = renderTemplate(named);
          for (const op of operationsOf(entry, named, path, applicable(active, template), location, locate, root, () => order++)) {
            if (OPENAPI_METHODS.includes(op.method)) result.operations.push(op);
            else result.unrepresentable.push(unrepresentable(op.method.toUpperCase(), prefixText + String(raw), `OpenAPI 3.1 has no operation for the HTTP method ${op.method.toUpperCase()}`, location));
          }
        }
      }
    }
  };

  for (const root of roots) walk(root, [{ type: 'text', value: '/' }], '', [], [], root);
  return { ...result, operations: chooseAmongDuplicates(sameNamesForSamePaths(result.operations)) };
}

/** OpenAPI forbids two parameters of one name in a path (`/:id` mounted above `/:id`). */
function withUniqueParamNames(template: PathTemplate): PathTemplate {
  const seen = new Map<string, number>();
  let renamed = false;
  const named = template.map((part) => {
    if (part.type !== 'param') return part;
    const count = (seen.get(part.name) ?? 0) + 1;
    seen.set(part.name, count);
    if (count === 1) return part;
    renamed = true;
    return { ...part, name: `${part.name}${count}` };
  });
  return renamed ? named : template;
}

/**
 * OpenAPI treats `/users/{id}` and `/users/{userId}` as one path, which may appear only once
 * (`router.get('/:id')` beside `router.delete('/:userId')`). The first registration's parameter
 * names are used for every operation on that path.
 */
function sameNamesForSamePaths(operations: Operation[]): Operation[] {
  const namesByShape = new Map<string, string[]>();
  return operations.map((op) => {
    const names = templateParams(op.template).map((p) => p.name);
    if (names.length === 0) return op; // its path is its shape: nothing to rename
    const shape = op.template.map((part) => (part.type === 'param' ? '{}' : part.value)).join('');
    const first = namesByShape.get(shape);
    if (!first) {
      namesByShape.set(shape, names);
      return op;
    }
    if (names.every((name, j) => name === first[j])) return op;
    let i = 0;
    const template = op.template.map((part) => (part.type === 'param' ? { ...part, name: first[i++]! } : part));
    return { ...op, template, path: renderTemplate(template) };
  });
}

function applicable(active: readonly Scope[], template: PathTemplate): Scope[] {
  return active.filter((scope) => scopeCovers(scope.template, template, scope.exact));
}

function templatesFor(
  paths: readonly RawPath[],
  syntax: PathSyntax,
  prefix: PathTemplate,
  prefixText: string,
  site: CallSite | undefined,
  method: string | (() => string),
  result: WalkResult,
  locate: (site: CallSite | undefined) => SourceLocation | undefined,
): PathTemplate[] {
  const out: PathTemplate[] = [];
  for (const raw of paths) {
    if (raw instanceof RegExp) {
      result.unrepresentable.push(unrepresentable(typeof method === 'string' ? method : method(), prefixText + String(raw), 'a RegExp path has no OpenAPI form', locate(site)));
      continue;
    }
    const parsed = parsePath(raw, syntax);
    if (!parsed.ok) {
      result.unrepresentable.push(unrepresentable(typeof method === 'string' ? method : method(), prefixText + raw, parsed.reason, locate(site)));
      continue;
    }
    for (const template of parsed.templates) out.push(joinTemplates(prefix, template));
  }
  return out;
}

function unrepresentable(method: string, path: string, reason: string, location: SourceLocation | undefined): Unrepresentable {
  return { method, path, reason, ...(location ? { source: describe(location) } : {}) };
}

export function describe(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}` : '';
}

function methodsLabel(entry: RouteEntry): string {
  const methods = [...new Set(entry.layers.map((l) => l.method.toUpperCase()))];
  return methods.length ? methods.join(',') : 'ROUTE';
}

/**
 * One operation per method of a route entry. An `all` layer on a route that also names
 * methods runs before them (middleware); on its own it is documented under ALL_METHODS.
 */
function operationsOf(
  entry: RouteEntry,
  template: PathTemplate,
  path: string,
  scopes: readonly Scope[],
  location: SourceLocation | undefined,
  locate: (site: CallSite | undefined) => SourceLocation | undefined,
  root: Container,
  nextOrder: () => number,
): Operation[] {
  const middleware = scopes.map((scope) => scope.name);
  const middlewareFunctions = scopes.map((scope) => scope.fn).filter((fn) => fn !== undefined);
  const explicit = [...new Set(entry.layers.map((l) => l.method).filter((m) => m !== 'all'))];
  const documented = explicit.length > 0 ? explicit : entry.layers.length > 0 ? [...ALL_METHODS] : [];
  return documented.map((method) => {
    const chain = handlersFor(entry.layers, method);
    const ownSite = entry.layers.find((l) => l.method === method)?.site;
    return {
      template,
      path,
      method,
      handler: chain.handler,
      middleware: chain.before.length ? [...middleware, ...chain.before] : middleware,
      // Shared, not copied, when nothing is added: one array per operation adds up at 10k routes.
      functions: middlewareFunctions.length ? [...middlewareFunctions, ...chain.functions] : chain.functions,
      location: ownSite ? (locate(ownSite) ?? location) : location,
      routeName: entry.name,
      fromAll: explicit.length === 0,
      order: nextOrder(),
      root,
    };
  });
}

/**
 * Which function answers `method` on a route, and which run before it. The method's first own
 * layer answers with its last function; `all` layers registered before it run first (the
 * `route.all(auth).get(h)` pattern), layers after it only if it calls next() (a 405 fallback).
 * A route with only `all` layers is answered by the last one.
 */
function handlersFor(layers: readonly MethodLayer[], method: string): { handler: string; before: string[]; functions: readonly unknown[] } {
  const own = layers.findIndex((l) => l.method === method);
  const answering = own !== -1 ? own : layers.map((l) => l.method).lastIndexOf('all');
  const handlers = layers[answering]?.handlers ?? [];
  const answeringFunctions = layers[answering]?.functions ?? [];
  if (answering <= 0) return { handler: handlers[handlers.length - 1] ?? '<anonymous>', before: handlers.slice(0, -1), functions: answeringFunctions };
  const earlier = layers.slice(0, answering).filter((l) => l.method === 'all' || l.method === method);
  const before = earlier.flatMap((l) => l.handlers);
  const functions = earlier.length ? [...earlier.flatMap((l) => l.functions), ...answeringFunctions] : answeringFunctions;
  return { handler: handlers[handlers.length - 1] ?? '<anonymous>', before: [...before, ...handlers.slice(0, -1)], functions };
}

/**
 * The same method and path registered more than once is one operation (honojs/hono#676). The
 * first registration answers; an explicit method wins over an `all` handler, and an `all`
 * handler registered before it is listed among its middleware.
 */
function chooseAmongDuplicates(operations: Operation[]): Operation[] {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    const group = groups.get(key);
    if (group) group.push(op);
    else groups.set(key, [op]);
  }
  const chosen: Operation[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      chosen.push(group[0]!);
      continue;
    }
    const explicit = group.filter((op) => !op.fromAll);
    const winner = (explicit.length > 0 ? explicit : group)[0]!;
    const earlier = group.filter((op) => op.fromAll && op.order < winner.order && op !== winner);
    if (earlier.length === 0) {
      chosen.push(winner);
      continue;
    }
    const functions = [...new Set([...earlier.flatMap((op) => op.functions), ...winner.functions])];
    chosen.push({ ...winner, middleware: [...winner.middleware, ...earlier.map((op) => op.handler)], functions });
  }
  return chosen;
}
