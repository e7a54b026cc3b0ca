/**
 * Koa 2 and 3 with @koa/router (v12+, CommonJS and ESM builds), koa-router (v12+) and
 * koa-mount.
 *
 * Koa routers copy a child's layers into the parent when `parent.use(child.routes())` is called
 * and rewrite layer paths when `prefix()` is called later, so the routes a Koa app serves are
 * exactly the layers in the stacks of the routers its middleware dispatch to, when the process
 * ends. This adapter therefore records where each layer was registered (its call site) as it
 * happens, and reads apps and router stacks into the route model at the end.
 */
import type { Instrumentation, InstrumentationContext } from '../../instrumentation/contract.js';
import { KOA, KOA_MOUNT, KOA_ROUTER, KOA_ROUTER_LEGACY } from '../../instrumentation/targets.js';
import { isWrapped, observerWrapper } from '../../instrumentation/wrap.js';
import type { CallSite } from '../../model/call-site.js';
import { instrumentedSubclass } from '../../instrumentation/subclass.js';
import { functionName, type Container, type Entry, type MethodLayer, type RawPath, type RouteRegistry } from '../../model/registry.js';
import type { PathSyntax } from '../../paths/syntax.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

type Fn = ((...args: unknown[]) => unknown) & Record<string, unknown>;

interface KoaApp {
  middleware: Fn[];
}

interface KoaLayer {
  path: string | RegExp;
  methods: string[];
  stack: Fn[];
  name?: string | null;
  opts?: { pathAsRegExp?: boolean; end?: boolean };
}

interface KoaRouter {
  stack: KoaLayer[];
  params?: Record<string, unknown>;
}

/** State shared by every copy of Koa and its routers in the process. */
interface KoaState {
  readonly apps: Set<KoaApp>;
  readonly layerSites: WeakMap<object, CallSite>;
  readonly handlerSites: WeakMap<object, CallSite>;
  /** The routers of instrumented router packages: only their stacks are read. */
  readonly routerSyntax: WeakMap<object, PathSyntax>;
  readonly mounts: WeakMap<object, { prefix: string; app: unknown }>;
  /** Names for the anonymous functions the routers hand out (`allowedMethods()`). */
  readonly names: WeakMap<object, string>;
}

const states = new WeakMap<RouteRegistry, KoaState>();

function stateFor(registry: RouteRegistry): KoaState {
  let state = states.get(registry);
  if (!state) {
    const created: KoaState = { apps: new Set(), layerSites: new WeakMap(), handlerSites: new WeakMap(), routerSyntax: new WeakMap(), mounts: new WeakMap(), names: new WeakMap() };
    state = created;
    states.set(registry, created);
    registry.beforeBuild((into) => snapshotApps(into, created));
  }
  return state;
}

/**
 * Koa's exported Application class is replaced by a subclass whose constructor records the app
 * where the app creates it (`new Koa()`), so apps of every framework keep their creation order.
 */
export const koaInstrumentation: Instrumentation = {
  target: KOA,
  patch(exports, _file, context) {
    const Application = exports as (new (...args: unknown[]) => KoaApp) | undefined;
    if (typeof Application !== 'function' || typeof Application.prototype?.use !== 'function') {
      context.warn(`koa ${context.version} at ${context.packageRoot} has an unexpected shape; its apps are not documented`);
      return undefined;
    }
    if (isWrapped(Application)) return undefined;
    const { registry } = context;
    const state = stateFor(registry);
    const Instrumented = instrumentedSubclass(Application, 0, (app, site) => {
      registry.containerFor(app, { framework: 'koa', kind: 'app', syntax: 'path-to-regexp-v8', site });
      state.apps.add(app);
    });
    // Koa's CommonJS export is the class itself; statics (HttpError, default) come along.
    for (const key of Object.getOwnPropertyNames(Application)) {
      if (!(key in Instrumented) || key === 'default') Object.defineProperty(Instrumented, key, Object.getOwnPropertyDescriptor(Application, key)!);
    }
    if ((Application as { default?: unknown }).default === Application) Object.defineProperty(Instrumented, 'default', { value: Instrumented, enumerable: true, configurable: true, writable: true });
    return Instrumented;
  },
};

function routerInstrumentation(target: typeof KOA_ROUTER): Instrumentation {
  return {
    target,
    patch(exports, _file, context) {
      const Router = routerClass(exports);
      if (!Router) {
        context.warn(`${target.packageName} ${context.version} at ${context.packageRoot} has an unexpected shape; its routes are not documented`);
        return undefined;
      }
      const state = stateFor(context.registry);
      const syntax = routerSyntax(context);
      const proto = Router.prototype;
      const { hooks } = context;
      // A param wrapper carries only the parameter's name; name it after the router's handler,
      // now, while the router that owns the handler is at hand (layers are copied to parents).
      const nameParamWrappers = (router: KoaRouter, layers: readonly KoaLayer[]): void => {
        for (const layer of layers) {
          for (const fn of layer.stack) {
            const param = (fn as { param?: unknown }).param;
            const handler = typeof param === 'string' ? router.params?.[param] : undefined;
            if (typeof handler === 'function' && !state.names.has(fn)) state.names.set(fn, functionName(handler));
          }
        }
      };
      hooks.registration(proto, 'Router.prototype', 'param', {
        after({ self }) {
          nameParamWrappers(self as KoaRouter, (self as KoaRouter).stack);
        },
      });
      hooks.registration(proto, 'Router.prototype', 'register', {
        after({ self, site }, layer) {
          state.routerSyntax.set(self as object, syntax);
          if (!isLayer(layer)) return;
          nameParamWrappers(self as KoaRouter, [layer]);
          state.layerSites.set(layer, site);
          const handler = layer.stack[layer.stack.length - 1];
          if (handler && !state.handlerSites.has(handler)) state.handlerSites.set(handler, site);
        },
      });
      // @koa/router 13+ clones layers through a method; v12 and koa-router 14 clone inline and keep the handler functions.
      hooks.registration(
        proto,
        'Router.prototype',
        '_cloneLayer',
        {
          after({ args }, clone) {
            const site = state.layerSites.get(args[0] as object);
            if (site && clone && typeof clone === 'object') state.layerSites.set(clone, site);
          },
        },
        { optional: true },
      );
      // The methods that call register(): wrapping them makes the app's call the recorded site.
      for (const key of ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'prefix', 'redirect']) hooks.registration(proto, 'Router.prototype', key);
      hooks.registration(proto, 'Router.prototype', 'routes', {
        after({ self }) {
          state.routerSyntax.set(self as object, syntax);
        },
      });
      hooks.registration(proto, 'Router.prototype', 'allowedMethods', {
        after(_call, middleware) {
          if (typeof middleware === 'function') state.names.set(middleware, 'allowedMethods');
        },
      });
      return undefined;
    },
  };
}

export const koaRouterInstrumentation = routerInstrumentation(KOA_ROUTER);
export const koaRouterLegacyInstrumentation = routerInstrumentation(KOA_ROUTER_LEGACY);

/** koa-mount returns an anonymous function; the adapter remembers what each one mounts. */
export const koaMountInstrumentation: Instrumentation = {
  target: KOA_MOUNT,
  patch(exports, _file, context) {
    if (typeof exports !== 'function' || isWrapped(exports)) return undefined;
    const state = stateFor(context.registry);
    const mount = exports as Fn;
    // koa-mount's module.exports is the function itself: the wrapper replaces it.
    const wrapped = observerWrapper(mount, {
      after(args, result) {
        const [prefix, app] = typeof args[0] === 'string' ? [args[0], args[1]] : ['/', args[0]];
        if (result && typeof result === 'function') state.mounts.set(result, { prefix, app });
      },
    });
    return Object.assign(wrapped, mount);
  },
};


function routerClass(exports: unknown): { prototype: Record<string, unknown> } | undefined {
  const candidates = [exports, (exports as { Router?: unknown } | undefined)?.Router, (exports as { default?: unknown } | undefined)?.default];
  for (const candidate of candidates) {
    const proto = (candidate as { prototype?: Record<string, unknown> } | undefined)?.prototype;
    if (typeof candidate === 'function' && typeof proto?.register === 'function' && typeof proto.routes === 'function') {
      return candidate as { prototype: Record<string, unknown> };
    }
  }
  return undefined;
}

/** The path-to-regexp major the router package depends on decides its path syntax. */
function routerSyntax(context: InstrumentationContext): PathSyntax {
  const range = context.dependencyRange('path-to-regexp');
  const lowest = range && validRange(range) ? minVersion(range) : null;
  return lowest && lowest.major < 8 ? 'path-to-regexp-v6' : 'path-to-regexp-v8';
}

function isLayer(value: unknown): value is KoaLayer {
  const layer = value as Partial<KoaLayer> | undefined;
  return !!layer && typeof layer === 'object' && Array.isArray(layer.methods) && Array.isArray(layer.stack);
}

// --- the end of the process: apps and router stacks into the route model ------------------

const ALL_SIGNATURE = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function snapshotApps(registry: RouteRegistry, state: KoaState): void {
  const appContainer = (app: KoaApp): Container => registry.containerFor(app, { framework: 'koa', kind: 'app', syntax: 'path-to-regexp-v8', site: undefined });
  const filled = new Set<object>();

  const fillApp = (app: KoaApp): Container => {
    const container = appContainer(app);
    if (filled.has(app)) return container;
    filled.add(app);
    for (const fn of app.middleware) {
      const router = fn.router as KoaRouter | undefined;
      const mounted = state.mounts.get(fn);
      // A router of a package docgen did not instrument (a version outside the supported range) is
      // not read: its layers may mean something else. It stays a middleware of the app.
      if (router && Array.isArray(router.stack) && state.routerSyntax.has(router)) {
        registry.add(container, { kind: 'mount', paths: ['/'], target: fillRouter(router), site: undefined });
      } else if (mounted && isKoaApp(mounted.app)) {
        registry.add(container, { kind: 'mount', paths: [mounted.prefix], target: fillApp(mounted.app), site: undefined });
      } else {
        registry.add(container, { kind: 'middleware', paths: [mounted?.prefix ?? '/'], name: nameOf(mounted?.app ?? fn, state), fn, site: undefined });
      }
    }
    return container;
  };

  const fillRouter = (router: KoaRouter): Container => {
    const container = registry.containerFor(router, { framework: 'koa', kind: 'router', syntax: state.routerSyntax.get(router) ?? 'path-to-regexp-v8', site: undefined });
    if (filled.has(router)) return container;
    filled.add(router);
    for (const layer of router.stack) for (const entry of layerEntries(layer, state, router)) registry.add(container, entry);
    return container;
  };

  // Apps first seen as koa-mount targets are mounted, not roots: fill every app once.
  for (const app of state.apps) fillApp(app);
}

function layerEntries(layer: KoaLayer, state: KoaState, router: KoaRouter): Entry[] {
  const handler = layer.stack[layer.stack.length - 1];
  const site = state.layerSites.get(layer) ?? (handler ? state.handlerSites.get(handler) : undefined);
  const path = layerPath(layer);
  if (layer.methods.length === 0) {
    return layer.stack.map((fn) => ({ kind: 'middleware', paths: [path], name: nameOf(fn, state, router), fn, site }));
  }
  const handlers = layer.stack.map((fn) => nameOf(fn, state, router));
  const functions = layer.stack;
  const methods = layer.methods.map((m) => m.toUpperCase());
  const layers: MethodLayer[] = ALL_SIGNATURE.every((m) => methods.includes(m))
    ? [{ method: 'all', handlers, functions }]
    : methods.filter((m) => !(m === 'HEAD' && methods.includes('GET'))).map((m) => ({ method: m.toLowerCase(), handlers, functions }));
  return [{ kind: 'route', paths: [path], layers, site, ...(layer.name ? { name: layer.name } : {}) }];
}

/**
 * `router.param()` wraps its handler: name the handler, kept on the wrapper (@koa/router 13+)
 * or in the router's `params` table, or else the parameter.
 */
function nameOf(fn: unknown, state: KoaState, router?: KoaRouter): string {
  const wrapper = fn as { _originalFn?: unknown; param?: unknown } | undefined;
  if (typeof wrapper?._originalFn === 'function') return functionName(wrapper._originalFn);
  const named = fn && (typeof fn === 'object' || typeof fn === 'function') ? state.names.get(fn) : undefined;
  if (named) return named;
  if (typeof wrapper?.param === 'string') {
    const handler = router?.params?.[wrapper.param];
    return typeof handler === 'function' ? functionName(handler) : `param(${wrapper.param})`;
  }
  return (fn && typeof fn === 'object') || typeof fn === 'function' ? (state.names.get(fn) ?? functionName(fn)) : functionName(fn);
}

/**
 * Router middleware without a path match everything, and the routers store sentinels for
 * that: `([^/]*)` (v12), `{/*rest}`, or the regular expression `<prefix>(?:\/|$)` (v13+).
 */
const MATCH_REST = '(?:\\/|$)';

const MATCH_SEGMENT = '([^/]*)';

function layerPath(layer: KoaLayer): RawPath {
  const { path } = layer;
  if (typeof path !== 'string') return path;
  if (path === MATCH_SEGMENT || path === '{/*rest}') return '/';
  // koa-router 14 keeps `<prefix>([^/]*)` for `use(mw)` on a prefixed router.
  if (path.endsWith(MATCH_SEGMENT)) return path.slice(0, -MATCH_SEGMENT.length) || '/';
  if (layer.opts?.pathAsRegExp) {
    const prefix = (path.endsWith(MATCH_REST) ? path.slice(0, -MATCH_REST.length) : path).replace(/\\\//g, '/');
    // A "regular expression" with no special characters is the literal prefix it spells.
    return !/[\\()[\]{}*+?.^$|]/.test(prefix) ? prefix || '/' : new RegExp(path);
  }
  return path;
}

function isKoaApp(value: unknown): value is KoaApp {
  return !!value && typeof value === 'object' && Array.isArray((value as KoaApp).middleware);
}
