/**
 * The library behind `docgen diff <old> <new>`: the changes between two OpenAPI 3.0/3.1
 * documents, each classified breaking or not, after oasdiff's checks.
 *
 * Two severities where oasdiff has three: its ERR and WARN ("may break": a removed parameter, a
 * changed pattern) are breaking, so a CI gate fails closed; its INFO is non-breaking. One
 * departure: removing an optional response property is breaking here too (oasdiff: INFO), as
 * clients read the properties a server has been sending, required or not.
 */
import { OpenApiDocument } from './document.js';
import { OPENAPI_METHODS } from '../openapi/json.js';
import { diffOperations } from './operations.js';
import type { Change, DiffResult } from './types.js';

export { InvalidDocumentError, type Change, type DiffResult, type DiffSummary, type Severity } from './types.js';
export { renderDiffJson, renderDiffMarkdown } from './render.js';

/**
 * Throws an InvalidDocumentError (`code: 'DOCGEN_INVALID_DOCUMENT'`) when either input is not
 * an object with `openapi` 3.0.x or 3.1.x and a `paths` object.
 */
export function diffDocuments(oldDoc: unknown, newDoc: unknown): DiffResult {
  const before = OpenApiDocument.from(oldDoc, 'old');
  const after = OpenApiDocument.from(newDoc, 'new');
  const changes = diffOperations(before, after).sort(compareChanges);

  const changed = new Set<string>();
  let added = 0;
  let removed = 0;
  let breaking = 0;
  for (const change of changes) {
    if (change.severity === 'breaking') breaking++;
    if (change.rule === 'operation-added') added++;
    else if (change.rule === 'operation-removed') removed++;
    else changed.add(`${change.method} ${change.path}`);
  }
  return { changes, summary: { added, removed, changed: changed.size, breaking, nonBreaking: changes.length - breaking } };
}

/** Code-unit order, not locale order: the same input sorts the same everywhere. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareChanges(a: Change, b: Change): number {
  return (
    byText(a.path ?? '', b.path ?? '') ||
    OPENAPI_METHODS.indexOf(a.method ?? '') - OPENAPI_METHODS.indexOf(b.method ?? '') ||
    byText(a.rule, b.rule) ||
    byText(a.location, b.location) ||
    byText(a.message, b.message)
  );
}
