/**
 * Hono's path language, which path-to-regexp does not read: a segment is a parameter
 * `:name`, a parameter with a pattern `:name{[0-9]+}` (the pattern may hold `/`), a wildcard
 * `*`, or text. A path ending in optional parameters (`/:a?/:b?`) matches each prefix, as
 * Hono's own `checkOptionalParameter` expands it.
 */
import type { PathPart } from './template.js';

function splitHonoPath(path: string): string[] {
  // Without patterns a `/` always separates (the common case, and much cheaper).
  if (!path.includes('{')) return path.split('/').filter((s, i) => s !== '' || i === 0).slice(1);
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of path) {
    if (char === '{') depth++;
    if (char === '}') depth = Math.max(0, depth - 1);
    if (char === '/' && depth === 0) {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments.filter((s, i) => s !== '' || i === 0).slice(1);
}

const PARAM = /^:([^{}?]+)(?:\{(.+)\})?(\?)?$/s;

/** One template per optional combination; throws on a malformed pattern. */
export function expandHonoPath(path: string): PathPart[][] {
  if (!path.startsWith('/') && path !== '*') throw new Error(`a Hono path starts with "/": ${JSON.stringify(path)}`);
  const segments = path === '*' ? ['*'] : splitHonoPath(path);
  const parts = segments.map(segmentPart);
  const firstOptional = parts.findIndex((p, i) => p.optional && parts.slice(i).every((q) => q.optional));
  const required = firstOptional === -1 ? parts.length : firstOptional;
  const templates: PathPart[][] = [];
  for (let end = required; end <= parts.length; end++) {
    // Text between parameters is joined here, with its slashes, as normalise() would join it.
    const template: PathPart[] = [];
    let text = '';
    for (let i = 0; i < end; i++) {
      const { part } = parts[i]!;
      if (part.type === 'text') {
        text += `/${part.value}`;
        continue;
      }
      template.push({ type: 'text', value: `${text}/` }, part);
      text = '';
    }
    if (text !== '' || template.length === 0) template.push({ type: 'text', value: text || '/' });
    templates.push(template);
  }
  return templates;
}

interface SegmentPart {
  readonly part: PathPart;
  readonly optional: boolean;
}

// Every route of a Hono app carries its full path (`route()` copies a sub-app's routes with the
// prefix), so the same segments come back thousands of times: each is read once.
const segmentParts = new Map<string, SegmentPart>();

function segmentPart(segment: string): SegmentPart {
  let known = segmentParts.get(segment);
  if (!known) segmentParts.set(segment, (known = readSegment(segment)));
  return known;
}

function readSegment(segment: string): SegmentPart {
  if (segment === '*') return { part: { type: 'param', name: 'wildcard', wildcard: true }, optional: false };
  const param = PARAM.exec(segment);
  if (!param) {
    if (segment.includes('{') || segment.includes('}')) throw new Error(`unbalanced "{" in segment ${JSON.stringify(segment)}`);
    return { part: { type: 'text', value: segment }, optional: false };
  }
  const [, name, pattern, optional] = param;
  if (pattern !== undefined) new RegExp(pattern); // throws on an invalid pattern, as Hono's router would
  return { part: { type: 'param', name: name!, ...(pattern !== undefined ? { pattern } : {}) }, optional: optional === '?' };
}
