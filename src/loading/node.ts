/**
 * Chooses Node's module hook API: `module.registerHooks()` (synchronous, in-thread, covers
 * require and import) on Node 23.5+ and 24, `module.register()` otherwise (Node 20.6+:
 * asynchronous, a separate thread, import only; require is handled on the main thread).
 *
 * Node 22.15+ has `registerHooks()` too, but there a CommonJS source returned by a load hook for
 * an imported module (a `.ts` entry in a CommonJS package) is run by the ESM loader's
 * `loadCJSModule`, whose require() fails on circular requires (ERR_VM_MODULE_LINK_FAILURE,
 * seen with get-intrinsic under Express 4). On Node 22 a TypeScript entry therefore takes the
 * `register()` path; a JavaScript entry that needs hooks gets `registerHooks()`.
 */
import * as nodeModule from 'node:module';
import { loadSync, resolveSync } from './hooks.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installCommonJsTypeScript } from './commonjs.js';
import { isDeno } from '../runtime/index.js';
import { builtins } from '../runtime/builtins.js';
import { receiveTranspilesFrom, recordTranspile } from './load-stats.js';
import { isTypeScript, onTranspile } from './typescript.js';
import { transpileCacheFolder } from './transpile-cache.js';
import { readManifest } from './package-info.js';
import { TARGETS } from '../instrumentation/targets.js';

export type HookApi = 'registerHooks' | 'register';

interface RegisterHooks {
  registerHooks?: (hooks: { resolve?: typeof resolveSync; load: typeof loadSync }) => unknown;
}

/**
 * On the `module.register()` path the hooks cost a thread, and every ES module load waits on a
 * round trip to it: about 120 ms for a 20-file app on Node 20 even when the hooks do nothing
 * (bench/RESULTS.md). They are needed only for TypeScript and for packages whose ES module build
 * must be rewritten (Hono, @koa/router, koa-router, the Hono validators: `esm` targets); Express,
 * Koa, koa-mount and the CommonJS builds are seen without them. So with DOCGEN_HOOKS=auto (the
 * default) they are installed for a TypeScript entry, or when the app's package.json (the
 * nearest one above the entry that declares dependencies) declares such a package, directly or
 * through one of its dependencies (`@hono/node-server` peers on hono; a workspace package may
 * wrap it). With no package.json declaring dependencies, a node_modules folder above the entry
 * that holds one, or a pnpm store, decides. DOCGEN_HOOKS=always|never decides instead.
 */
export function hooksNeeded(entry: string | undefined): boolean {
  const setting = process.env.DOCGEN_HOOKS ?? 'auto';
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  // No entry file (`node -e`, the REPL): no app to hook. Deno runs TypeScript itself; only the
  // framework ES modules need the hook there.
  if (!entry) return false;
  if (!isDeno && isTypeScript(entry)) return true;
  const declared = declaringPackage(dirname(entry));
  if (declared && declaresEsmTarget(declared)) return true;
  // A Deno project may map its packages in deno.json instead: that is looked at below.
  if (declared && !isDeno) return false;
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if ([...ESM_TARGET_PACKAGES, '.pnpm'].some((name) => existsSync(join(dir, 'node_modules', name)))) return true;
    if (isDeno && denoConfigNames(dir).some((name) => ESM_TARGET_PACKAGES.has(name))) return true;
    if (dirname(dir) === dir) return false;
  }
}

const ESM_TARGET_PACKAGES = new Set(TARGETS.filter((t) => t.esm).map((t) => t.packageName));

interface DeclaredPackage {
  readonly dir: string;
  /** Declared name -> version range (`npm:hono@4` for an alias). */
  readonly dependencies: ReadonlyMap<string, string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

function declaredDependencies(manifest: string): Map<string, string> | undefined {
  const fields = readManifest(manifest);
  if (!fields) return undefined;
  let declared: Map<string, string> | undefined;
  for (const field of DEPENDENCY_FIELDS) {
    const value = fields[field];
    if (!value || typeof value !== 'object') continue;
    declared ??= new Map();
    for (const [name, range] of Object.entries(value)) declared.set(name, typeof range === 'string' ? range : '');
  }
  return declared;
}

/** The nearest package.json above `dir` that declares dependencies (a bare `{"type":"module"}` does not). */
function declaringPackage(dir: string): DeclaredPackage | undefined {
  for (; ; dir = dirname(dir)) {
    const dependencies = declaredDependencies(join(dir, 'package.json'));
    if (dependencies) return { dir, dependencies };
    if (dirname(dir) === dir) return undefined;
  }
}

function isEsmTarget(name: string, range: string): boolean {
  if (ESM_TARGET_PACKAGES.has(name)) return true;
  const alias = /^npm:(@?[^@]+)/.exec(range);
  return alias !== null && ESM_TARGET_PACKAGES.has(alias[1]!);
}

function declaresEsmTarget(declared: DeclaredPackage): boolean {
  for (const [name, range] of declared.dependencies) if (isEsmTarget(name, range)) return true;
  // One level down: what the declared packages themselves depend on or peer on.
  for (const name of declared.dependencies.keys()) {
    const installed = installedManifest(declared.dir, name);
    const dependencies = installed ? declaredDependencies(installed) : undefined;
    if (dependencies) for (const [inner, range] of dependencies) if (isEsmTarget(inner, range)) return true;
  }
  return false;
}

function installedManifest(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The import names a Deno project's deno.json maps (`"hono": "npm:hono@4"`). */
function denoConfigNames(dir: string): string[] {
  for (const file of ['deno.json', 'deno.jsonc']) {
    try {
      const text = readFileSync(join(dir, file), 'utf8');
      return [...text.matchAll(/"(@?[\w.-]+(?:\/[\w.-]+)?)"\s*:\s*"(?:npm|jsr):/g)].map((m) => m[1]!);
    } catch {
      // no such file here
    }
  }
  return [];
}

export function installModuleHooks(entry: string | undefined): HookApi | 'none' {
  onTranspile((hit, ms) => recordTranspile(hit, ms));
  const { registerHooks } = nodeModule as unknown as RegisterHooks;
  const major = Number(process.versions.node.split('.')[0]);
  if (isDeno && typeof registerHooks === 'function') {
    // Deno runs TypeScript and resolves modules itself; only framework ES modules need a hook,
    // and Deno's registerHooks has bugs (see hooks.ts): install it only when they are there.
    if (!hooksNeeded(entry)) return 'none';
    registerHooks({ load: loadSync });
    return 'registerHooks';
  }
  // In-thread hooks still run docgen's resolve and load for every module an app loads (some 150
  // for Express): an app that needs none gets none, on every Node.
  if (!hooksNeeded(entry)) return 'none';
  // Node 22.15+: the bug above needs a CommonJS source from a load hook, which docgen returns
  // only for a .ts file; there a JavaScript entry gets the in-thread hooks and no thread.
  if (typeof registerHooks === 'function' && (major >= 23 || (entry && !isTypeScript(entry)))) {
    registerHooks({ resolve: resolveSync, load: loadSync });
    return 'registerHooks';
  }
  const { port1, port2 } = new builtins.workerThreads.MessageChannel();
  receiveTranspilesFrom(port1);
  // The cache folder is checked here, so a refusal is told once, by this thread's logger; a
  // JavaScript entry leaves the hooks thread without a cache rather than check a folder for nothing.
  const cacheFolder = entry && isTypeScript(entry) ? transpileCacheFolder() : null;
  nodeModule.register(new URL('./hooks-thread.js', import.meta.url), { data: { port: port2, cacheFolder, entry }, transferList: [port2] });
  installCommonJsTypeScript();
  return 'register';
}
