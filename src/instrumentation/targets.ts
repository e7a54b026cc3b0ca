/**
 * The framework module files docgen instruments, matched by the package's own name (from its
 * package.json, so npm aliases, pnpm's layout and linked workspaces all match) and the file's
 * path inside the package. Kept apart from the adapters: the module hooks thread needs this
 * list without loading any adapter.
 */
import { basename, relative, sep } from 'node:path';
import { namedPackageOf, type PackageInfo } from '../loading/package-info.js';
import type { Framework } from '../model/registry.js';

export interface ModuleTarget {
  readonly framework: Framework;
  readonly packageName: string;
  /** Paths inside the package, with `/`, whose exports the adapter patches. */
  readonly files: readonly string[];
}

export const EXPRESS: ModuleTarget = { framework: 'express', packageName: 'express', files: ['lib/express.js'] };

export const KOA: ModuleTarget = { framework: 'koa', packageName: 'koa', files: ['lib/application.js'] };
/** @koa/router: v13+ ship a CommonJS and an ES module build (two copies to patch); v12 lib/. */
export const KOA_ROUTER: ModuleTarget = { framework: 'koa', packageName: '@koa/router', files: ['dist/index.js', 'dist/index.mjs', 'lib/router.js'] };
export const KOA_ROUTER_LEGACY: ModuleTarget = { framework: 'koa', packageName: 'koa-router', files: ['lib/router.js', 'dist/index.js', 'dist/index.mjs'] };
export const KOA_MOUNT: ModuleTarget = { framework: 'koa', packageName: 'koa-mount', files: ['index.js'] };

/** Hono ships an ES module and a CommonJS build: two copies to patch. */
export const HONO: ModuleTarget = { framework: 'hono', packageName: 'hono', files: ['dist/hono-base.js', 'dist/cjs/hono-base.js'] };

export const TARGETS: readonly ModuleTarget[] = [EXPRESS, KOA, KOA_ROUTER, KOA_ROUTER_LEGACY, KOA_MOUNT, HONO];

// A cheap filter before any package.json is read: only these file names can match.
const CANDIDATE_NAMES = new Set(TARGETS.flatMap((t) => t.files.map((f) => f.split('/').pop()!)));

export interface TargetMatch {
  readonly target: ModuleTarget;
  /** The file's path inside its package. */
  readonly file: string;
  readonly pkg: PackageInfo;
}

export function matchTarget(filename: string): TargetMatch | undefined {
  if (!CANDIDATE_NAMES.has(basename(filename))) return undefined;
  // The nearest package.json with a name: builds ship bare ones (hono's dist/cjs/package.json).
  const pkg = namedPackageOf(filename);
  if (!pkg?.name) return undefined;
  const file = relative(pkg.root, filename).split(sep).join('/');
  const target = TARGETS.find((t) => t.packageName === pkg.name && t.files.includes(file));
  return target ? { target, file, pkg } : undefined;
}
