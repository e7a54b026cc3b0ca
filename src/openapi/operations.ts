/**
 * Walks the route model from each root app down through its mounts and turns it into flat
 * operations: full path templates, the method, the handler that answers, and the middleware
 * that run before it. Also collects what cannot be written as an OpenAPI path.
 */
import { resolveCallSite, type CallSite, type SourceLocation } from '../model/call-site.js';
import type { Container, MethodLayer, RawPath, RouteEntry } from '../model/registry.js';
import { parsePath, type PathSyntax } from '../paths/syntax.js';
import { joinTemplates, scopeCovers, type PathTemplate } from '../paths/template.js';

/** The methods an `all` handler is documented under. */
export const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface Operation {
  readonly template: PathTemplate;
  readonly method: string;
  readonly handler: string;
  readonly middleware: string[];
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

export interface WalkResult {
  readonly operations: Operation[];
  readonly unrepresentable: Unrepresentable[];
  readonly warnings: string[];
}

interface Scope {
  readonly template: PathTemplate;
  readonly name: string;
}

export function collectOperations(roots: readonly Container[], cwd: string): WalkResult {
  const result: WalkResult = { operations: [], unrepresentable: [], warnings: [] };
  const locate = (site: CallSite | undefined): SourceLocation | undefined => resolveCallSite(site, cwd);
  let order = 0;

  const walk = (container: Container, prefix: PathTemplate, prefixText: string, inherited: readonly string[], ancestors: readonly Container[], root: Container): void => {
    const active: Scope[] = [];
    for (const entry of container.entries) {
      if (entry.kind === 'middleware') {
        for (const template of templatesFor(entry.paths, container.syntax, prefix, prefixText, entry.site, 'USE', result, locate)) {
          active.push({ template, name: entry.name });
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
            const before = [...inherited, ...applicable(active, template)];
            walk(entry.target, template, prefixText + String(raw), before, [...ancestors, container], root);
          }
        }
        continue;
      }
      for (const raw of entry.paths) {
        const location = locate(entry.site);
        const templates = templatesFor([raw], container.syntax, prefix, prefixText, entry.site, methodsLabel(entry), result, locate);
        for (const template of templates) {
          const before = [...inherited, ...applicable(active, template)];
          for (const op of operationsOf(entry, template, before, location, root)) result.operations.push({ ...op, order: order++ });
        }
      }
    }
  };

  for (const root of roots) walk(root, [{ type: 'text', value: '/' }], '', [], [], root);
  return { ...result, operations: chooseAmongDuplicates(result.operations) };
}

function applicable(active: readonly Scope[], template: PathTemplate): string[] {
  return active.filter((scope) => scopeCovers(scope.template, template)).map((scope) => scope.name);
}

function templatesFor(
  paths: readonly RawPath[],
  syntax: PathSyntax,
  prefix: PathTemplate,
  prefixText: string,
  site: CallSite | undefined,
  method: string,
  result: WalkResult,
  locate: (site: CallSite | undefined) => SourceLocation | undefined,
): PathTemplate[] {
  const out: PathTemplate[] = [];
  for (const raw of paths) {
    if (raw instanceof RegExp) {
      result.unrepresentable.push(unrepresentable(method, prefixText + String(raw), 'a RegExp path has no OpenAPI form', locate(site)));
      continue;
    }
    const parsed = parsePath(raw, syntax);
    if (!parsed.ok) {
      result.unrepresentable.push(unrepresentable(method, prefixText + raw, parsed.reason, locate(site)));
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
  middleware: readonly string[],
  location: SourceLocation | undefined,
  root: Container,
): Omit<Operation, 'order'>[] {
  const explicit = [...new Set(entry.layers.map((l) => l.method).filter((m) => m !== 'all'))];
  const documented = explicit.length > 0 ? explicit : entry.layers.length > 0 ? [...ALL_METHODS] : [];
  return documented.map((method) => {
    const chain = handlersFor(entry.layers, method);
    return {
      template,
      method,
      handler: chain[chain.length - 1] ?? '<anonymous>',
      middleware: [...middleware, ...chain.slice(0, -1)],
      location,
      routeName: entry.name,
      fromAll: explicit.length === 0,
      root,
    };
  });
}

function handlersFor(layers: readonly MethodLayer[], method: string): string[] {
  return layers.filter((l) => l.method === method || l.method === 'all').flatMap((l) => l.handlers);
}

/**
 * The same method and path registered more than once is one operation (honojs/hono#676). The
 * first registration answers; an explicit method wins over an `all` handler, and an `all`
 * handler registered before it is listed among its middleware.
 */
function chooseAmongDuplicates(operations: Operation[]): Operation[] {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const key = `${op.method} ${JSON.stringify(op.template)}`;
    const group = groups.get(key);
    if (group) group.push(op);
    else groups.set(key, [op]);
  }
  const chosen: Operation[] = [];
  for (const group of groups.values()) {
    const explicit = group.filter((op) => !op.fromAll);
    const winner = (explicit.length > 0 ? explicit : group)[0]!;
    const earlierAll = group.filter((op) => op.fromAll && op.order < winner.order && op !== winner).map((op) => op.handler);
    chosen.push(earlierAll.length ? { ...winner, middleware: [...winner.middleware, ...earlierAll] } : winner);
  }
  return chosen;
}
