/**
 * Every `/** *\/` comment of a parsed file, wherever it stands: above a statement, inside a
 * function, at the end of the file. Found with the parser's comment ranges (the leading and
 * trailing trivia of each node, and the end-of-file token's), so a `/**` inside a string, a
 * template or a regular expression is never taken for a comment.
 */
import type * as TS from 'typescript';
import type { FileIndex } from './file-index.js';
import { ts } from './source-cache.js';

export interface FileComment {
  /** The whole comment, `/**` to `*\/`. */
  readonly text: string;
  /** 1-based line of `/**`. */
  readonly line: number;
}

const byFile = new WeakMap<FileIndex, readonly FileComment[]>();

/** The file's JSDoc comments in source order (computed once per parsed file). */
export function fileDocComments(index: FileIndex): readonly FileComment[] {
  const cached = byFile.get(index);
  if (cached) return cached;
  const t = ts();
  const sourceFile = index.sourceFile;
  const text = sourceFile.text;
  const found = new Map<number, FileComment>();
  const take = (ranges: readonly TS.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) {
      if (range.kind !== t.SyntaxKind.MultiLineCommentTrivia || found.has(range.pos) || !isJsDoc(text, range)) continue;
      found.set(range.pos, { text: text.slice(range.pos, range.end), line: sourceFile.getLineAndCharacterOfPosition(range.pos).line + 1 });
    }
  };
  // Iterative, as file-index.ts: long chains make deep trees.
  const stack: TS.Node[] = [sourceFile];
  const pushChild = (child: TS.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    take(t.getLeadingCommentRanges(text, node.pos));
    take(t.getTrailingCommentRanges(text, node.end));
    t.forEachChild(node, pushChild);
  }
  take(t.getLeadingCommentRanges(text, sourceFile.endOfFileToken.pos));
  const comments = [...found.values()].sort((a, b) => a.line - b.line);
  byFile.set(index, comments);
  return comments;
}

/** `/** ... *\/`, but not the empty `/**\/`. */
function isJsDoc(text: string, range: TS.CommentRange): boolean {
  return text.startsWith('/**', range.pos) && text[range.pos + 3] !== '/';
}
