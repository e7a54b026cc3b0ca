/**
 * Finding the JSDoc comment that stands directly above a piece of code: the last `/** *\/` in
 * the run of comments before it, with no blank line anywhere between it and the code. `//`
 * and `/* *\/` comments are never documentation, but may stand between (a lint directive).
 */
import type * as TS from 'typescript';
import { ts } from './source-cache.js';

/**
 * The JSDoc directly above a node, and where the node's code starts. The leading trivia is
 * scanned once (`getStart()` would scan the comments a second time).
 */
export function leadingDocComment(node: TS.Node, sourceFile: TS.SourceFile): { comment: string | undefined; codeStart: number } {
  const text = sourceFile.text;
  let ranges = ts().getLeadingCommentRanges(text, node.pos);
  // For TypeScript a comment after code on the same line trails that code. Before the next
  // statement on that same line (`a(); /** b *\/ b();`) it is the statement's own.
  const sameLine = !ranges || ranges.length === 0;
  if (sameLine) ranges = ts().getTrailingCommentRanges(text, node.pos);
  if (!ranges || ranges.length === 0) return { comment: undefined, codeStart: node.getStart(sourceFile) };
  let codeStart = ranges[ranges.length - 1]!.end;
  let newline = false;
  for (let code = text.charCodeAt(codeStart); codeStart < text.length && isWhitespace(code); code = text.charCodeAt(++codeStart)) newline ||= code === 10;
  return { comment: sameLine && newline ? undefined : lastDocComment(text, ranges, codeStart), codeStart };
}

const isWhitespace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || code === 0xfeff || code === 0xa0;

/** The JSDoc at the end of the comments between `triviaStart` and the code at `codeStart`. */
export function docCommentBefore(text: string, triviaStart: number, codeStart: number): string | undefined {
  // Usually there is nothing between (`app.get`): no need to scan for comments.
  const slash = text.indexOf('/', triviaStart);
  if (slash === -1 || slash >= codeStart) return undefined;
  const ranges = (ts().getLeadingCommentRanges(text, triviaStart) ?? []).filter((range) => range.end <= codeStart);
  return lastDocComment(text, ranges, codeStart);
}

function lastDocComment(text: string, ranges: readonly TS.CommentRange[], codeStart: number): string | undefined {
  let next = codeStart;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i]!;
    if (/\n[ \t]*\r?\n/.test(text.slice(range.end, next))) return undefined;
    if (isJsDoc(text, range)) return text.slice(range.pos, range.end);
    next = range.pos;
  }
  return undefined;
}

/** `/** ... *\/`, but not the empty `/**\/` nor a `/*****` banner. */
function isJsDoc(text: string, range: TS.CommentRange): boolean {
  return text.startsWith('/**', range.pos) && text[range.pos + 3] !== '/' && text[range.pos + 3] !== '*';
}
