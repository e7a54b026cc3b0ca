/**
 * Which packages an app imports as ES modules, read from its source without running it. Without
 * module hooks an ES module build (Hono's, @koa/router's) loads unseen, so a process that ends
 * with no framework seen and no hooks installed asks this whether the app imported one: if so,
 * docgen says why nothing was documented; if not, the process was no app (npm, a build script,
 * a test worker) and docgen stays silent. It runs only then, at exit.
 *
 * From the entry, it follows relative imports through the app's own files (never into
 * node_modules), up to MAX_FILES files; a file the lexer cannot read (JSX, TypeScript,
 * CommonJS with syntax it rejects) is skipped.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import { esLexer } from './es-lexer.js';

const MAX_FILES = 500;
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

/** Package names (`hono`, `@koa/router`) imported by the app's files reachable from `entry`. */
export function importedPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const lexer = esLexer();
  if (!lexer) return packages;
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0 && seen.size <= MAX_FILES) {
    const file = queue.shift()!;
    let imports: readonly { readonly n?: string | undefined }[];
    try {
      imports = lexer.parse(readFileSync(file, 'utf8'), file)[0];
    } catch {
      continue;
    }
    for (const { n: specifier } of imports) {
      if (!specifier) continue;
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        const target = localFile(resolve(dirname(file), specifier));
        if (target && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else if (!specifier.startsWith('node:') && !specifier.startsWith('/') && !specifier.includes(':')) {
        packages.add(packageName(specifier));
      }
    }
  }
  return packages;
}

/** `@koa/router/lib/x` -> `@koa/router`, `hono/cors` -> `hono`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The app's own JavaScript file an import names, as Node resolves a relative specifier. */
function localFile(path: string): string | undefined {
  if (path.split(sep).includes('node_modules')) return undefined;
  const candidates = JAVASCRIPT.has(extname(path)) ? [path] : [path, `${path}.js`, `${path}.mjs`, `${path}/index.js`, `${path}/index.mjs`];
  return candidates.find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
