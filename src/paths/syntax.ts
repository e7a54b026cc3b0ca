/**
 * Parses each framework's path language into `PathTemplate`s with `path-to-regexp`'s own
 * parsers (v6 for Express 4 and koa-router, v8 for Express 5 and @koa/router 13+). Optional
 * parts are expanded here: OpenAPI path parameters are always required, so `/:rev?` is two paths.
 */
import { parse as parseV8, type Token as V8Token } from 'path-to-regexp';
import { parse as parseV6, type Token as V6Token } from 'path-to-regexp-v6';
import { expandHonoPath } from './hono.js';
import { normalise, type PathPart, type PathTemplate } from './template.js';

export type PathSyntax = 'express4' | 'path-to-regexp-v6' | 'path-to-regexp-v8' | 'hono';

export type ParsedPath =
  | { readonly ok: true; readonly templates: PathTemplate[] }
  | { readonly ok: false; readonly reason: string };

/** More optional parts than this would explode into too many paths to be useful. */
const MAX_EXPANSIONS = 64;

// Apps repeat paths across routers ('/', '/:id'): each distinct one is parsed once.
const parsed = new Map<string, ParsedPath>();

export function parsePath(path: string, syntax: PathSyntax): ParsedPath {
  const key = `${syntax}\u0000${path}`;
  let result = parsed.get(key);
  if (!result) parsed.set(key, (result = parseUncached(path, syntax)));
  return result;
}

function parseUncached(path: string, syntax: PathSyntax): ParsedPath {
  try {
    const alternatives =
      syntax === 'hono'
        ? expandHonoPath(path)
        : syntax === 'path-to-regexp-v8'
          ? expandV8(parseV8(path).tokens)
          : expandV6(parseV6(syntax === 'express4' ? express4ToV6(path) : path));
    if (alternatives.length > MAX_EXPANSIONS) {
      return { ok: false, reason: `expands into ${alternatives.length} paths (more than ${MAX_EXPANSIONS} optional combinations)` };
    }
    return { ok: true, templates: dedupe(alternatives.map(nameUnnamed).map(normalise)) };
  } catch (error) {
    const parser = syntax === 'hono' ? "Hono's path syntax" : 'path-to-regexp';
    return { ok: false, reason: `${parser} rejects it: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Express 4's path-to-regexp 0.1 reads a bare `*` as an unnamed `(.*)`; v6 reads `*` only as a
 * modifier after a parameter. Rewriting the bare form is the one difference that matters.
 */
function express4ToV6(path: string): string {
  return path.replace(/(?<![\w)\\])\*/g, '(.*)');
}

function expandV8(tokens: readonly V8Token[]): PathPart[][] {
  let results: PathPart[][] = [[]];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        results = results.map((r) => [...r, { type: 'text', value: token.value }]);
        break;
      case 'param':
        results = results.map((r) => [...r, { type: 'param', name: token.name }]);
        break;
      case 'wildcard':
        results = results.map((r) => [...r, { type: 'param', name: token.name, wildcard: true }]);
        break;
      case 'group': {
        const inner = expandV8(token.tokens);
        results = results.flatMap((r) => [r, ...inner.map((i) => [...r, ...i])]);
        break;
      }
    }
    if (results.length > MAX_EXPANSIONS) break;
  }
  return results;
}

/** The patterns v6 fills in by itself; only a pattern the app wrote is kept in the schema. */
function isDefaultV6Pattern(pattern: string): boolean {
  return pattern === '[^\\/#\\?]+?' || /^\(\?:\(\?!.*\)\[\^\\\/#\\\?\]\)\+\?$/.test(pattern);
}

function expandV6(tokens: readonly V6Token[]): PathPart[][] {
  let results: PathPart[][] = [[]];
  for (const token of tokens) {
    if (typeof token === 'string') {
      results = results.map((r) => [...r, { type: 'text', value: token }]);
      continue;
    }
    const wildcard = token.modifier === '*' || token.modifier === '+' || token.pattern === '.*';
    const param: PathPart = {
      type: 'param',
      name: String(token.name),
      ...(isDefaultV6Pattern(token.pattern) || token.pattern === '.*' ? {} : { pattern: token.pattern }),
      ...(wildcard ? { wildcard: true } : {}),
    };
    const present: PathPart[] = [
      ...(token.prefix ? [{ type: 'text', value: token.prefix } as const] : []),
      param,
      ...(token.suffix ? [{ type: 'text', value: token.suffix } as const] : []),
    ];
    const optional = token.modifier === '?' || token.modifier === '*';
    results = results.flatMap((r) => (optional ? [r, [...r, ...present]] : [[...r, ...present]]));
    if (results.length > MAX_EXPANSIONS) break;
  }
  return results;
}

/**
 * Unnamed groups (`(.*)`, `(\d+)`) are numbered by path-to-regexp; an OpenAPI parameter needs
 * a name a reader understands, so they become `wildcard`, `wildcard2`, `param`, ...
 */
function nameUnnamed(parts: PathPart[]): PathPart[] {
  if (!parts.some((part) => part.type === 'param')) return parts;
  const used = new Map<string, number>();
  return parts.map((part) => {
    if (part.type !== 'param') return part;
    const base = /^\d+$/.test(part.name) ? (part.wildcard ? 'wildcard' : 'param') : part.name;
    const seen = (used.get(base) ?? 0) + 1;
    used.set(base, seen);
    return seen === 1 && base === part.name ? part : { ...part, name: seen === 1 ? base : `${base}${seen}` };
  });
}

function dedupe(templates: PathTemplate[]): PathTemplate[] {
  if (templates.length < 2) return templates; // the common case: no optional parts
  const seen = new Set<string>();
  return templates.filter((t) => {
    const key = JSON.stringify(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
