/**
 * Express 4 and 5. Registration is intercepted on the objects Express exports (the app
 * prototype, the Router and Route prototypes) rather than by reading `app._router.stack`
 * afterwards: Express 5 layers keep no path to read back (pillarjs/router#122), and
 * `use()` layers lose their mount path in both versions.
 */
import { httpMethodNames } from '../../runtime/builtins.js';
import type { Instrumentation, InstrumentationContext } from '../../instrumentation/contract.js';
import type { CallInfo } from '../../instrumentation/wrap.js';
import { functionName, type Container, type RawPath, type RouteEntry, type RouteRegistry } from '../../model/registry.js';
import type { PathSyntax } from '../../paths/syntax.js';
import { EXPRESS } from '../../instrumentation/targets.js';

interface ExpressExports {
  application: Record<string, unknown>;
  Router: Record<string, unknown> & { prototype?: Record<string, unknown> };
  Route: { prototype: Record<string, unknown> };
}

type Fn = ((...args: unknown[]) => unknown) & Record<string, unknown>;

export const expressInstrumentation: Instrumentation = {
  target: EXPRESS,
  patch(exports, _file, context) {
    if (!isExpressExports(exports)) {
      context.warn(`express ${context.version} at ${context.packageRoot} has an unexpected shape; its routes are not documented`);
      return;
    }
    instrumentExpress(exports, context);
  },
};

function isExpressExports(value: unknown): value is ExpressExports {
  const candidate = value as Partial<ExpressExports> | undefined;
  return typeof value === 'function' && typeof candidate?.application === 'object' && typeof candidate.Router === 'function' && typeof candidate.Route === 'function';
}

/** Express 5 apps, whose routers are joined to them when the process ends (see below). */
const lazyRouterApps = new WeakMap<RouteRegistry, Array<{ app: object }>>();

function appsOf(registry: RouteRegistry): Array<{ app: object }> {
  let apps = lazyRouterApps.get(registry);
  if (!apps) {
    const list: Array<{ app: object }> = [];
    lazyRouterApps.set(registry, (apps = list));
    // Express 5 makes an app's router behind a lazy getter, when the app first needs it (a getter
    // docgen must not stand in for: Express reads it on every request). Once the app is done, the
    // router it made is read from the getter and its recordings become the app's.
    registry.beforeBuild((into) => {
      for (const { app } of list) {
        const router = (app as { router?: unknown }).router;
        const container = into.lookup(app);
        if (router && typeof router === 'function' && container) into.adopt(router, container);
      }
    });
  }
  return apps;
}

/**
 * Nothing docgen installs is on the request path: Express reads settings with `app.get(name)`
 * and its router through the `router` getter on every request, so neither is wrapped. The app's
 * registrations are seen on the Router and Route prototypes, which Express calls for the app;
 * the recorded call site is the first frame outside Express's own files.
 */
function instrumentExpress(express: ExpressExports, context: InstrumentationContext): void {
  const { registry, hooks } = context;
  const express4 = context.version.startsWith('4.');
  const syntax: PathSyntax = express4 ? 'express4' : 'path-to-regexp-v8';
  const frameworkRoot = context.packageRoot;
  // Express 4's Router is the prototype object itself; Express 5's is a class.
  const routerProto = typeof express.Router.prototype?.route === 'function' ? express.Router.prototype : express.Router;
  const routerName = routerProto === express.Router ? 'Router' : 'Router.prototype';
  const routeProto = express.Route.prototype;
  const app = express.application;

  const routeEntries = new WeakMap<object, RouteEntry & { allOnly?: boolean; allRecorded?: boolean }>();
  // One frame per app.use() under way: a sub-app's 'mount' listener may call use() itself.
  const pendingSubApps: Fn[][] = [];
  let pendingAll = false;

  const containerOf = (object: object, kind: 'app' | 'router', site?: CallInfo['site']): Container =>
    registry.containerFor(object, { framework: 'express', kind, syntax, site });

  // --- the application ------------------------------------------------------------------
  hooks.registration(app, 'application', 'init', {
    frameworkRoot,
    after({ self, site }) {
      containerOf(self as object, 'app', site);
      if (!express4) appsOf(registry).push({ app: self as object });
    },
  });
  if (express4) {
    // lazyrouter() creates `_router` and registers Express's own `query` and `expressInit`
    // middleware on it; those land in a container nobody mounts, then the app's router becomes
    // an alias of the app. (Express 4 keeps `_router` in a plain property.)
    hooks.registration(app, 'application', 'lazyrouter', {
      frameworkRoot,
      after({ self }) {
        const router = (self as { _router?: object })._router;
        const container = registry.lookup(self as object);
        if (router && container && registry.lookup(router) !== container) registry.alias(router, container);
      },
    });
  }
  // A mounted app reaches the router wrapped in Express's `mounted_app` function.
  hooks.registration(app, 'application', 'use', {
    before({ args }) {
      pendingSubApps.push(useArguments(args).handlers.filter(isExpressApp));
    },
    after() {
      pendingSubApps.pop();
    },
  });
  // app.all() calls route[method] once per HTTP method: that is one `all` layer.
  hooks.registration(app, 'application', 'all', {
    before() {
      pendingAll = true;
    },
    after() {
      pendingAll = false;
    },
  });

  // --- Router ---------------------------------------------------------------------------
  hooks.registration(routerProto, routerName, 'route', {
    frameworkRoot,
    after({ self, args, site }, route) {
      const entry = { kind: 'route' as const, paths: rawPaths(args[0]), layers: [], site, ...(pendingAll ? { allOnly: true } : {}) };
      pendingAll = false;
      registry.add(containerOf(self as object, 'router'), entry);
      if (route && typeof route === 'object') routeEntries.set(route, entry);
    },
  });
  hooks.registration(routerProto, routerName, 'use', {
    frameworkRoot,
    after({ self, args, site }) {
      const { paths, handlers } = useArguments(args);
      const container = containerOf(self as object, 'router');
      for (const handler of handlers) {
        const subApp = isExpressApp(handler) ? handler : handler.name === 'mounted_app' ? pendingSubApps[pendingSubApps.length - 1]?.shift() : undefined;
        if (subApp) {
          registry.add(container, { kind: 'mount', paths, target: containerOf(subApp, 'app'), site });
        } else if (isRouter(handler)) {
          registry.add(container, { kind: 'mount', paths, target: containerOf(handler, 'router'), site });
        } else if (handler.length !== 4) {
          // Four-argument functions are error handlers: they do not run before an operation.
          registry.add(container, { kind: 'middleware', paths, name: functionName(handler), fn: handler, site });
        }
      }
    },
  });
  for (const key of ['all', ...httpMethodNames()]) hooks.registration(routerProto, routerName, key, { frameworkRoot });

  // --- Route: `.get(h)`, `.all(h)` on the object `route()` returned ---------------------
  for (const method of ['all', ...httpMethodNames()]) {
    hooks.registration(routeProto, 'Route.prototype', method, {
      frameworkRoot,
      after({ self, args, site }) {
        const entry = routeEntries.get(self as object);
        if (!entry) return;
        // Four-argument functions are error handlers: they run only when something fails.
        const functions = (args.flat(Infinity) as unknown[]).filter((fn) => typeof fn !== 'function' || fn.length !== 4);
        if (functions.length === 0) return;
        const handlers = functions.map(functionName);
        // app.all() calls route[method] once per HTTP method: that is one `all` layer.
        if (entry.allOnly) {
          if (entry.allRecorded) return;
          entry.allRecorded = true;
          entry.layers.push({ method: 'all', handlers, functions });
        } else {
          // A chain link of its own (`.route('/x').get(h)`): its line, for its JSDoc. (`app.get(path, h)`
          // reaches here as a call of its own too, recorded at the same line.)
          entry.layers.push({ method, handlers, functions, ...(site !== entry.site ? { site } : {}) });
        }
      },
    });
  }
}

/** Splits `use([path,] ...handlers)` the way Express does. */
function useArguments(args: unknown[]): { paths: RawPath[]; handlers: Fn[] } {
  let offset = 0;
  let path: unknown = '/';
  if (typeof args[0] !== 'function') {
    let first = args[0];
    while (Array.isArray(first) && first.length !== 0) first = first[0];
    if (typeof first !== 'function') {
      offset = 1;
      path = args[0];
    }
  }
  const handlers = (args.slice(offset).flat(Infinity) as unknown[]).filter((h): h is Fn => typeof h === 'function');
  return { paths: rawPaths(path), handlers };
}

function rawPaths(path: unknown): RawPath[] {
  const list = Array.isArray(path) ? (path.flat(Infinity) as unknown[]) : [path];
  return list.filter((p): p is RawPath => typeof p === 'string' || p instanceof RegExp);
}

function isExpressApp(fn: Fn): boolean {
  return typeof fn.handle === 'function' && typeof fn.set === 'function';
}

function isRouter(fn: Fn): boolean {
  return typeof fn.handle === 'function' && Array.isArray(fn.stack);
}
