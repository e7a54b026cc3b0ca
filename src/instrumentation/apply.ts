/**
 * Instrumenting one evaluated copy of a package: its version is checked against the target's
 * supported range, the instrumentation patches it through a set of hooks, and every hook is
 * checked to be in place. Anything short of that leaves the package as it was, with a sentence
 * saying which package and version is not documented, and why.
 */
import type { RouteRegistry } from '../model/registry.js';
import type { PackageInfo } from '../loading/package-info.js';
import type { Instrumentation } from './contract.js';
import { HookSet } from './hook-set.js';
import { isSupportedVersion, whatItDocuments } from './targets.js';

export type PatchOutcome =
  | { readonly kind: 'patched'; /** What replaces a CommonJS module's exports, if anything. */ readonly replacement: unknown }
  | { readonly kind: 'unsupported' | 'incomplete'; readonly message: string };

export function applyInstrumentation(
  instrumentation: Instrumentation,
  file: string,
  pkg: PackageInfo,
  exports: unknown,
  options: { readonly registry: RouteRegistry; readonly warn: (message: string) => void },
): PatchOutcome {
  const { target } = instrumentation;
  const owner = `${target.packageName} ${pkg.version}`;
  const what = whatItDocuments(target);
  if (!isSupportedVersion(target, pkg.version)) {
    return {
      kind: 'unsupported',
      message: `${owner} (${pkg.root}) is outside the versions docgen supports (${target.supportedVersions}): its ${what} are not documented; the app is not affected`,
    };
  }
  const hooks = new HookSet(owner, options.warn);
  let replacement: unknown;
  try {
    replacement = instrumentation.patch(exports, file, {
      registry: options.registry,
      version: pkg.version,
      packageRoot: pkg.root,
      dependencyRange: (name) => pkg.dependencies[name],
      hooks,
      warn: options.warn,
    });
  } catch (error) {
    hooks.unwrapAll();
    throw error;
  }
  const missing = hooks.missing();
  if (missing.length === 0) return { kind: 'patched', replacement };
  hooks.unwrapAll();
  return {
    kind: 'incomplete',
    message: `${owner} (${pkg.root}): docgen could not install ${missing.length === 1 ? 'its hook on' : 'its hooks on'} ${missing.join(', ')}; ` +
      `it has taken its other hooks out again, and the package's ${what} are not documented; the app is not affected`,
  };
}
