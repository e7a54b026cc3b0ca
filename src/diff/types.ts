/** The public shape of a diff between two OpenAPI documents (re-exported by ./index.ts). */

export type Severity = 'breaking' | 'non-breaking';

export interface Change {
  /** Stable kebab-case id, named after oasdiff's checks where one exists. */
  readonly rule: string;
  readonly severity: Severity;
  /** Lower-case HTTP method; absent only for a change that belongs to no operation. */
  readonly method?: string;
  /** The new document's path template when it exists, else the old one. */
  readonly path?: string;
  /** JSON pointer to where it happened: into the new document if the thing is there, else the old. */
  readonly location: string;
  /** One readable sentence, plain text (renderers escape it). */
  readonly message: string;
}

export interface DiffSummary {
  /** Operations only in the new document. */
  readonly added: number;
  /** Operations only in the old document. */
  readonly removed: number;
  /** Operations in both with at least one change. */
  readonly changed: number;
  readonly breaking: number;
  readonly nonBreaking: number;
}

export interface DiffResult {
  /** Ordered by path, method (OpenAPI's order), rule, location, then message. */
  readonly changes: readonly Change[];
  readonly summary: DiffSummary;
}

/** Thrown by diffDocuments when an input is not an OpenAPI 3.0/3.1 document. */
export class InvalidDocumentError extends Error {
  readonly code = 'DOCGEN_INVALID_DOCUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDocumentError';
  }
}
