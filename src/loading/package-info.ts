/**
 * The package a file belongs to: the nearest package.json's name, version and module type.
 * Framework files are recognised by package name (not folder name), so npm aliases
 * (`"express4": "npm:express@4"`), pnpm's layout and linked workspaces all match.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  readonly root: string;
  readonly name: string | undefined;
  readonly version: string;
  readonly type: 'module' | 'commonjs';
  /** `dependencies` of the package.json: name -> version range. */
  readonly dependencies: Readonly<Record<string, string>>;
}

const byDirectory = new Map<string, PackageInfo | null>();

export function packageOf(file: string): PackageInfo | undefined {
  return lookup(dirname(file)) ?? undefined;
}

/** The nearest package.json that has a name (an app folder may hold a bare `{"type": "module"}`). */
export function namedPackageOf(file: string): PackageInfo | undefined {
  let pkg = packageOf(file);
  while (pkg && !pkg.name) pkg = packageOf(pkg.root);
  return pkg;
}

function lookup(directory: string): PackageInfo | null {
  const cached = byDirectory.get(directory);
  if (cached !== undefined) return cached;
  let found: PackageInfo | null = null;
  const manifest = readManifest(join(directory, 'package.json'));
  if (manifest) {
    found = {
      root: directory,
      name: typeof manifest.name === 'string' ? manifest.name : undefined,
      version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
      type: manifest.type === 'module' ? 'module' : 'commonjs',
      dependencies: isStringRecord(manifest.dependencies) ? manifest.dependencies : {},
    };
  } else {
    const parent = dirname(directory);
    found = parent === directory ? null : lookup(parent);
  }
  byDirectory.set(directory, found);
  return found;
}

/** A package.json's fields; undefined when there is none, `{}` when it is not valid JSON. */
export function readManifest(path: string): Record<string, unknown> | undefined {
  // Most folders of a package have no package.json: a failed read would cost an exception each.
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // Node itself refuses a malformed package.json; treat it as having no fields.
    return {};
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return !!value && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string');
}
