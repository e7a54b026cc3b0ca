/** `docgen validate <spec>`: the official schema first, then suggestions. */
import { renderReport, validateDocument } from '../../validate/index.js';
import { flag, stringOption, type OptionSpec, type Parsed } from '../args.js';
import { readDocument } from '../documents.js';
import { EXIT, usageError } from '../errors.js';
import type { Terminal } from '../terminal.js';

export const VALIDATE_OPTIONS = {
  format: { type: 'string', short: 'f' },
  strict: { type: 'boolean' },
} as const satisfies OptionSpec;

export const VALIDATE_HELP = `Usage: docgen validate <spec> [options]

Validates an OpenAPI document (JSON or YAML, 3.0 or 3.1) against the official schema, then
lists suggestions: operations without summary or responses, duplicate operationIds, path
parameters not declared, security schemes referenced but not defined, unused components.

Options:
  -f, --format <fmt>      text or json (default: text)
      --strict            warnings fail too
  -q, --quiet             print errors only
      --log-format <fmt>  text or json (docgen's own lines on stderr)
  -h, --help              this help

Exit codes: 0 valid, 1 errors found (or warnings with --strict), 2 usage, 3 the file is
missing, a directory, or not JSON/YAML.

Example:
  docgen validate openapi.yaml`;

export async function validate(parsed: Parsed, terminal: Terminal, cwd: string): Promise<number> {
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw usageError('validate takes one document: docgen validate <spec>');
  const format = stringOption(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw usageError(`--format must be text or json, not ${JSON.stringify(format)}`);
  const { document } = readDocument(file, cwd);
  const report = await validateDocument(document);
  const quiet = flag(parsed, 'quiet');
  const shown = quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error') } : report;
  if (format === 'json') terminal.out(JSON.stringify(shown, null, 2));
  else terminal.out(renderReport(shown, file, { color: terminal.color.stdout }));
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  if (!report.valid) return EXIT.checkFailed;
  if (flag(parsed, 'strict') && warnings > 0) return EXIT.checkFailed;
  return EXIT.ok;
}
