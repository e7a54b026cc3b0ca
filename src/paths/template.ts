/**
 * The route model's view of a path: literal text and named parameters, with optional parts
 * already expanded. Every framework syntax is parsed into this shape by `syntax.ts`, so the
 * OpenAPI builder never sees a framework's own path language.
 */

export interface TextPart {
  readonly type: 'text';
  readonly value: string;
}

export interface ParamPart {
  readonly type: 'param';
  readonly name: string;
  /** A custom pattern the framework enforces on the value (Express 4 `:id(\d+)`, Hono `:id{[0-9]+}`). */
  readonly pattern?: string;
  /** True when the value may span several segments (`*name`, `:name+`). */
  readonly wildcard?: boolean;
}

export type PathPart = TextPart | ParamPart;

/** One concrete path: optional segments are expanded into separate templates before this. */
export type PathTemplate = readonly PathPart[];

/** Joins a mount prefix and a path below it, as routers do: `/api` + `/` is `/api`. */
export function joinTemplates(prefix: PathTemplate, path: PathTemplate): PathTemplate {
  return normalise([...prefix, { type: 'text', value: '/' }, ...path]);
}

/**
 * Merges adjacent text, collapses repeated slashes, and removes a trailing slash (except for
 * `/` itself), so that equal paths render equally whatever the mount structure was.
 */
export function normalise(parts: PathTemplate): PathTemplate {
  const merged: PathPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.type === 'text' && last?.type === 'text') {
      merged[merged.length - 1] = { type: 'text', value: last.value + part.value };
    } else {
      merged.push(part);
    }
  }
  const out: PathPart[] = [];
  for (let i = 0; i < merged.length; i++) {
    const part = merged[i]!;
    if (part.type !== 'text') {
      out.push(part);
      continue;
    }
    let value = part.value.includes('//') ? part.value.replace(/\/{2,}/g, '/') : part.value;
    if (i === 0 && !value.startsWith('/')) value = '/' + value;
    if (i === merged.length - 1 && value.length > 1 && value.endsWith('/')) value = value.slice(0, -1);
    if (i === merged.length - 1 && value === '/' && out.length > 0) value = '';
    // Parts are immutable: an unchanged one is kept rather than copied (10,000 routes, ~4 each).
    if (value !== '') out.push(value === part.value ? part : { type: 'text', value });
  }
  if (out.length === 0 || out[0]!.type !== 'text') out.unshift({ type: 'text', value: '/' });
  return out;
}

/** The OpenAPI form of a template: `/users/{id}`. */
export function renderTemplate(template: PathTemplate): string {
  return template.map((part) => (part.type === 'text' ? part.value : `{${part.name}}`)).join('');
}

export function templateParams(template: PathTemplate): ParamPart[] {
  return template.filter((part): part is ParamPart => part.type === 'param');
}

/**
 * Whether a middleware mounted at `scope` runs for requests to `path`: routers match mount
 * paths segment by segment, and a parameter segment matches any value.
 */
export function scopeCovers(scope: PathTemplate, path: PathTemplate, exact = false): boolean {
  const scopeSegments = segments(scope);
  // A scope at the root covers every path (`app.use(mw)`, Hono's `use('*')` below its mount).
  if (scopeSegments.length === 0 && !exact) return true;
  const pathSegments = segments(path);
  if (scopeSegments.length > pathSegments.length || (exact && scopeSegments.length !== pathSegments.length)) return false;
  for (let i = 0; i < scopeSegments.length; i++) {
    const segment = scopeSegments[i]!;
    if (segment !== '*' && pathSegments[i] !== '*' && segment !== pathSegments[i]) return false;
  }
  return true;
}

const segmentCache = new WeakMap<PathTemplate, string[]>();

function segments(template: PathTemplate): string[] {
  let cached = segmentCache.get(template);
  if (!cached) segmentCache.set(template, (cached = splitSegments(template)));
  return cached;
}

function splitSegments(template: PathTemplate): string[] {
  const rendered = template.map((part) => (part.type === 'text' ? part.value : '\u0000')).join('');
  return rendered
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.includes('\u0000') ? '*' : s));
}
