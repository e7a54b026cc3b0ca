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
  /**
   * A validation library used with `framework`, not a framework: its factories are wrapped to
   * learn which schema each middleware they make checks (see src/schemas). It makes no apps.
   */
  readonly validator?: true;
  /** The package ships an ES module build, which only module hooks can instrument (loading/node.ts). */
  readonly esm?: true;
  /**
   * For a file name most packages have (`index.js`): what its CommonJS exports must look like
   * before its package.json is read. An Express app loads some 60 `index.js` files; reading each
   * one's package.json cost ~10 ms of start-up.
   */
  readonly exportsLike?: (exports: unknown) => boolean;
  /**
   * Exports of the ES module build that the instrumentation replaces (a class, a factory):
   * importers are given a binding docgen can assign even when the module's own is `const`.
   */
  readonly replacedExports?: readonly string[];
}

export const EXPRESS: ModuleTarget = { framework: 'express', packageName: 'express', files: ['lib/express.js'] };

export const KOA: ModuleTarget = { framework: 'koa', packageName: 'koa', files: ['lib/application.js'] };
/** @koa/router: v13+ ship a CommonJS and an ES module build (two copies to patch); v12 lib/. */
export const KOA_ROUTER: ModuleTarget = { framework: 'koa', packageName: '@koa/router', files: ['dist/index.js', 'dist/index.mjs', 'lib/router.js'], esm: true };
export const KOA_ROUTER_LEGACY: ModuleTarget = { framework: 'koa', packageName: 'koa-router', files: ['lib/router.js', 'dist/index.js', 'dist/index.mjs'], esm: true };
export const KOA_MOUNT: ModuleTarget = {
  framework: 'koa',
  packageName: 'koa-mount',
  files: ['index.js'],
  exportsLike: (exports) => typeof exports === 'function' && exports.name === 'mount',
};

/** Hono ships an ES module and a CommonJS build: two copies to patch. */
export const HONO: ModuleTarget = { framework: 'hono', packageName: 'hono', files: ['dist/hono-base.js', 'dist/cjs/hono-base.js'], esm: true, replacedExports: ['HonoBase'] };

// Validation libraries whose middleware factories close over their schema (src/schemas/capture).
// celebrate exposes its rules on the middleware and express-validator its chain's builder:
// those are read when the document is built and need no target of their own.
export const HONO_ZOD_VALIDATOR: ModuleTarget = { framework: 'hono', packageName: '@hono/zod-validator', files: ['dist/index.mjs', 'dist/index.cjs', 'dist/esm/index.js', 'dist/cjs/index.js'], validator: true, esm: true, replacedExports: ['zValidator'] };
export const HONO_STANDARD_VALIDATOR: ModuleTarget = { framework: 'hono', packageName: '@hono/standard-validator', files: ['dist/index.mjs', 'dist/index.cjs', 'dist/esm/index.js', 'dist/cjs/index.js'], validator: true, esm: true, replacedExports: ['sValidator'] };
export const HONO_OPENAPI: ModuleTarget = { framework: 'hono', packageName: 'hono-openapi', files: ['dist/index.js', 'dist/index.cjs'], validator: true, esm: true, replacedExports: ['validator', 'describeRoute', 'describeResponse', 'resolver'] };
/** express-validator: which chain method added each validator (`isString()` adds an anonymous custom one). */
export const EXPRESS_VALIDATOR: ModuleTarget = { framework: 'express', packageName: 'express-validator', files: ['lib/chain/validators-impl.js'], validator: true };
/** koa-joi-router: a router over @koa/router that keeps each route's joi spec (src/schemas/capture/koa-joi-router.ts). */
export const KOA_JOI_ROUTER: ModuleTarget = { framework: 'koa', packageName: 'koa-joi-router', files: ['joi-router.js'], validator: true };

export const FRAMEWORK_TARGETS: readonly ModuleTarget[] = [EXPRESS, KOA, KOA_ROUTER, KOA_ROUTER_LEGACY, KOA_MOUNT, HONO];
export const TARGETS: readonly ModuleTarget[] = [...FRAMEWORK_TARGETS, HONO_ZOD_VALIDATOR, HONO_STANDARD_VALIDATOR, HONO_OPENAPI, EXPRESS_VALIDATOR, KOA_JOI_ROUTER];

// Cheap filters before any package.json is read: only these file names, at the end of these
// paths, can match.
const CANDIDATE_NAMES = new Set(TARGETS.flatMap((t) => t.files.map((f) => f.split('/').pop()!)));

export interface TargetMatch {
  readonly target: ModuleTarget;
  /** The file's path inside its package. */
  readonly file: string;
  readonly pkg: PackageInfo;
}

/**
 * The target `filename` is a file of, if any. `exports`, when given (a CommonJS module just
 * evaluated), lets a target with `exportsLike` be ruled out before any package.json is read.
 */
export function matchTarget(filename: string, ...exports: [] | [unknown]): TargetMatch | undefined {
  if (!CANDIDATE_NAMES.has(basename(filename))) return undefined;
  const slashed = sep === '/' ? filename : filename.split(sep).join('/');
  const tails = TARGETS.filter((t) => t.files.some((f) => slashed.endsWith(`/${f}`)));
  if (tails.length === 0) return undefined;
  if (exports.length === 1 && tails.every((t) => t.exportsLike && !t.exportsLike(exports[0]))) return undefined;
  // The nearest package.json with a name: builds ship bare ones (hono's dist/cjs/package.json).
  const pkg = namedPackageOf(filename);
  if (!pkg?.name) return undefined;
  const file = relative(pkg.root, filename).split(sep).join('/');
  const target = TARGETS.find((t) => t.packageName === pkg.name && t.files.includes(file));
  return target ? { target, file, pkg } : undefined;
}
