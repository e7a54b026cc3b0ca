/**
 * Where a function the app registered was exported from: the app's own CommonJS modules (not
 * under node_modules), by identity. A route registered with another module's function
 * (`router.post('/', userController.createUser)`) is read where that function is written.
 * Only data properties are looked at: a getter (TypeScript's re-exports) would run the app's code,
 * and a Proxy's exports are not looked at all.
 * ES modules' namespaces are not kept after they load, so their exports are not found here.
 */
import { builtins } from '../runtime/builtins.js';
import { loadedCommonJsModules } from './commonjs.js';

export interface ExportSite {
  readonly file: string;
  readonly name: string;
}

let sites: Map<unknown, ExportSite | null> | undefined;

/** The module and export name of `fn`; undefined when no app module exports it, or several do. */
export function exportSiteOf(fn: unknown): ExportSite | undefined {
  if (typeof fn !== 'function') return undefined;
  sites ??= collectSites();
  return sites.get(fn) ?? undefined;
}

function collectSites(): Map<unknown, ExportSite | null> {
  const found = new Map<unknown, ExportSite | null>();
  for (const [file, exports] of loadedCommonJsModules()) {
    // A Proxy's traps are the app's code: not run.
    if (isDependency(file) || !exports || typeof exports !== 'object' || builtins.util.types.isProxy(exports)) continue;
    const descriptors = Object.getOwnPropertyDescriptors(exports);
    for (const [name, descriptor] of Object.entries(descriptors)) {
      if (typeof descriptor.value !== 'function') continue;
      // Exported by two modules (one re-exports the other): which file holds it is not known.
      found.set(descriptor.value, found.has(descriptor.value) ? null : { file, name });
    }
  }
  return found;
}

function isDependency(file: string): boolean {
  return file.includes('/node_modules/') || file.includes('\\node_modules\\');
}
