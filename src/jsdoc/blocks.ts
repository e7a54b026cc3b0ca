/**
 * The OpenAPI blocks written in an app's files: swagger-jsdoc's `@openapi`/`@swagger` YAML
 * (yaml-blocks.ts) and express-jsdoc-swagger's comments (jsdoc-swagger.ts), in any `/** *\/`
 * comment of the file (comments.ts), plus the files the app's own swagger-jsdoc call names
 * (swagger-jsdoc-apis.ts), YAML files included. Each file is read and parsed once per process.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileDocComments } from './comments.js';
import { globFiles } from './glob.js';
import { jsdocSwaggerBlock } from './jsdoc-swagger.js';
import { absoluteSourcePath, indexedFile } from './source-cache.js';
import { swaggerJsdocApis } from './swagger-jsdoc-apis.js';
import { yamlCommentBlocks, yamlFileBlock, type BlockProblem, type CommentBlock } from './yaml-blocks.js';

export interface AppCommentBlocks {
  /** By file, then line. */
  readonly blocks: readonly CommentBlock[];
  readonly problems: readonly BlockProblem[];
}

interface FileBlocks {
  readonly blocks: readonly CommentBlock[];
  readonly problems: readonly BlockProblem[];
  /** Glob patterns of a swagger-jsdoc call in the file. */
  readonly apis: readonly string[];
}

/** What a file must contain for a block to be found in it (a cheap test before the parse). */
const MARKERS = ['@openapi', '@swagger', '@typedef', '@route', '@return', '@summary', '@param', 'swagger-jsdoc'];
const NOTHING: FileBlocks = { blocks: [], problems: [], apis: [] };
const cache = new Map<string, FileBlocks>();

/**
 * The blocks of `files` (absolute, or relative to `cwd`) and of the files their swagger-jsdoc
 * calls name; files under node_modules are not read.
 */
export function commentBlocks(files: Iterable<string>, cwd: string): AppCommentBlocks {
  const queue = [...new Set([...files].map((file) => (file.startsWith('file://') ? absoluteSourcePath(file) : resolve(cwd, file))))].sort();
  const seen = new Set<string>();
  const blocks: CommentBlock[] = [];
  const problems: BlockProblem[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || file.split(sep).includes('node_modules')) continue;
    seen.add(file);
    const found = blocksOf(file, cwd);
    blocks.push(...found.blocks);
    problems.push(...found.problems);
    for (const pattern of found.apis) queue.push(...globFiles(pattern).filter((named) => !seen.has(named)));
  }
  const order = (a: { file: string; line: number }, b: { file: string; line: number }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
  return { blocks: blocks.sort(order), problems: problems.sort(order) };
}

function blocksOf(file: string, cwd: string): FileBlocks {
  let found = cache.get(file);
  if (!found) cache.set(file, (found = read(file, cwd)));
  return found;
}

function read(file: string, cwd: string): FileBlocks {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return NOTHING;
  }
  const ext = extname(file).toLowerCase();
  const problems: BlockProblem[] = [];
  if (ext === '.yml' || ext === '.yaml') {
    const block = yamlFileBlock(file, text, problems);
    return { blocks: block ? [block] : [], problems, apis: [] };
  }
  if (!MARKERS.some((marker) => text.includes(marker))) return NOTHING;
  const index = indexedFile(file);
  if (!index) return NOTHING;
  const blocks: CommentBlock[] = [];
  for (const comment of fileDocComments(index)) {
    const yaml = yamlCommentBlocks(file, comment, problems);
    if (yaml.length) blocks.push(...yaml);
    else {
      const block = jsdocSwaggerBlock(file, comment);
      if (block) blocks.push(block);
    }
  }
  return { blocks, problems, apis: swaggerJsdocApis(index, cwd) };
}

/** Forgets every file read (with clearSourceDocsCache, for a process that builds again after edits). */
export function clearCommentBlocksCache(): void {
  cache.clear();
}
