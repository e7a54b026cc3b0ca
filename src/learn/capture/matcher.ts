/**
 * Which documented operation a request reached: (method, URL path) to the operation's path
 * template, as the document writes it. The templates are read into a tree of path segments
 * once; a request walks it segment by segment, trying a static segment before a segment with a
 * constrained parameter (`:id(\d+)`, `file-:name`), that before a plain parameter, and a
 * wildcard last (as OpenAPI matches concrete paths before templated ones), backing up when the
 * method is not there. HEAD is answered by GET, as the frameworks answer it.
 *
 * A request that reaches no operation is described by its shape alone: the segments some
 * documented path has as a static segment are kept, every other one is `{}`.
 */
import type { ParamPart, PathTemplate } from '../../paths/template.js';

/** An operation of the document: its method (lower case), its OpenAPI path and that path's template. */
export interface RouteOperation {
  readonly method: string;
  readonly path: string;
  readonly template: PathTemplate;
}

export interface RouteMatch {
  readonly path: string;
  /** By the template's names, the raw strings of the request's path. */
  readonly params: Record<string, string>;
}

interface TreeNode {
  readonly statics: Map<string, TreeNode>;
  /** Constrained segments first, then plain parameters; each in the order the operations came. */
  readonly dynamics: DynamicEdge[];
  /** Wildcards: the rest of the path, one segment or more. */
  readonly rests: RestEdge[];
  /** The operations whose template ends here, by method. */
  ends: Map<string, string> | undefined;
}

interface DynamicEdge {
  readonly key: string;
  /** Undefined for a plain parameter: any non-empty segment. */
  readonly regex: RegExp | undefined;
  readonly names: readonly string[];
  /** For each name, the index of its group in `regex`. */
  readonly groups: readonly number[];
  readonly constrained: boolean;
  readonly node: TreeNode;
}

interface RestEdge {
  readonly key: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly groups: readonly number[];
  readonly ends: Map<string, string>;
}

type SegmentPart = { readonly text: string } | { readonly param: ParamPart };

export class RouteMatcher {
  readonly #root: TreeNode = newNode();
  /** Every segment that is all text in some documented path. */
  readonly #staticSegments = new Set<string>();

  constructor(operations: Iterable<RouteOperation>) {
    for (const op of operations) this.#add(op);
    sortDynamics(this.#root, new Set());
  }

  /** The operation `method` (any case) on `path` (the raw path, without the query) reached, if any. */
  match(method: string, path: string): RouteMatch | undefined {
    const segments = splitPath(path);
    const names: string[] = [];
    const values: string[] = [];
    const lower = method.toLowerCase();
    const found = this.#walk(this.#root, segments, 0, lower, names, values);
    if (found === undefined) return undefined;
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    for (let i = 0; i < names.length; i++) params[names[i]!] = values[i]!;
    return { path: found, params };
  }

  /** The request path with every segment that is no documented static segment written `{}`: no value remains. */
  shapeOf(path: string): string {
    const segments = splitPath(path);
    if (segments.length === 0) return '/';
    let shape = '';
    for (const segment of segments) shape += `/${this.#staticSegment(segment) ?? '{}'}`;
    return shape;
  }

  /** The documented static segment `segment` is, raw or percent-decoded; an empty segment is kept as it is. */
  #staticSegment(segment: string): string | undefined {
    if (segment === '' || this.#staticSegments.has(segment)) return segment;
    const text = segment.includes('%') ? decoded(segment) : undefined;
    return text !== undefined && this.#staticSegments.has(text) ? text : undefined;
  }

  #add(op: RouteOperation): void {
    const segments = segmentsOf(op.template);
    let node = this.#root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment.every((part) => 'text' in part)) {
        const text = segment.map((part) => (part as { text: string }).text).join('');
        this.#staticSegments.add(text);
        let next = node.statics.get(text);
        if (!next) node.statics.set(text, (next = newNode()));
        node = next;
        continue;
      }
      if (segments.slice(i).some((s) => s.some((part) => 'param' in part && part.param.wildcard))) {
        // A wildcard takes the rest of the path: this segment and every one after it, as one pattern.
        for (const later of segments.slice(i)) if (later.every((part) => 'text' in part)) this.#staticSegments.add(later.map((part) => (part as { text: string }).text).join(''));
        const compiled = compile(segments.slice(i), '/');
        let edge = node.rests.find((e) => e.key === compiled.key);
        if (!edge) node.rests.push((edge = { ...compiled, ends: new Map() }));
        if (!edge.ends.has(op.method)) edge.ends.set(op.method, op.path);
        return;
      }
      const plain = segment.length === 1 && 'param' in segment[0]! && segment[0].param.pattern === undefined;
      const compiled = plain ? { key: `:${(segment[0] as { param: ParamPart }).param.name}`, regex: undefined, names: [(segment[0] as { param: ParamPart }).param.name], groups: [1] } : compile([segment], '/');
      let edge = node.dynamics.find((e) => e.key === compiled.key);
      if (!edge) node.dynamics.push((edge = { ...compiled, constrained: !plain, node: newNode() }));
      node = edge.node;
    }
    node.ends ??= new Map();
    if (!node.ends.has(op.method)) node.ends.set(op.method, op.path);
  }

  #walk(node: TreeNode, segments: readonly string[], i: number, method: string, names: string[], values: string[]): string | undefined {
    if (i === segments.length) {
      const end = node.ends && (node.ends.get(method) ?? (method === 'head' ? node.ends.get('get') : undefined));
      if (end !== undefined) return end;
    } else {
      const segment = segments[i]!;
      const next = node.statics.get(segment) ?? (segment.includes('%') ? node.statics.get(decoded(segment) ?? '') : undefined);
      if (next) {
        const found = this.#walk(next, segments, i + 1, method, names, values);
        if (found !== undefined) return found;
      }
      if (segment !== '') {
        for (const edge of node.dynamics) {
          const depth = names.length;
          if (edge.regex === undefined) {
            names.push(edge.names[0]!);
            values.push(segment);
          } else {
            const groups = edge.regex.exec(segment);
            if (!groups) continue;
            edge.names.forEach((name, k) => {
              names.push(name);
              values.push(groups[edge.groups[k]!] ?? '');
            });
          }
          const found = this.#walk(edge.node, segments, i + 1, method, names, values);
          if (found !== undefined) return found;
          names.length = depth;
          values.length = depth;
        }
      }
    }
    if (node.rests.length === 0 || i === segments.length) return undefined;
    const rest = segments.slice(i).join('/');
    for (const edge of node.rests) {
      const end = edge.ends.get(method) ?? (method === 'head' ? edge.ends.get('get') : undefined);
      if (end === undefined) continue;
      const groups = edge.regex.exec(rest);
      if (!groups) continue;
      edge.names.forEach((name, k) => {
        names.push(name);
        values.push(groups[edge.groups[k]!] ?? '');
      });
      return end;
    }
    return undefined;
  }
}

function newNode(): TreeNode {
  return { statics: new Map(), dynamics: [], rests: [], ends: undefined };
}

/** Constrained segments before plain parameters, keeping the operations' order otherwise (a stable sort). */
function sortDynamics(node: TreeNode, seen: Set<TreeNode>): void {
  if (seen.has(node)) return;
  seen.add(node);
  node.dynamics.sort((a, b) => Number(b.constrained) - Number(a.constrained));
  for (const next of node.statics.values()) sortDynamics(next, seen);
  for (const edge of node.dynamics) sortDynamics(edge.node, seen);
}

/** `/users/{id}/avatar` as segments of text and parameters: `[[users], [id], [avatar]]`; the root path has none. */
function segmentsOf(template: PathTemplate): SegmentPart[][] {
  const segments: SegmentPart[][] = [];
  let current: SegmentPart[] | undefined;
  for (const part of template) {
    if (part.type === 'param') {
      (current ??= []).push({ param: part });
      continue;
    }
    part.value.split('/').forEach((piece, i) => {
      if (i > 0) {
        if (current) segments.push(current);
        current = [];
      }
      if (piece !== '') (current ??= []).push({ text: piece });
    });
  }
  if (current) segments.push(current);
  return segments.filter((segment) => segment.length > 0);
}

/** One anchored pattern for the segments, joined by `/`; each parameter is a group (its own pattern, or one segment, or for a wildcard anything). */
function compile(segments: readonly SegmentPart[][], separator: string): { key: string; regex: RegExp; names: string[]; groups: number[] } {
  const names: string[] = [];
  const groups: number[] = [];
  let group = 1;
  const source = segments
    .map((segment) =>
      segment
        .map((part) => {
          if ('text' in part) return escapeRegExp(part.text);
          names.push(part.param.name);
          groups.push(group);
          const pattern = part.param.pattern ?? (part.param.wildcard ? '.+' : '[^/]+?');
          group += 1 + capturingGroups(pattern);
          return `(${pattern})`;
        })
        .join(''),
    )
    .join(separator);
  const key = `${source} ${names.join(',')}`;
  try {
    return { key, regex: new RegExp(`^(?:${source})$`), names, groups };
  } catch {
    // A pattern JavaScript does not read (the framework's router checks it, not docgen): any value.
    return compile(
      segments.map((segment) => segment.map((part) => ('param' in part ? { param: { ...part.param, pattern: undefined } } : part))),
      separator,
    );
  }
}

/** How many capturing groups a pattern has: its match of the empty alternative has one slot per group. */
function capturingGroups(pattern: string): number {
  try {
    return new RegExp(`${pattern}|`).exec('')!.length - 1;
  } catch {
    return 0;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The path's segments: `/a/b/` is `[a, b]` (a trailing slash is no segment), `/` is none. */
function splitPath(path: string): string[] {
  let end = path.length;
  if (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  const trimmed = path.slice(path.charCodeAt(0) === 0x2f ? 1 : 0, end);
  return trimmed === '' ? [] : trimmed.split('/');
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
