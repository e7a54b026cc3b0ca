/**
 * Packages docgen uses when the app has them, and does not install: esbuild (11 MB and a
 * binary of as much again, more than the rest of docgen's install). A tsx or Vite user has it;
 * docgen takes the app's own: resolved from the app's entry, then from the working directory,
 * then from docgen's own folder (an npm install puts both in the same node_modules; docgen's own
 * repository has it as a devDependency). Resolving costs a few file lookups and loads nothing:
 * the package itself is loaded by its first user. Without it docgen transpiles with its own
 * typescript (bundled-typescript.ts).
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { namedPackageOf } from './package-info.js';

export type AppPackageName = 'esbuild';

export interface AppPackage {
  readonly name: AppPackageName;
  /** The resolved main file. */
  readonly path: string;
  readonly version: string;
  /** `esbuild@0.28.2` (`@unknown` when the version cannot be read). */
  readonly id: string;
  /** Loads the package (CommonJS require, cached by Node). */
  load<T>(): T;
}

let appEntry: string | undefined = process.argv[1] ? resolve(process.argv[1]) : undefined;

/** For threads whose argv holds no entry (module.register()'s hooks thread): the app's entry. */
export function useAppEntry(entry: string | undefined): void {
  appEntry = entry;
  found.clear();
}

const found = new Map<AppPackageName, AppPackage | null>();

/** The app's copy of `name`, or undefined when neither the app nor docgen's folder has one. */
export function appPackage(name: AppPackageName): AppPackage | undefined {
  const cached = found.get(name);
  if (cached !== undefined) return cached ?? undefined;
  let result: AppPackage | null = null;
  for (const base of bases()) {
    const require = createRequire(base);
    let path: string;
    try {
      path = require.resolve(name);
    } catch {
      continue;
    }
    const version = namedPackageOf(path)?.version ?? 'unknown';
    result = { name, path, version, id: `${name}@${version}`, load: <T>() => require(path) as T };
    break;
  }
  found.set(name, result);
  return result ?? undefined;
}

function bases(): string[] {
  // createRequire needs a file name; the file need not exist.
  return [...(appEntry ? [appEntry] : []), join(process.cwd(), 'noop.js'), import.meta.url];
}

/** `npm install --save-dev NAME`, the line a message tells the user to run. */
export function installLine(name: AppPackageName): string {
  return `npm install --save-dev ${name}`;
}
