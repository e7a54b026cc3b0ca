/**
 * The app's own JavaScript files, read from its source without running it: from the entry,
 * relative imports are followed through the app's files (never into node_modules), breadth
 * first, up to MAX_FILES files. Used only where something went unseen or wrong, never on a
 * healthy app's path:
 * - a process that ends with no framework seen and no module hooks asks which packages the app
 *   imports as ES modules (an ES module build of Hono or @koa/router loads unseen without hooks);
 * - `docgen generate` looks for the file a SyntaxError came from (V8 keeps its location outside
 *   the error object).
 * Imports are read with es-module-lexer; a file it cannot read is still listed, with no imports.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import { parse } from 'es-module-lexer';

const MAX_FILES = 500;
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

export interface AppFile {
  readonly path: string;
  readonly source: string;
  /** Import specifiers (static and `import('literal')`); empty when the lexer could not read the file. */
  readonly specifiers: readonly string[];
}

export function* appFiles(entry: string): Generator<AppFile> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.shift()!;
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    let specifiers: string[] = [];
    try {
      specifiers = parse(source, path)[0].flatMap((entry) => (typeof entry.specifier === 'string' ? [entry.specifier] : []));
    } catch {
      // Not readable as an ES module (or not JavaScript at all): listed without its imports.
    }
    yield { path, source, specifiers };
    for (const specifier of specifiers) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const target = localFile(resolve(dirname(path), specifier));
      if (target && !seen.has(target) && seen.size < MAX_FILES) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
}

/** Package names (`hono`, `@koa/router`) the app's files reachable from `entry` import. */
export function importedPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  for (const file of appFiles(entry)) {
    for (const specifier of file.specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return packages;
}

/** The app's own JavaScript file an import names, as Node resolves a relative specifier. */
function localFile(path: string): string | undefined {
  if (path.split(sep).includes('node_modules')) return undefined;
  const candidates = JAVASCRIPT.has(extname(path)) ? [path] : [path, `${path}.js`, `${path}.mjs`, `${path}.cjs`, `${path}/index.js`, `${path}/index.mjs`];
  return candidates.find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
