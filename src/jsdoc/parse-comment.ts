/**
 * The words of one JSDoc comment, as an operation's documentation. docgen reads the comment
 * text itself rather than through the parser's JSDoc nodes: its own tags (`@response`,
 * `@param query.limit`) are not JSDoc's, and the parser can then skip JSDoc entirely.
 *
 * - The first line of the text before the first tag is the summary; the lines after it, blank
 *   lines and line breaks kept, the description. `@summary` and `@description` say them outright.
 * - `@tag Name` adds one tag (the whole rest of the line); `@tags a, b` adds several.
 * - `@deprecated [reason]` marks the operation deprecated (the reason is not kept).
 * - `@param [{type}] name [- description]`, where name is `path.id` (or `params.id`),
 *   `query.limit`, `header.x-trace` (or `headers.`), `cookie.session` (or `cookies.`), or a bare
 *   `id` whose location the document builder decides. `[query.limit]`, `[query.limit=10]` or
 *   `{number=}` make it optional; otherwise it is required. A name that starts with a parameter
 *   of the documented function (`req`, `ctx`) describes that argument: `@param req` is skipped,
 *   `@param req.query.limit` reads as `query.limit`. Other dotted names (`body.name`) are skipped.
 * - `@response <status> [-] description`: status is three digits, `2XX` or `default`.
 * - `@example`: the block verbatim (trimmed) until the next tag line outside a ``` fence.
 * Other tags (`@returns`, `@see`, ...) are ignored.
 */

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface DocumentedParameter {
  name: string;
  in?: ParameterLocation;
  description: string;
  required?: boolean;
  type?: string;
}

export interface OperationDocs {
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  params: DocumentedParameter[];
  responses: { status: string; description: string }[];
  examples: string[];
}

export interface TagBlock {
  readonly name: string;
  readonly lines: string[];
}

const LOCATIONS: Readonly<Record<string, ParameterLocation>> = {
  path: 'path',
  params: 'path',
  query: 'query',
  header: 'header',
  headers: 'header',
  cookie: 'cookie',
  cookies: 'cookie',
};

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * @param comment the whole comment, `/**` to `*\/`
 * @param argumentNames parameters of the function the comment documents (`req`, `res`, `c`)
 */
export function parseDocComment(comment: string, argumentNames: ReadonlySet<string> = NO_NAMES): OperationDocs {
  const { body, tags } = splitTags(commentLines(comment));
  const docs: OperationDocs = { tags: [], deprecated: false, params: [], responses: [], examples: [] };

  const bodyLines = trimBlankLines(body);
  const explicitSummary = tags.find((tag) => tag.name === 'summary');
  const explicitDescription = tags.find((tag) => tag.name === 'description');
  if (explicitSummary) {
    docs.summary = joinWords(explicitSummary.lines);
    docs.description = textOf(bodyLines);
  } else if (bodyLines.length > 0) {
    docs.summary = bodyLines[0]!.trim();
    docs.description = textOf(trimBlankLines(bodyLines.slice(1)));
  }
  if (explicitDescription) docs.description = textOf(trimBlankLines(explicitDescription.lines));
  if (!docs.summary) delete docs.summary;
  if (!docs.description) delete docs.description;

  for (const tag of tags) {
    switch (tag.name) {
      case 'tag':
        addTags(docs.tags, [joinWords(tag.lines)]);
        break;
      case 'tags':
        addTags(docs.tags, joinWords(tag.lines).split(','));
        break;
      case 'deprecated':
        docs.deprecated = true;
        break;
      case 'param': {
        const parameter = parseParam(joinLines(tag.lines), argumentNames);
        if (parameter) docs.params.push(parameter);
        break;
      }
      case 'response': {
        const response = parseResponse(joinLines(tag.lines));
        if (response) docs.responses.push(response);
        break;
      }
      case 'example': {
        const example = tag.lines.join('\n').trim();
        if (example) docs.examples.push(example);
        break;
      }
    }
  }
  return docs;
}

/**
 * The comment's lines without `/**`, `*\/` and each line's leading ` * `: one entry per source
 * line, the first on the line of `/**`, so an entry's index is its line offset in the file.
 */
export function commentLines(comment: string): string[] {
  const end = comment.endsWith('*/') ? comment.length - 2 : comment.length;
  const lines: string[] = [];
  // Lines without a leading `*` lose the indentation they share, so code examples keep theirs.
  let unstarredIndent = Infinity;
  const unstarred: number[] = [];
  for (let start = 3, first = true; start <= end; first = false) {
    let stop = comment.indexOf('\n', start);
    if (stop === -1 || stop > end) stop = end;
    const next = stop + 1;
    if (stop > start && comment.charCodeAt(stop - 1) === 13 /* \r */) stop--;
    let at = start;
    while (at < stop && (comment.charCodeAt(at) === 32 || comment.charCodeAt(at) === 9)) at++;
    if (first) {
      lines.push(comment.slice(comment.charCodeAt(start) === 32 ? start + 1 : start, stop));
    } else if (comment.charCodeAt(at) === 42 /* * */ && at < stop) {
      const after = comment.charCodeAt(at + 1);
      lines.push(comment.slice((after === 32 || after === 9) && at + 1 < stop ? at + 2 : at + 1, stop));
    } else if (at === stop) {
      lines.push('');
    } else {
      unstarredIndent = Math.min(unstarredIndent, at - start);
      unstarred.push(lines.length);
      lines.push(comment.slice(start, stop));
    }
    start = next;
  }
  for (const i of unstarred) lines[i] = lines[i]!.slice(unstarredIndent);
  return lines;
}

/** Text before the first tag, and each tag with its lines; tag-like lines inside ``` fences are text. */
export function splitTags(lines: readonly string[]): { body: string[]; tags: TagBlock[] } {
  const body: string[] = [];
  const tags: TagBlock[] = [];
  let inFence = false;
  for (const line of lines) {
    let start = 0;
    while (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9) start++;
    const tag = !inFence && line.charCodeAt(start) === 64 /* @ */ ? /^@([A-Za-z][\w-]*)(?:\s+([^]*))?$/.exec(start ? line.slice(start) : line) : null;
    if (line.startsWith('```', start) || line.startsWith('~~~', start)) inFence = !inFence;
    if (tag) tags.push({ name: tag[1]!.toLowerCase(), lines: [tag[2] ?? ''] });
    else if (tags.length > 0) tags[tags.length - 1]!.lines.push(line);
    else body.push(line);
  }
  return { body, tags };
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

/** Lines of prose, line breaks and blank lines kept (Markdown reads them as written). */
function textOf(lines: readonly string[]): string | undefined {
  const text = lines.map((line) => line.trimEnd()).join('\n');
  return text === '' ? undefined : text;
}

// Most tags are one line: those take no array work.
const joinWords = (lines: readonly string[]): string => (lines.length === 1 ? lines[0]!.trim() : lines.map((line) => line.trim()).filter(Boolean).join(' '));
const joinLines = (lines: readonly string[]): string => (lines.length === 1 ? lines[0]!.trim() : trimBlankLines(lines).map((line) => line.trim()).join('\n'));

function addTags(into: string[], names: readonly string[]): void {
  for (const raw of names) {
    const name = raw.trim();
    if (name && !into.includes(name)) into.push(name);
  }
}

/** `{type} name - description`, `[name=default] description`, `query.limit description`. */
function parseParam(text: string, argumentNames: ReadonlySet<string>): DocumentedParameter | undefined {
  let rest = text.trim();
  let type: string | undefined;
  if (rest.startsWith('{')) {
    const close = matchingClose(rest, '{', '}');
    if (close === -1) return undefined;
    type = rest.slice(1, close).trim();
    rest = rest.slice(close + 1).trimStart();
  }
  let required = true;
  let name: string;
  if (rest.startsWith('[')) {
    const close = matchingClose(rest, '[', ']');
    if (close === -1) return undefined;
    name = rest.slice(1, close).split('=')[0]!.trim();
    rest = rest.slice(close + 1);
    required = false;
  } else {
    name = /^\S*/.exec(rest)![0];
    rest = rest.slice(name.length);
  }
  if (type?.endsWith('=')) {
    type = type.slice(0, -1).trim();
    required = false;
  }
  const description = rest.trim().replace(/^-\s*/, '').trim();

  const segments = name.split('.');
  // `req.query.limit`: the handler's own argument first, then where the value is.
  if (segments.length > 0 && argumentNames.has(segments[0]!)) segments.shift();
  if (segments.length === 0 || segments.some((segment) => segment === '')) return undefined;
  const location = segments.length > 1 ? LOCATIONS[segments[0]!] : undefined;
  if (location) segments.shift();
  if (segments.length !== 1 || !/^[^\s[\]{}]+$/.test(segments[0]!)) return undefined;

  const parameter: DocumentedParameter = { name: segments[0]!, description, required };
  if (location) parameter.in = location;
  if (type) parameter.type = type;
  return parameter;
}

function matchingClose(text: string, open: string, close: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}

function parseResponse(text: string): { status: string; description: string } | undefined {
  const match = /^(\d{3}|[1-5]xx|default)(?![\w])\s*(?:-\s*)?([\s\S]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const status = match[1]!.toLowerCase() === 'default' ? 'default' : match[1]!.toUpperCase();
  return { status, description: match[2]!.trim() };
}
