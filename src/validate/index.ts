/**
 * `docgen validate`: the official OpenAPI schema first, then the lint rules (./lint.ts).
 */
import type { Finding } from './finding.js';
import { inRuleOrder, lint } from './lint.js';
import { error, schemaErrors } from './schema.js';
import { schemaObjectFindings } from './schema-objects.js';
import { isObject, openApiVersion } from './spec.js';
import { count } from '../plural.js';

export type { Finding } from './finding.js';
export { RULES } from './lint.js';

export interface ValidationReport {
  readonly version: '3.0' | '3.1' | undefined;
  /** Schema-valid and no error-severity finding. */
  readonly valid: boolean;
  readonly schemaErrors: readonly Finding[];
  /** The lint rules' findings: errors first, then by rule, then in document order. */
  readonly findings: readonly Finding[];
}

export async function validateDocument(document: unknown): Promise<ValidationReport> {
  const version = openApiVersion(document);
  if (!isObject(document) || version === undefined) {
    return { version: undefined, valid: false, schemaErrors: [unsupported(document)], findings: [] };
  }
  // 3.1's official schema takes any object as a Schema Object: each one is checked against its
  // JSON Schema dialect too. 3.0's official schema spells out the Schema Object already.
  const dialect = version === '3.1' ? schemaObjectFindings(document) : { errors: [], warnings: [] };
  const schema = [...(await schemaErrors(document)), ...dialect.errors];
  const findings = inRuleOrder([...dialect.warnings, ...lint(document, version)]);
  const valid = schema.length === 0 && !findings.some((f) => f.severity === 'error');
  return { version, valid, schemaErrors: schema, findings };
}

function unsupported(document: unknown): Finding {
  if (!isObject(document)) return error('', `the document must be an object, not ${Array.isArray(document) ? 'an array' : document === null ? 'null' : typeof document}`);
  if (document.swagger !== undefined) {
    return error('/swagger', `Swagger ${JSON.stringify(document.swagger)} documents are not supported; convert it to OpenAPI 3.0 or 3.1 first`);
  }
  if (document.openapi === undefined) return error('', "missing the 'openapi' field: not an OpenAPI 3.0/3.1 document");
  return error('/openapi', `OpenAPI ${JSON.stringify(document.openapi)} is not supported: the version must be 3.0.x or 3.1.x`);
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', dim: '\u001b[2m', reset: '\u001b[0m' } as const;

/**
 * One line per finding (schema errors first), columns aligned:
 * `error    /paths/~1a/get  duplicate-operation-id  ...`, then `N errors, M warnings`.
 */
export function renderReport(report: ValidationReport, source: string, opts: { color: boolean }): string {
  const all = [...report.schemaErrors, ...report.findings];
  const rows = all.map((f) => ({ f, location: printable(f.location === '' ? '(document)' : f.location), message: printable(f.message) }));
  const width = (pick: (r: (typeof rows)[number]) => string): number => Math.max(0, ...rows.map((r) => pick(r).length));
  const locationWidth = width((r) => r.location);
  const ruleWidth = width((r) => r.f.rule);
  const paint = (text: string, color: string): string => (opts.color ? `${color}${text}${COLORS.reset}` : text);
  const lines = rows.map(({ f, location, message }) =>
    [paint(f.severity.padEnd(7), COLORS[f.severity]), location.padEnd(locationWidth), paint(f.rule.padEnd(ruleWidth), COLORS.dim), message].join('  '),
  );
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  const version = report.version ? `OpenAPI ${report.version}` : 'not OpenAPI 3.0/3.1';
  const verdict = report.valid ? 'valid' : 'invalid';
  return [`${printable(source)} (${version}): ${verdict}`, ...lines, `${count(errors, 'error')}, ${count(warnings, 'warning')}`].join('\n');
}

/** Keys and values come from the document: control characters must not reach the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
