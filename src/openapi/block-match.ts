/**
 * Which registered operation a block's path describes, the way a person reads it. A block is
 * written relative to a server URL (`/users` for `/v1/users`) or to its router's mount point,
 * and its parameter names may be stale (`{id}` where the app says `:userId`). So a block path
 * matches a registered path of the same method that ends with the same segments, parameters
 * matching parameters whatever their names. Among several, the closest wins: the same path, then
 * a registration in the block's own file, then the shortest prefix. A tie between registrations
 * made at different places is ambiguous (none is taken); one router mounted at several paths is
 * one place, and the block describes each of its operations.
 */

/** A registered operation as the matcher sees it. */
export interface Registered {
  readonly method: string;
  /** OpenAPI form, `/v1/users/{userId}`. */
  readonly path: string;
  /** Absolute path of the registering file, when known. */
  readonly file: string | undefined;
  /** `file:line`, to tell one registration place from another. */
  readonly source: string;
}

export type MatchResult<T extends Registered> =
  | { readonly kind: 'matched'; readonly operations: readonly T[]; readonly names: ReadonlyMap<string, string> }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly operations: readonly T[] };

/** `/users/:id/` -> segments `['users', '{id}']` (Express syntax in a block is read too). */
export function blockSegments(path: string): string[] {
  return path
    .replace(/:([A-Za-z_$][\w$]*)/g, '{$1}')
    .split('/')
    .filter((segment) => segment !== '');
}

const shapeOf = (segment: string): string => segment.replace(/\{[^}]*\}/g, '{}');
const namesIn = (segments: readonly string[]): string[] => segments.flatMap((segment) => [...segment.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!));

export function matchBlockPath<T extends Registered>(path: string, method: string, blockFile: string, operations: readonly T[]): MatchResult<T> {
  const wanted = blockSegments(path);
  const wantedShape = wanted.map(shapeOf);
  let best: { rank: number; prefix: number; operations: T[] } | undefined;
  for (const op of operations) {
    if (op.method !== method) continue;
    const segments = blockSegments(op.path);
    const prefix = segments.length - wanted.length;
    if (prefix < 0 || !wantedShape.every((shape, i) => shapeOf(segments[prefix + i]!) === shape)) continue;
    const rank = prefix === 0 ? 0 : op.file === blockFile ? 1 : 2;
    if (!best || rank < best.rank || (rank === best.rank && prefix < best.prefix)) best = { rank, prefix, operations: [op] };
    else if (rank === best.rank && prefix === best.prefix) best.operations.push(op);
  }
  if (!best) return { kind: 'none' };
  const places = new Set(best.operations.map((op) => op.source));
  if (places.size > 1) return { kind: 'ambiguous', operations: best.operations };
  // Documented name -> registered name, by position from the end.
  const documented = namesIn(wanted);
  const registered = namesIn(blockSegments(best.operations[0]!.path));
  const offset = registered.length - documented.length;
  const names = new Map<string, string>();
  documented.forEach((name, i) => names.set(name, registered[offset + i]!));
  return { kind: 'matched', operations: best.operations, names };
}
