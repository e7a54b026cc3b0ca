/**
 * The route model: what each app and router registered, in registration order, recorded by
 * the framework adapters as it happens. It holds framework-neutral facts only; turning it
 * into full paths and operations is the OpenAPI builder's job.
 */
import type { PathSyntax } from '../paths/syntax.js';
import { SchemaBindings } from '../schemas/bindings.js';
import type { CallSite } from './call-site.js';

export type Framework = 'express' | 'koa' | 'hono';

/** A path as the app wrote it: a string in the framework's syntax, or a RegExp. */
export type RawPath = string | RegExp;

/** Method name in lower case, or `all` for a handler that answers every method. */
export type MethodName = string;

export interface MethodLayer {
  readonly method: MethodName;
  /** Names of the functions in the order they run; the last one answers. */
  readonly handlers: readonly string[];
  /**
   * The functions themselves, one for one with `handlers`: validation middleware carry schemas
   * (src/schemas), looked up only when the document is built.
   */
  readonly functions: readonly unknown[];
  /** Where this method was added, when not where its route was (`route('/x').get(h)` chains). */
  readonly site?: CallSite;
}

export interface RouteEntry {
  readonly kind: 'route';
  readonly paths: readonly RawPath[];
  readonly layers: MethodLayer[];
  readonly site: CallSite | undefined;
  /** A name the app gave the route (Koa's named routes), preferred as the operationId. */
  readonly name?: string;
}

export interface MountEntry {
  readonly kind: 'mount';
  readonly paths: readonly RawPath[];
  readonly target: Container;
  readonly site: CallSite | undefined;
}

export interface MiddlewareEntry {
  readonly kind: 'middleware';
  /** Where it runs: every path below these, or with `exact`, these paths only (Hono). */
  readonly paths: readonly RawPath[];
  readonly exact?: boolean;
  readonly name: string;
  /** The middleware function, for the schemas it may carry. */
  readonly fn?: unknown;
  readonly site: CallSite | undefined;
}

/** A handler of another framework mounted under a prefix (Hono's `mount()`): reported, not documented. */
export interface ForeignEntry {
  readonly kind: 'foreign';
  readonly paths: readonly RawPath[];
  readonly name: string;
  readonly site: CallSite | undefined;
}

export type Entry = RouteEntry | MountEntry | MiddlewareEntry | ForeignEntry;

export interface Container {
  readonly id: number;
  readonly framework: Framework;
  /** An app can be served on its own; a router only through an app it is mounted on. */
  readonly kind: 'app' | 'router';
  readonly syntax: PathSyntax;
  readonly entries: Entry[];
  /** How many times it was mounted into another container. Roots are apps mounted nowhere. */
  mounts: number;
  readonly site: CallSite | undefined;
  /**
   * What a library the app declares its API to (@hono/zod-openapi) documents for this app: each
   * function returns that library's own OpenAPI document, read when docgen's is built. Its
   * content fills the operations docgen saw registered (src/openapi/declared.ts).
   */
  readonly declared: Array<() => unknown>;
}

export class RouteRegistry {
  readonly containers: Container[] = [];
  /** Which schema each validation middleware checks, recorded where the middleware is made. */
  readonly schemas: SchemaBindings;
  readonly #byObject = new WeakMap<object, Container>();
  readonly #readers: Array<(into: RouteRegistry) => void> = [];
  #completed = false;
  /** For a snapshot: the registry it copies, and its containers' copies (see `snapshot`). */
  readonly #origin: { readonly registry: RouteRegistry; readonly copies: Map<Container, Container> } | undefined;

  constructor(origin?: { readonly registry: RouteRegistry; readonly copies: Map<Container, Container> }) {
    this.#origin = origin;
    this.schemas = origin ? origin.registry.schemas : new SchemaBindings();
  }

  /**
   * Adapters whose framework keeps its final routing state itself (Koa's router stacks, Hono's
   * route list) read it into the registry here: once into this registry when the process ends
   * (`complete`), and into each `snapshot` taken before that. A reader records into the registry
   * it is given, and looks its containers up there.
   */
  beforeBuild(read: (into: RouteRegistry) => void): void {
    this.#readers.push(read);
  }

  /** Runs the `beforeBuild` readers; called once by the session before the document is built. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    for (const read of this.#readers) read(this);
  }

  /**
   * The route model as it would be complete now, leaving this registry as it is: its containers
   * are copied (the entries they hold are shared, not copied), and before `complete` the readers
   * run on the copy. Learning from traffic matches requests against it while the app runs.
   */
  snapshot(): RouteRegistry {
    const copies = new Map<Container, Container>();
    const copy = new RouteRegistry({ registry: this, copies });
    for (const container of this.containers) {
      const twin: Container = { ...container, entries: [] };
      copies.set(container, twin);
      copy.containers.push(twin);
    }
    for (const container of this.containers) {
      const twin = copies.get(container)!;
      for (const entry of container.entries) twin.entries.push(entry.kind === 'mount' ? { ...entry, target: copies.get(entry.target) ?? entry.target } : entry);
    }
    if (!this.#completed) for (const read of this.#readers) read(copy);
    return copy;
  }

  /** The container recorded for a framework object, created on first sight. */
  containerFor(object: object, init: Pick<Container, 'framework' | 'kind' | 'syntax' | 'site'>): Container {
    let container = this.lookup(object);
    if (!container) {
      container = { id: this.containers.length + 1, ...init, entries: [], mounts: 0, declared: [] };
      this.containers.push(container);
      this.#byObject.set(object, container);
    }
    return container;
  }

  lookup(object: object): Container | undefined {
    const own = this.#byObject.get(object);
    if (own || !this.#origin) return own;
    // A snapshot knows the objects its origin knew, through the copies of their containers.
    const original = this.#origin.registry.lookup(object);
    return original && this.#origin.copies.get(original);
  }

  /** Makes `alias` record into `object`'s container (an Express app and its internal router). */
  alias(alias: object, container: Container): void {
    this.#byObject.set(alias, container);
  }

  /**
   * `alias` after the fact: what was recorded for `object` becomes `container`'s (its entries
   * move there, in order, and mounts of it mount `container`). Express 5's lazily made router.
   */
  adopt(object: object, container: Container): void {
    const own = this.lookup(object);
    this.#byObject.set(object, container);
    if (!own || own === container) return;
    for (const entry of own.entries.splice(0)) container.entries.push(entry);
    for (const other of this.containers) {
      other.entries.forEach((entry, index) => {
        if (entry.kind === 'mount' && entry.target === own) other.entries[index] = { ...entry, target: container };
      });
    }
    container.mounts += own.mounts;
    own.mounts = 0;
  }

  add(container: Container, entry: Entry): void {
    // An app mounted into itself still serves on its own: that mount does not make it a sub-app.
    if (entry.kind === 'mount' && entry.target !== container) entry.target.mounts++;
    container.entries.push(entry);
  }

  roots(): Container[] {
    return this.containers.filter((c) => c.kind === 'app' && c.mounts === 0);
  }
}

/** The name a reader knows a function by: `bound x` is `x`, an arrow function has none. */
export function functionName(fn: unknown): string {
  if (typeof fn !== 'function') return '<anonymous>';
  const name = fn.name.replace(/^(bound )+/, '');
  return name === '' ? '<anonymous>' : name;
}
