/**
 * Hono 4. Its registration methods are arrow functions made per instance in the constructor,
 * and `#addRoute` is private (see FIELD-NOTES), so the prototype cannot be patched for them.
 * Instead the exported `HonoBase` class is replaced by a subclass whose constructor wraps the
 * new instance's methods and its public `routes` array. Hono's own `app.routes` is the truth at
 * the end: `route()` copies a sub-app's routes when it is called (routes added to the sub-app
 * later are not served), and `basePath()` clones share the parent's array.
 */
import { httpMethodNames } from '../../runtime/builtins.js';
import type { Instrumentation } from '../../instrumentation/contract.js';
import type { HookSet } from '../../instrumentation/hook-set.js';
import { HONO } from '../../instrumentation/targets.js';
import { currentCall, isWrapped } from '../../instrumentation/wrap.js';
import type { CallSite } from '../../model/call-site.js';
import { instrumentedSubclass } from '../../instrumentation/subclass.js';
import { functionName, type Container, type Entry, type RouteRegistry } from '../../model/registry.js';

interface RouteRecord {
  method: string;
  path: string;
  handler: unknown;
}

interface HonoApp {
  routes: RouteRecord[];
}

/** What docgen learned about one route record when it was pushed. */
interface RecordInfo {
  readonly site: CallSite | undefined;
  /** Records pushed by one call of the app (`app.get(path, mw, handler)`) share a number. */
  readonly call: number;
  readonly kind: 'route' | 'middleware' | 'mount';
  readonly handler: string;
}

interface HonoState {
  readonly apps: Array<{ app: HonoApp; container: Container }>;
  readonly records: WeakMap<object, RecordInfo>;
  readonly hookedArrays: WeakSet<object>;
  /** While `use()` or `mount()` runs, what its records are. */
  kind: RecordInfo['kind'];
  /** While `route()` copies a sub-app, the infos of the records it copies, in order. */
  copying: Array<RecordInfo | undefined> | undefined;
  /** While `mount()` runs, the name of the foreign handler it mounts. */
  mountedName: string;
  /** Learning from traffic (issue 14): who is told of each new app and `basePath()` clone (see `observeHonoApps`). */
  readonly observers: Set<(app: object) => void>;
  /** Folders of libraries that register through Hono for the app (@hono/zod-openapi): their frames are skipped. */
  readonly libraries: string[];
  /** While a library's `basePath()` makes its clone with `new` (see `HonoLibrary.cloning`), the app it clones. */
  cloneOf: object | undefined;
  /** How a library that keeps its own document gives it for an app it made (see `HonoLibrary.declaring`). */
  documentOf: ((app: object) => unknown) | undefined;
}

const states = new WeakMap<RouteRegistry, HonoState>();

export const honoInstrumentation: Instrumentation = {
  target: HONO,
  patch(exports, _file, context) {
    const holder = exports as { HonoBase?: unknown } | undefined;
    const Base = holder?.HonoBase as (new (...args: unknown[]) => HonoApp) | undefined;
    if (!holder || typeof Base !== 'function' || typeof Base.prototype.route !== 'function') {
      context.warn(`hono ${context.version} at ${context.packageRoot} has an unexpected shape; its apps are not documented`);
      return undefined;
    }
    if (isWrapped(Base)) return undefined;
    const { registry, hooks } = context;
    const state = stateFor(registry);

    // basePath() clones are made with the original class, so every instance seen here is one
    // the app created: an app of its own until it is passed to another's route(). One frame,
    // Hono's own constructor, stands between the app's `new Hono()` and this one.
    const Instrumented = instrumentedSubclass(
      Base,
      1,
      (app, site) => {
        // A library's basePath() clone made with `new` (@hono/zod-openapi's) serves its origin's routes: no app of its own.
        const origin = state.cloneOf && registry.lookup(state.cloneOf);
        state.cloneOf = undefined;
        const container = origin ?? registry.containerFor(app, { framework: 'hono', kind: 'app', syntax: 'hono', site });
        if (origin) registry.alias(app, origin);
        else state.apps.push({ app, container });
        const documentOf = state.documentOf;
        if (documentOf) container.declared.push(() => documentOf(app));
        instrumentInstance(app, state, hooks);
        tellObservers(app, state);
      },
      () => (state.libraries.length ? state.libraries : undefined),
    );

    const proto = Base.prototype as Record<string, unknown>;
    hooks.registration(proto, 'HonoBase.prototype', 'basePath', {
      after({ self }, clone) {
        if (!clone || typeof clone !== 'object') return;
        // A clone serves its origin's routes: passing it to route() mounts the origin.
        const origin = registry.lookup(self as object);
        if (origin) registry.alias(clone, origin);
        instrumentInstance(clone as HonoApp, state, hooks);
        tellObservers(clone, state);
      },
    });
    hooks.registration(proto, 'HonoBase.prototype', 'route', {
      before({ self, args }) {
        const subApp = args[1] as HonoApp | undefined;
        state.copying = Array.isArray(subApp?.routes) ? subApp.routes.map((r) => state.records.get(r)) : undefined;
        const sub = subApp && registry.lookup(subApp);
        if (sub && sub !== registry.lookup(self as object)) sub.mounts++;
      },
      after() {
        state.copying = undefined;
      },
    });
    hooks.registration(proto, 'HonoBase.prototype', 'mount', {
      before({ args }) {
        state.kind = 'mount';
        state.mountedName = functionName(args[1]);
      },
      after() {
        state.kind = 'route';
      },
    });

    // Through the ES module's exported binding: hono-base.js's own references see it too.
    hooks.replacement(holder, 'hono-base', 'HonoBase', () => Instrumented);
    return undefined;
  },
};

function stateFor(registry: RouteRegistry): HonoState {
  let state = states.get(registry);
  if (!state) {
    const created: HonoState = {
      apps: [],
      records: new WeakMap(),
      hookedArrays: new WeakSet(),
      kind: 'route',
      copying: undefined,
      mountedName: '',
      observers: new Set(),
      libraries: [],
      cloneOf: undefined,
      documentOf: undefined,
    };
    state = created;
    states.set(registry, created);
    registry.beforeBuild((into) => {
      for (const { app, container } of created.apps) readRoutes(app, into.lookup(app) ?? container, created, into);
    });
  }
  return state;
}

// --- libraries built on Hono (@hono/zod-openapi) -------------------------------------------------

/** What a library that subclasses Hono's apps tells the Hono adapter (see src/adapters/hono/zod-openapi.ts). */
export interface HonoLibrary {
  /** The library's folder: frames in it are not the app's (it calls `app.on()` for `app.openapi()`). */
  skipFrames(folder: string): void;
  /** Its `basePath()` is making a clone of `origin` with `new` (undefined: it is done). */
  cloning(origin: object | undefined): void;
  /** How it gives its own document for an app made from now on (undefined when the app is not its). */
  declaring(documentOf: (app: object) => unknown): void;
}

export function honoLibrary(registry: RouteRegistry): HonoLibrary {
  const state = stateFor(registry);
  return {
    skipFrames(folder) {
      if (!state.libraries.includes(folder)) state.libraries.push(folder);
    },
    cloning(origin) {
      state.cloneOf = origin;
    },
    declaring(documentOf) {
      state.documentOf = documentOf;
    },
  };
}

// --- learning from traffic (issue 14) -------------------------------------------------------

/**
 * Tells `observer` of every Hono app and `basePath()` clone made from now on in `registry`'s
 * process, until the returned function is called. The capture of traffic (src/learn/capture)
 * wraps their `fetch` with it, from the preload on; without an observer nothing more is done.
 */
export function observeHonoApps(registry: RouteRegistry, observer: (app: object) => void): () => void {
  const { observers } = stateFor(registry);
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

function tellObservers(app: object, state: HonoState): void {
  for (const observer of state.observers) observer(app);
}

/** Wraps an instance's own registration methods and its `routes.push`. */
function instrumentInstance(app: HonoApp, state: HonoState, hooks: HookSet): void {
  // Hono makes a method for each of its own METHODS, not for every HTTP method Node knows.
  // A library that registers for the app (`app.openapi()` calls `app.on()`) is skipped to the app's own frame.
  const frameworkRoot = state.libraries.length ? state.libraries : undefined;
  for (const key of httpMethodNames()) hooks.registration(app, 'app', key, { frameworkRoot }, { optional: true });
  for (const key of ['all', 'on']) hooks.registration(app, 'app', key, { frameworkRoot });
  hooks.registration(app, 'app', 'use', {
    frameworkRoot,
    before() {
      state.kind = 'middleware';
    },
    after() {
      state.kind = 'route';
    },
  });
  const routes = app.routes;
  if (!Array.isArray(routes) || state.hookedArrays.has(routes)) return;
  state.hookedArrays.add(routes);
  // An own, non-enumerable `push`: the array still iterates, serialises and compares as before.
  hooks.observer(routes, 'app.routes', 'push', {
    before(records) {
      for (const record of records as RouteRecord[]) {
        const copied = state.copying?.shift();
        const call = currentCall();
        const handler = state.kind === 'mount' ? state.mountedName : functionName(record.handler);
        state.records.set(record, copied ?? { site: call?.site, call: call?.id ?? 0, kind: state.kind, handler });
      }
    },
  });
}

/**
 * `app.routes` into the route model. Hono keeps one record per handler (honojs/hono#676): the
 * records of one call with one method and path are one route whose last handler answers.
 */
function readRoutes(app: HonoApp, container: Container, state: HonoState, registry: RouteRegistry): void {
  let previous: { info: RecordInfo | undefined; record: RouteRecord; entry: Entry } | undefined;
  for (const record of app.routes) {
    const info = state.records.get(record);
    const handler = info?.handler ?? functionName(record.handler);
    const fn = ownHandler(record.handler);
    const site = info?.site;
    if (info?.kind === 'mount') {
      registry.add(container, { kind: 'foreign', paths: [record.path], name: handler, site });
      previous = undefined;
      continue;
    }
    if (info?.kind === 'middleware') {
      const scope = middlewareScope(record.path);
      registry.add(container, { kind: 'middleware', paths: [scope.path], name: handler, fn, site, ...(scope.exact ? { exact: true } : {}) });
      previous = undefined;
      continue;
    }
    const method = record.method === 'ALL' ? 'all' : record.method.toLowerCase();
    if (previous && info && previous.info?.call === info.call && previous.record.path === record.path && previous.entry.kind === 'route') {
      const layer = previous.entry.layers.find((l) => l.method === method);
      if (layer) {
        (layer.handlers as string[]).push(handler);
        (layer.functions as unknown[]).push(fn);
        continue;
      }
      previous.entry.layers.push({ method, handlers: [handler], functions: [fn] });
      continue;
    }
    const entry: Entry = { kind: 'route', paths: [record.path], layers: [{ method, handlers: [handler], functions: [fn] }], site };
    registry.add(container, entry);
    previous = { info, record, entry };
  }
}

/**
 * `route()` of a sub-app with its own error handler wraps each handler and keeps the original
 * under this key (hono's COMPOSED_HANDLER): the original is the one validators recorded.
 */
function ownHandler(handler: unknown): unknown {
  let fn = handler;
  for (let i = 0; i < 16 && typeof fn === 'function' && typeof (fn as { __COMPOSED_HANDLER?: unknown }).__COMPOSED_HANDLER === 'function'; i++) {
    fn = (fn as unknown as { __COMPOSED_HANDLER: unknown }).__COMPOSED_HANDLER;
  }
  return fn;
}

/** `use('*')` and `use('/api/*')` cover a prefix; `use('/api')` only that path. */
function middlewareScope(path: string): { path: string; exact: boolean } {
  if (path === '*' || path === '/*') return { path: '/', exact: false };
  if (path.endsWith('/*')) return { path: path.slice(0, -2) || '/', exact: false };
  return { path, exact: true };
}
