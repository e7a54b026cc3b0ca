/**
 * JavaScript source text for the generated suite. Every string that comes from the document
 * reaches the output through `str()` (a JSON string literal, which is also a JavaScript one) or
 * `comment()` (no line terminators), so no key, example or name can break out of its place.
 */
import { isObject } from '../validate/spec.js';
import type { RequestPlan } from './requests.js';

/** A JavaScript literal for a string or any JSON value. */
export function str(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  // JSON leaves U+2028/U+2029 unescaped; valid in string literals, but not in comments.
  return (JSON.stringify(value) ?? 'null').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A `//` comment line: line terminators inside the text would end the comment early. */
export function comment(text: string, indent = ''): string {
  return `${indent}// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`.trimEnd();
}

/** Pretty JavaScript for a JSON-like value: on one line when short, else one entry per line. */
export function literal(value: unknown, indent: string): string {
  const flat = inline(value);
  if (flat.length + indent.length <= 88) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v: unknown) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
  if (isObject(value)) return `{\n${entries(value).map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
  return flat;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v: unknown) => inline(v)).join(', ')}]`;
  if (isObject(value)) {
    const list = entries(value);
    return list.length ? `{ ${list.map(([k, v]) => `${key(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return str(value);
}

function entries(value: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** `"__proto__": x` in an object literal sets the prototype; a computed key makes a property. */
function key(name: string): string {
  return name === '__proto__' ? `[${str(name)}]` : str(name);
}

/** One `test(...)` call, preceded by its notes. */
export function testCode(plan: RequestPlan): string {
  const fields: string[] = [`method: ${str(plan.method)}`, `path: ${str(plan.path)}`];
  if (plan.query.length) fields.push(`query: ${literal(plan.query, '  ')}`);
  if (Object.keys(plan.headers).length) fields.push(`headers: ${literal(plan.headers, '  ')}`);
  if (plan.body) fields.push(`body: ${literal({ mediaType: plan.body.mediaType, value: plan.body.value }, '  ')}`);
  fields.push(`statuses: ${plan.statuses ? literal(plan.statuses, '  ') : 'null'}`);
  return [
    ...plan.notes.map((note) => comment(note)),
    ...(plan.skip ? [comment(plan.skip)] : []),
    `${plan.skip ? 'test.skip' : 'test'}(${str(plan.name)}, () => check(${str(plan.name)}, {`,
    ...fields.map((f) => `  ${f},`),
    '}));',
  ].join('\n');
}

/**
 * The helpers every suite starts with. `check` fails the test on a network error, a timeout,
 * or a status the operation does not declare.
 */
export function helpersCode(variable: string, timeoutMs: number): string {
  return `const BASE_URL_VARIABLE = ${str(variable)};
const TIMEOUT_MS = ${timeoutMs.toLocaleString('en-US').replace(/,/g, '_')};
const baseUrl = process.env[BASE_URL_VARIABLE];
if (!baseUrl || !/^https?:\\/\\/./i.test(baseUrl) || !URL.canParse(baseUrl)) {
  console.error(\`\${BASE_URL_VARIABLE} must be set to the base URL of the API under test, e.g. \${BASE_URL_VARIABLE}=http://localhost:3000\${baseUrl ? \` (it is \${JSON.stringify(baseUrl)})\` : ''}\`);
  process.exit(1);
}

/** Calls one operation; fails unless the status is one it declares (null: any status). */
async function check(operation, { method, path, query = [], headers = {}, body, statuses }) {
  const url = new URL(baseUrl.replace(/\\/+$/, '') + path);
  for (const [name, value] of query) url.searchParams.append(name, value);
  const init = { method, headers: { ...headers }, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) };
  if (body) {
    const { content, contentType } = encodeBody(body);
    init.body = content;
    if (contentType) init.headers['content-type'] = contentType;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    assert.unreachable(\`\${operation}: \${method} \${url} failed: \${reason(error)}\`);
  }
  const text = await response.text();
  if (statuses === null || statuses.some((declared) => matches(declared, response.status))) return;
  const excerpt = text ? \`; body: \${JSON.stringify(text.length > 200 ? \`\${text.slice(0, 200)}...\` : text)}\` : '';
  assert.unreachable(\`\${operation} answered \${response.status}, which the document does not declare (declared: \${statuses.join(', ')})\${excerpt}\`);
}

/** "201" matches 201 only; a range such as "2XX" matches 200 to 299. */
function matches(declared, status) {
  return /^[1-5]XX$/i.test(declared) ? Math.floor(status / 100) === Number(declared[0]) : Number(declared) === status;
}

function encodeBody({ mediaType, value }) {
  const field = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  if (/^multipart\\/form-data/i.test(mediaType)) {
    const form = new FormData();
    for (const [name, v] of Object.entries(value ?? {})) form.append(name, field(v));
    return { content: form }; // fetch writes the content type, with its boundary
  }
  if (/^application\\/x-www-form-urlencoded/i.test(mediaType)) {
    return { content: new URLSearchParams(Object.entries(value ?? {}).map(([name, v]) => [name, field(v)])), contentType: mediaType };
  }
  if (/^application\\/json\\b|\\+json\\b/i.test(mediaType) || typeof value !== 'string') return { content: JSON.stringify(value), contentType: mediaType };
  return { content: value, contentType: mediaType };
}

function reason(error) {
  if (error?.name === 'TimeoutError') return \`no response within \${TIMEOUT_MS} ms\`;
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? error?.message ?? String(error);
}`;
}
