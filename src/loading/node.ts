/**
 * Chooses Node's module hook API: `module.registerHooks()` (synchronous, in-thread, covers
 * require and import) on Node 23.5+ and 24, `module.register()` otherwise (Node 20.6+:
 * asynchronous, a separate thread, import only; require is handled on the main thread).
 *
 * Node 22.15+ has `registerHooks()` too, but there a CommonJS source returned by a load hook for
 * an imported module (a `.ts` entry in a CommonJS package) is run by the ESM loader's
 * `loadCJSModule`, whose require() fails on circular requires (ERR_VM_MODULE_LINK_FAILURE,
 * seen with get-intrinsic under Express 4). Node 22 therefore takes the `register()` path.
 */
import * as nodeModule from 'node:module';
import { loadSync, resolveSync } from './hooks.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { installCommonJsTypeScript } from './commonjs.js';
import { isDeno } from '../runtime/index.js';
import { receiveTranspilesFrom, recordTranspile } from './load-stats.js';
import { isTypeScript, onTranspile } from './typescript.js';

export type HookApi = 'registerHooks' | 'register';

interface RegisterHooks {
  registerHooks?: (hooks: { resolve?: typeof resolveSync; load: typeof loadSync }) => unknown;
}

/**
 * On the `module.register()` path the hooks cost a thread and every ES module load goes through
 * it (about 50 ms and 12 MiB for a small app). They are needed only for TypeScript and for
 * frameworks whose ES module build must be rewritten (Hono, @koa/router); Express, Koa,
 * koa-router and koa-mount are CommonJS and are seen without them. So with DOCGEN_HOOKS=auto
 * (the default) they are installed when the entry is TypeScript or a node_modules folder above
 * the entry holds hono, @koa/router or a pnpm store; DOCGEN_HOOKS=always|never decides instead.
 */
function hooksNeeded(entry: string | undefined): boolean {
  const setting = process.env.DOCGEN_HOOKS ?? 'auto';
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  // Deno runs TypeScript itself; only the framework ES modules need the hook there.
  if (!entry || (!isDeno && isTypeScript(entry))) return true;
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (['hono', '@koa/router', '.pnpm'].some((name) => existsSync(join(dir, 'node_modules', name)))) return true;
    if (isDeno && denoConfigNames(dir).some((name) => name === 'hono' || name === '@koa/router')) return true;
    if (dirname(dir) === dir) return false;
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
  if (typeof registerHooks === 'function' && major >= 23) {
    registerHooks({ resolve: resolveSync, load: loadSync });
    return 'registerHooks';
  }
  if (!hooksNeeded(entry)) return 'none';
  const { port1, port2 } = new MessageChannel();
  receiveTranspilesFrom(port1);
  nodeModule.register(new URL('./hooks-thread.js', import.meta.url), { data: { port: port2 }, transferList: [port2] });
  installCommonJsTypeScript();
  return 'register';
}
