/**
 * The framework module files docgen instruments, matched by the package's own name (from its
 * package.json, so npm aliases, pnpm's layout and linked workspaces all match) and the file's
 * path inside the package, each with the range of the package's versions docgen supports (as
 * the OpenTelemetry contrib instrumentations declare `supportedVersions`). Kept apart from the
 * adapters: the module hooks thread needs this list without loading any adapter.
 */
import { basename, relative, sep } from 'node:path';
import satisfies from 'semver/functions/satisfies.js';
import { namedPackageOf, type PackageInfo } from '../loading/package-info.js';
import type { Framework } from '../model/registry.js';

export interface ModuleTarget {
  readonly framework: Framework;
  readonly packageName: string;
  /** Paths inside the package, with `/`, whose exports the adapter patches. */
  readonly files: readonly string[];
  /**
   * The versions docgen supports, a semver range: the majors (for 0.x, the minors) the test
   * suite runs. Outside it docgen says so and leaves the package alone: a version it was not
   * tested on may mean something else by the same calls (koa-router 7's `(.*)` prefixes).
   */
  readonly supportedVersions: string;
  /**
   * A validation library used with `framework`, not a framework: its factories are wrapped to
   * learn which schema each middleware they make checks (see src/schemas). It makes no apps.
   */
  readonly validator?: true;
  /** What messages say is not documented when the package is left alone; `routes`, or `schemas` for a validator. */
  readonly documents?: string;
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

/** Tested with 4.22 and 5.3. */
export const EXPRESS: ModuleTarget = { framework: 'express', packageName: 'express', supportedVersions: '^4.0.0 || ^5.0.0', files: ['lib/express.js'] };

/** Tested with 2.16 and 3.3. */
export const KOA: ModuleTarget = { framework: 'koa', packageName: 'koa', supportedVersions: '^2.0.0 || ^3.0.0', files: ['lib/application.js'] };
/** @koa/router: v13+ ship a CommonJS and an ES module build (two copies to patch); v12 lib/. Tested with 12.0 and 15.7, and 10.1 (koa-joi-router's). */
export const KOA_ROUTER: ModuleTarget = { framework: 'koa', packageName: '@koa/router', supportedVersions: '>=10.0.0 <16.0.0', files: ['dist/index.js', 'dist/index.mjs', 'lib/router.js'], esm: true };
/** koa-router, the package's old name: tested with 12.0 and 14.0. Version 7 (RealWorld's) is not supported. */
export const KOA_ROUTER_LEGACY: ModuleTarget = { framework: 'koa', packageName: 'koa-router', supportedVersions: '>=12.0.0 <15.0.0', files: ['lib/router.js', 'dist/index.js', 'dist/index.mjs'], esm: true };
/** Tested with 4.2. */
export const KOA_MOUNT: ModuleTarget = {
  framework: 'koa',
  packageName: 'koa-mount',
  supportedVersions: '^4.0.0',
  files: ['index.js'],
  exportsLike: (exports) => typeof exports === 'function' && exports.name === 'mount',
};

/** Hono ships an ES module and a CommonJS build: two copies to patch. Tested with 4.13. */
export const HONO: ModuleTarget = { framework: 'hono', packageName: 'hono', supportedVersions: '^4.0.0', files: ['dist/hono-base.js', 'dist/cjs/hono-base.js'], esm: true, replacedExports: ['HonoBase'] };

// Validation libraries whose middleware factories close over their schema (src/schemas/capture).
// celebrate exposes its rules on the middleware and express-validator its chain's builder:
// those are read when the document is built and need no target of their own.
/** The two Hono validator packages share one layout: a factory export in ESM and CJS builds. */
function honoValidator(packageName: string, supportedVersions: string, factory: string): ModuleTarget {
  const files = ['dist/index.mjs', 'dist/index.cjs', 'dist/esm/index.js', 'dist/cjs/index.js'];
  return { framework: 'hono', packageName, supportedVersions, files, validator: true, esm: true, replacedExports: [factory] };
}
/** Tested with 0.9. */
export const HONO_ZOD_VALIDATOR = honoValidator('@hono/zod-validator', '^0.9.0', 'zValidator');
/** Tested with 0.4. */
export const HONO_STANDARD_VALIDATOR = honoValidator('@hono/standard-validator', '^0.4.0', 'sValidator');
/** Tested with 1.3. */
export const HONO_OPENAPI: ModuleTarget = {
  framework: 'hono',
  packageName: 'hono-openapi',
  supportedVersions: '^1.0.0',
  files: ['dist/index.js', 'dist/index.cjs'],
  validator: true,
  esm: true,
  replacedExports: ['validator', 'describeRoute', 'describeResponse', 'resolver'],
};
/**
 * @hono/zod-openapi: `OpenAPIHono` is a Hono app that keeps its own OpenAPI registry. Its
 * `basePath()` makes a clone with `new`, and its document is asked for when docgen's is built
 * (src/adapters/hono/zod-openapi.ts). It makes no apps of its own: Hono's adapter sees them.
 * Tested with 1.6 (0.x, on zod 3, has another layout).
 */
export const HONO_ZOD_OPENAPI: ModuleTarget = {
  framework: 'hono',
  packageName: '@hono/zod-openapi',
  supportedVersions: '^1.0.0',
  files: ['dist/index.mjs', 'dist/index.cjs'],
  validator: true,
  documents: 'createRoute() declarations',
  esm: true,
};
/** express-validator: which chain method added each validator (`isString()` adds an anonymous custom one). Tested with 7.3. */
export const EXPRESS_VALIDATOR: ModuleTarget = { framework: 'express', packageName: 'express-validator', supportedVersions: '^7.0.0', files: ['lib/chain/validators-impl.js'], validator: true };
/** koa-joi-router: a router over @koa/router that keeps each route's joi spec (src/schemas/capture/koa-joi-router.ts). Tested with 8.0. */
export const KOA_JOI_ROUTER: ModuleTarget = { framework: 'koa', packageName: 'koa-joi-router', supportedVersions: '^8.0.0', files: ['joi-router.js'], validator: true };

export const FRAMEWORK_TARGETS: readonly ModuleTarget[] = [EXPRESS, KOA, KOA_ROUTER, KOA_ROUTER_LEGACY, KOA_MOUNT, HONO];
export const TARGETS: readonly ModuleTarget[] = [...FRAMEWORK_TARGETS, HONO_ZOD_VALIDATOR, HONO_STANDARD_VALIDATOR, HONO_OPENAPI, HONO_ZOD_OPENAPI, EXPRESS_VALIDATOR, KOA_JOI_ROUTER];

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

/** What is not documented when the target's package is left alone, for messages: `routes`, `schemas`... */
export function whatItDocuments(target: ModuleTarget): string {
  return target.documents ?? (target.validator ? 'schemas' : 'routes');
}

/** Whether docgen supports this version of the target's package (prereleases of a supported major count). */
export function isSupportedVersion(target: ModuleTarget, version: string): boolean {
  return satisfies(version, target.supportedVersions, { includePrerelease: true });
}
