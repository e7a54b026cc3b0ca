/**
 * The CommonJS side of loading, on the main thread: which modules were evaluated (every
 * CommonJS module, however it was reached: require, or import of a CommonJS package, passes
 * through `Module.prototype._compile`), and TypeScript through `require` where `module.register()`
 * cannot see it.
 */
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { fallbackSpecifiers, isNotFound } from './resolve.js';
import { transpileSync } from './typescript.js';
import { registerExecutedSource } from '../model/call-site.js';

interface CommonJsModule {
  exports: unknown;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}
interface CommonJsLoader {
  prototype: CommonJsModule;
  _extensions: Record<string, (module: CommonJsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
  _cache: Record<string, { exports: unknown } | undefined>;
}

const loader = Module as unknown as CommonJsLoader;

/**
 * Calls `onEvaluated` with each CommonJS module's filename and final exports; a value it
 * returns replaces the module's exports (an adapter that must wrap an exported function).
 */
export function watchCommonJsModules(onEvaluated: (filename: string, exports: unknown) => unknown): void {
  const compile = loader.prototype._compile;
  loader.prototype._compile = function (this: CommonJsModule, content: string, filename: string, ...rest: unknown[]): unknown {
    const result = compile.call(this, content, filename, ...rest);
    const replacement = onEvaluated(filename, this.exports);
    if (replacement !== undefined) this.exports = replacement;
    return result;
  };
}

/** CommonJS modules already in the cache when docgen started: their frameworks were loaded too early. */
export function loadedCommonJsModules(): Array<[string, unknown]> {
  return Object.entries(loader._cache).map(([filename, module]) => [filename, module?.exports]);
}

/** `require()` of .ts files for Node versions without `module.registerHooks()`. */
export function installCommonJsTypeScript(): void {
  for (const ext of ['.ts', '.cts', '.tsx']) {
    loader._extensions[ext] = (module, filename) => {
      const source = readFileSync(filename, 'utf8');
      const code = transpileSync({ file: filename, source, format: 'commonjs' });
      registerExecutedSource(filename, code);
      module._compile(code, filename, 'commonjs');
    };
  }
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const importer = (parent as { filename?: unknown } | null | undefined)?.filename;
      for (const candidate of fallbackSpecifiers(request, typeof importer === 'string' ? importer : undefined, 'path')) {
        try {
          return resolveFilename.call(this, candidate, parent, ...rest);
        } catch {
          // next candidate
        }
      }
      throw error;
    }
  };
}
