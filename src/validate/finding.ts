export interface Finding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** A JSON pointer into the document; `''` is the document itself. */
  readonly location: string;
  readonly message: string;
}
