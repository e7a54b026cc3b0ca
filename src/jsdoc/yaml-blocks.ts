/**
 * swagger-jsdoc's comment format: a JSDoc comment with an `@openapi` (or `@swagger`) tag whose
 * text, up to the next tag, is YAML (`/users/{id}: get: ...`, `components: ...`, `tags: ...`).
 * A `.yml`/`.yaml` file named by the app's swagger-jsdoc `apis` is one block, as swagger-jsdoc
 * reads it. The YAML is parsed with the `yaml` package; a block that does not parse, or is not a
 * mapping, is a warning with its file and line (the line of the error inside the block), never
 * an exception.
 */
import { parseDocument } from 'yaml';
import { commentLines } from './parse-comment.js';
import type { FileComment } from './comments.js';

export type BlockJson = string | number | boolean | null | BlockJson[] | { [key: string]: BlockJson };
export type BlockObject = { [key: string]: BlockJson };

/** What one comment (or YAML file) says, in the shape of a piece of an OpenAPI document. */
export interface CommentBlock {
  /** How it was written: `@openapi`, `@swagger`, `express-jsdoc-swagger` or `YAML file`. */
  readonly kind: string;
  /** Absolute path. */
  readonly file: string;
  /** 1-based line where the block starts (the tag's line, the comment's first line, or 1). */
  readonly line: number;
  /** Top-level keys as swagger-jsdoc reads them: paths (`/x`), `paths`, `components`, `tags`... */
  readonly value: BlockObject;
}

/** A problem with one block, at a place in a file (absolute path, 1-based line). */
export interface BlockProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const TAG = /^@(openapi|swagger)(?=\s|$)/;
const ANY_TAG = /^@[A-Za-z]/;

/** The `@openapi`/`@swagger` blocks of one comment (a comment may hold several tags). */
export function yamlCommentBlocks(file: string, comment: FileComment, problems: BlockProblem[]): CommentBlock[] {
  if (!comment.text.includes('@openapi') && !comment.text.includes('@swagger')) return [];
  const lines = commentLines(comment.text);
  const blocks: CommentBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const tag = TAG.exec(lines[i]!.trimStart());
    if (!tag) continue;
    const body: string[] = [lines[i]!.trimStart().slice(tag[0].length)];
    let end = i + 1;
    while (end < lines.length && !ANY_TAG.test(lines[end]!.trimStart())) body.push(lines[end++]!);
    const line = comment.line + i;
    const value = parseYaml(body.join('\n'), file, line, `@${tag[1]}`, problems);
    if (value) blocks.push({ kind: `@${tag[1]}`, file, line, value });
    i = end - 1;
  }
  return blocks;
}

/** A whole YAML file, as swagger-jsdoc reads a `.yml` among its `apis`. */
export function yamlFileBlock(file: string, text: string, problems: BlockProblem[]): CommentBlock | undefined {
  const value = parseYaml(text, file, 1, 'YAML file', problems);
  return value ? { kind: 'YAML file', file, line: 1, value } : undefined;
}

/** `firstLine`: the file line of the text's first line. */
function parseYaml(text: string, file: string, firstLine: number, kind: string, problems: BlockProblem[]): BlockObject | undefined {
  if (text.trim() === '') return undefined;
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    problems.push({ file, line: firstLine, message: `the ${kind} block is not valid YAML (${firstLineOf(error instanceof Error ? error.message : String(error))}); it is left out` });
    return undefined;
  }
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    problems.push({ file, line: firstLine + (at ? at.line - 1 : 0), message: `the ${kind} block is not valid YAML (${firstLineOf(error.message)}); it is left out` });
    return undefined;
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isObject(value)) {
    problems.push({ file, line: firstLine, message: `the ${kind} block is not a YAML mapping (paths, components, tags...); it is left out` });
    return undefined;
  }
  return toBlockJson(value) as BlockObject;
}

/** The yaml package's message without its own position (the block's lines are not the file's). */
function firstLineOf(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Plain JSON: dates (YAML timestamps) as ISO strings, numbers' keys as strings, the rest dropped. */
function toBlockJson(value: unknown): BlockJson | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toBlockJson(item) ?? null);
  if (!isObject(value)) return undefined;
  const out: BlockObject = {};
  for (const [key, item] of Object.entries(value)) {
    const json = toBlockJson(item);
    if (json !== undefined) out[key] = json;
  }
  return out;
}
