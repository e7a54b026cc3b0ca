/** A diff as a Markdown migration guide, or as JSON for tools. Both are byte-stable. */
import type { Change, DiffResult } from './types.js';
import { count } from '../plural.js';

/** `{ summary, changes }`, keys in a fixed order, 2-space indent, trailing newline. */
export function renderDiffJson(result: DiffResult): string {
  const { summary } = result;
  const output = {
    summary: { added: summary.added, removed: summary.removed, changed: summary.changed, breaking: summary.breaking, nonBreaking: summary.nonBreaking },
    changes: result.changes.map((change) => ({
      rule: change.rule,
      severity: change.severity,
      ...(change.method !== undefined ? { method: change.method } : {}),
      ...(change.path !== undefined ? { path: change.path } : {}),
      location: change.location,
      message: change.message,
    })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}

/**
 * Breaking changes first, then the operations added and removed, then every other change; the
 * changes grouped under a heading per operation. Text from the documents is escaped.
 */
export function renderDiffMarkdown(result: DiffResult, names: { old: string; new: string }): string {
  const lines = [`# API changes: ${escapeMarkdown(names.old)} → ${escapeMarkdown(names.new)}`, ''];
  if (result.changes.length === 0) return [...lines, 'No differences.', ''].join('\n');

  const { summary } = result;
  lines.push(
    `**Summary:** ${count(summary.breaking, 'breaking change')}, ${count(summary.nonBreaking, 'non-breaking change')}; ` +
      `${count(summary.added, 'operation')} added, ${summary.removed} removed, ${summary.changed} changed.`,
    '',
  );

  const breaking = result.changes.filter((change) => change.severity === 'breaking');
  lines.push('## Breaking changes', '');
  if (breaking.length === 0) lines.push('None.', '');
  else lines.push(...grouped(breaking));

  const operations = (rule: string): string[] =>
    result.changes.filter((change) => change.rule === rule).map((change) => `- ${operationTitle(change)}`);
  const added = operations('operation-added');
  const removed = operations('operation-removed');
  if (added.length > 0) lines.push('## Operations added', '', ...added, '');
  if (removed.length > 0) lines.push('## Operations removed', '', ...removed, '');

  const others = result.changes.filter((change) => change.severity !== 'breaking' && change.rule !== 'operation-added');
  if (others.length > 0) lines.push('## Other changes', '', ...grouped(others));
  return lines.join('\n');
}

/** `### GET /users/{id}` and a bullet per change; changes arrive sorted by path and method. */
function grouped(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  let heading: string | undefined;
  for (const change of changes) {
    const title = operationTitle(change);
    if (title !== heading) {
      if (heading !== undefined) lines.push('');
      lines.push(`### ${title}`, '');
      heading = title;
    }
    lines.push(`- ${escapeMarkdown(change.message)} \`${change.rule}\``);
  }
  lines.push('');
  return lines;
}

const operationTitle = (change: Change): string =>
  change.method !== undefined && change.path !== undefined ? escapeMarkdown(`${change.method.toUpperCase()} ${change.path}`) : 'Whole document';

/**
 * Text from a document shown as plain text: Markdown's punctuation backslash-escaped, HTML's
 * `&`, `<`, `>` as entities (a backslash does not stop raw HTML everywhere), newlines as spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|#~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}
