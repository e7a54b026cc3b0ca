/**
 * Jest runs an app's modules in module registries of its own (jest-runtime): it reads each file
 * and evaluates it itself in a vm context, so Node's module hooks (`Module.prototype._compile`,
 * `module.register()`) never see them, and neither does docgen's CommonJS watch. When a process
 * under docgen loads jest-runtime (a Jest worker, or Jest itself when it runs the tests in band),
 * the CommonJS modules Jest evaluates are followed as Node's are: each one's filename and exports
 * go to the same callback once evaluated, before anything requires them, and a replacement it
 * returns takes their place in Jest's registry (every test file has its own registry, so a
 * framework is seen once per test file).
 *
 * The seam is the method that evaluates one CommonJS module for Jest's registry, `(module, from,
 * moduleName, modulePath, ...)`: `Runtime#_loadModule` (Jest 29), or the loader each Runtime
 * makes (`runtime.cjsLoader.loadModule`, Jest 30). A jest-runtime with neither is left as it is,
 * and `docgen learn` then says that nothing was seen under Jest. Jest's ES modules (vm modules,
 * `--experimental-vm-modules`) are not followed.
 */
import { markWrapper, wrap, type AnyFunction } from '../instrumentation/wrap.js';

/** jest-runtime's main module, `build/index.js` of its package. */
export function isJestRuntime(filename: string): boolean {
  return /[\\/]jest-runtime[\\/]build[\\/]index\.js$/.test(filename);
}

interface JestModule {
  exports: unknown;
}

/**
 * Makes the Runtime class jest-runtime exports hand each CommonJS module it evaluates to
 * `onEvaluated`. Returns whether jest-runtime has the seam this knows.
 */
export function followJestModules(jestRuntime: unknown, onEvaluated: (filename: string, exports: unknown) => unknown): boolean {
  const Runtime = (jestRuntime as { default?: unknown } | null)?.default;
  const prototype = typeof Runtime === 'function' ? (Runtime.prototype as object) : undefined;
  if (!prototype) return false;
  if (typeof (prototype as { _loadModule?: unknown })._loadModule === 'function') return followLoad(prototype, '_loadModule', onEvaluated);
  if (typeof (prototype as { requireModule?: unknown }).requireModule !== 'function') return false;
  // Jest 30: the loader is made by each Runtime's constructor; its class is reached through the
  // first runtime that requires anything (the setup files, the test file), before it loads them.
  const result = wrap(prototype, 'requireModule', (original) => {
    const requireModule = function (this: { cjsLoader?: unknown }, ...args: unknown[]): unknown {
      const loader = this.cjsLoader;
      const loaderPrototype = typeof loader === 'object' && loader !== null ? (Object.getPrototypeOf(loader) as object) : undefined;
      if (loaderPrototype && typeof (loaderPrototype as { loadModule?: unknown }).loadModule === 'function') followLoad(loaderPrototype, 'loadModule', onEvaluated);
      return original.apply(this, args);
    };
    return markWrapper(requireModule as AnyFunction, original);
  });
  return result.ok;
}

/** Wraps `holder[key]`, Jest's `(module, from, moduleName, modulePath, ...)`; wrapping it again is a no-op. */
function followLoad(holder: object, key: string, onEvaluated: (filename: string, exports: unknown) => unknown): boolean {
  const result = wrap(holder, key, (original) => {
    const load = function (this: unknown, ...args: unknown[]): unknown {
      const result = original.apply(this, args);
      const [module, , , modulePath] = args as [JestModule | undefined, unknown, unknown, unknown];
      if (module && typeof module === 'object' && typeof modulePath === 'string' && /\.[cm]?js$/.test(modulePath)) {
        const replacement = onEvaluated(modulePath, module.exports);
        if (replacement !== undefined) module.exports = replacement;
      }
      return result;
    };
    return markWrapper(load as AnyFunction, original);
  });
  return result.ok;
}
