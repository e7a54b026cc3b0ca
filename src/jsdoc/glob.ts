/**
 * The files an absolute glob pattern names, as swagger-jsdoc's `apis` are written: `*`, `?`,
 * `[...]`, `{a,b}` within a segment, `**` for any number of folders. Hidden folders and
 * node_modules are entered only when the pattern names them. Sorted; at most MAX_FILES.
 */
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

const MAX_FILES = 2000;
const MAGIC = /[*?[{]/;

export function globFiles(pattern: string): string[] {
  const segments = pattern.split(/[\\/]+/);
  let base = 0;
  while (base < segments.length && !MAGIC.test(segments[base]!)) base++;
  const root = segments.slice(0, base).join(sep) || sep;
  const rest = segments.slice(base);
  const out: string[] = [];
  if (rest.length === 0) return [root];
  walk(root, rest.map(segmentMatcher), out);
  return [...new Set(out)].sort();
}

type Matcher = { readonly globstar: true } | { readonly globstar: false; readonly regexp: RegExp; readonly literalDot: boolean };

function segmentMatcher(segment: string): Matcher {
  if (segment === '**') return { globstar: true };
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const close = segment.indexOf('}', i);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${segment.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else if (char === '[') {
      const close = segment.indexOf(']', i);
      if (close === -1) source += '\\[';
      else {
        source += `[${segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += escape(char);
  }
  return { globstar: false, regexp: new RegExp(`^${source}$`), literalDot: segment.startsWith('.') };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function walk(dir: string, matchers: readonly Matcher[], out: string[]): void {
  if (out.length >= MAX_FILES) return;
  const [first, ...rest] = matchers;
  if (!first) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (first.globstar) {
    // `**` matches no folder at all, or one more and still `**`.
    walk(dir, rest, out);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(join(dir, entry.name), matchers, out);
    }
    return;
  }
  for (const entry of entries) {
    if (!first.regexp.test(entry.name)) continue;
    if (entry.name.startsWith('.') && !first.literalDot) continue;
    const path = join(dir, entry.name);
    if (rest.length === 0) {
      if (entry.isFile() && out.length < MAX_FILES) out.push(path);
    } else if (entry.isDirectory() && (entry.name !== 'node_modules' || !first.regexp.source.includes('[^/]*'))) walk(path, rest, out);
  }
}
