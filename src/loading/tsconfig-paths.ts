/**
 * tsconfig `paths` aliases (`"@/*": ["./src/*"]`), resolved as tsx resolves them: for an import
 * from a file outside node_modules, with the `paths` of the nearest tsconfig.json above it (its
 * `extends` chain followed), relative to `baseUrl` when one is set and to the tsconfig that sets
 * `paths` otherwise. An exact pattern wins; among `*` patterns, the one with the longest prefix;
 * its substitutions are tried in order. docgen tries them when Node cannot resolve the bare
 * specifier itself (an installed package of the same name keeps its place).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

interface PathsConfig {
  readonly paths: Readonly<Record<string, readonly string[]>>;
  /** The folder the substitutions are relative to. */
  readonly base: string;
}

/** Absolute file paths `specifier` may stand for, in the order to try them; none when it is no alias. */
export function aliasTargets(specifier: string, importer: string): string[] {
  if (/^(\.{1,2}\/|\/|[a-z]+:)/i.test(specifier) || importer.split(sep).includes('node_modules')) return [];
  const config = pathsConfigFor(dirname(importer));
  if (!config) return [];
  const match = bestPattern(Object.keys(config.paths), specifier);
  if (!match) return [];
  return (config.paths[match.pattern] ?? []).map((target) => resolve(config.base, target.replace('*', match.star)));
}

function bestPattern(patterns: readonly string[], specifier: string): { pattern: string; star: string } | undefined {
  if (patterns.includes(specifier) && !specifier.includes('*')) return { pattern: specifier, star: '' };
  let best: { pattern: string; star: string; prefix: number } | undefined;
  for (const pattern of patterns) {
    const star = pattern.indexOf('*');
    if (star === -1 || pattern.indexOf('*', star + 1) !== -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix) best = { pattern, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefix: prefix.length };
  }
  return best && { pattern: best.pattern, star: best.star };
}

const byDirectory = new Map<string, PathsConfig | undefined>();

/** The `paths` of the nearest tsconfig.json above `directory` (not looking past a node_modules folder). */
function pathsConfigFor(directory: string): PathsConfig | undefined {
  if (byDirectory.has(directory)) return byDirectory.get(directory);
  const file = join(directory, 'tsconfig.json');
  const own = readJsonc(file);
  const parent = dirname(directory);
  const config = own !== undefined ? pathsOf(file, own, new Set()) : parent === directory || directory.endsWith(`${sep}node_modules`) ? undefined : pathsConfigFor(parent);
  byDirectory.set(directory, config);
  return config;
}

interface Options {
  paths?: PathsConfig['paths'];
  /** The folder of the tsconfig that set `paths`. */
  pathsFrom?: string;
  baseUrl?: string;
}

function pathsOf(file: string, json: unknown, seen: Set<string>): PathsConfig | undefined {
  const options = optionsOf(file, json, seen);
  if (!options.paths) return undefined;
  return { paths: options.paths, base: options.baseUrl ?? options.pathsFrom ?? dirname(file) };
}

/** `compilerOptions.paths` and `baseUrl` through the `extends` chain: a config's own over those it extends. */
function optionsOf(file: string, json: unknown, seen: Set<string>): Options {
  if (seen.has(file) || !isRecord(json)) return {};
  seen.add(file);
  const extended = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends.filter((e): e is string => typeof e === 'string') : [];
  const options: Options = {};
  for (const name of extended) {
    const base = extendedFile(name, file);
    const parsed = base === undefined ? undefined : readJsonc(base);
    if (base !== undefined && parsed !== undefined) Object.assign(options, optionsOf(base, parsed, seen));
  }
  const compilerOptions = isRecord(json.compilerOptions) ? json.compilerOptions : {};
  if (typeof compilerOptions.baseUrl === 'string') options.baseUrl = resolve(dirname(file), compilerOptions.baseUrl);
  if (isRecord(compilerOptions.paths)) {
    const paths: Record<string, string[]> = {};
    for (const [pattern, targets] of Object.entries(compilerOptions.paths)) if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
    options.paths = paths;
    options.pathsFrom = dirname(file);
  }
  return options;
}

/** A relative `extends` is a file (`.json` may be left out); anything else a package's. */
function extendedFile(name: string, from: string): string | undefined {
  if (name.startsWith('.') || isAbsolute(name)) {
    const file = resolve(dirname(from), name);
    return readJsonc(file) !== undefined || file.endsWith('.json') ? file : `${file}.json`;
  }
  const require = createRequire(from);
  for (const candidate of [name, `${name}.json`, `${name}/tsconfig.json`]) {
    try {
      return require.resolve(candidate);
    } catch {
      // the next form
    }
  }
  return undefined;
}

/** tsconfig.json is JSON with comments and trailing commas. Undefined when it cannot be read. */
function readJsonc(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(withoutCommentsAndTrailingCommas(text));
  } catch {
    return undefined;
  }
}

export function withoutCommentsAndTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (char === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 64))) {
      // a trailing comma
    } else {
      out += char;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
