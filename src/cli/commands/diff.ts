/** `docgen diff <old> <new>`: a migration guide between two documents, and a CI gate. */
import { resolve } from 'node:path';
import { diffDocuments, renderDiffJson, renderDiffMarkdown } from '../../diff/index.js';
import { stringOption, type OptionSpec, type Parsed } from '../args.js';
import { readDocument, writeOutput } from '../documents.js';
import { CliError, EXIT, usageError } from '../errors.js';
import type { Terminal } from '../terminal.js';
import { count } from '../../plural.js';

export const DIFF_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
} as const satisfies OptionSpec;

export const DIFF_HELP = `Usage: docgen diff <old> <new> [options]

Compares two OpenAPI documents (JSON or YAML, 3.0 or 3.1): operations added, removed and
changed, with parameters, request bodies and responses compared, each change classified as
breaking or not. Writes a migration guide.

Options:
  -f, --format <fmt>      markdown or json (default: markdown)
  -o, --output <file>     write it to a file (default: stdout)
      --fail-on <level>   breaking: exit 1 when a breaking change is found; any: on any change
  -q, --quiet             no summary line on stderr
      --log-format <fmt>  text or json
  -h, --help              this help

Exit codes: 0 compared (and nothing to fail on), 1 --fail-on matched, 2 usage, 3 a document
is missing or invalid, 7 output not writable.

Example:
  docgen diff main/openapi.json openapi.json --fail-on breaking -o API-CHANGES.md`;

export function diff(parsed: Parsed, terminal: Terminal, cwd: string): number {
  const [oldFile, newFile, ...extra] = parsed.positionals;
  if (!oldFile || !newFile || extra.length) throw usageError('diff takes two documents: docgen diff <old> <new>');
  const format = stringOption(parsed, 'format') ?? 'markdown';
  if (format !== 'markdown' && format !== 'json' && format !== 'md') throw usageError(`--format must be markdown or json, not ${JSON.stringify(format)}`);
  const failOn = stringOption(parsed, 'fail-on');
  if (failOn !== undefined && failOn !== 'breaking' && failOn !== 'any') throw usageError(`--fail-on must be breaking or any, not ${JSON.stringify(failOn)}`);

  const before = readDocument(oldFile, cwd);
  const after = readDocument(newFile, cwd);
  let result;
  try {
    result = diffDocuments(before.document, after.document);
  } catch (error) {
    throw new CliError('DOCGEN_INVALID_DOCUMENT', error instanceof Error ? error.message : String(error), EXIT.input);
  }
  const text = format === 'json' ? renderDiffJson(result) : renderDiffMarkdown(result, { old: oldFile, new: newFile });
  const output = stringOption(parsed, 'output');
  if (output && output !== '-') writeOutput(resolve(cwd, output), text, output);
  else terminal.out(text);

  const { summary } = result;
  terminal.info(
    `operations: ${summary.added} added, ${summary.removed} removed, ${summary.changed} changed; ` +
      `${terminal.paint(count(summary.breaking, 'breaking change'), summary.breaking ? 'red' : 'green')}, ${count(summary.nonBreaking, 'non-breaking change')}`,
  );
  const failing = failOn === 'breaking' ? summary.breaking : failOn === 'any' ? result.changes.length : 0;
  if (failing > 0) {
    terminal.error(failOn === 'breaking' ? 'DOCGEN_BREAKING_CHANGES' : 'DOCGEN_CHANGES', `${count(failing, failOn === 'breaking' ? 'breaking change' : 'change')} (--fail-on ${failOn})`);
    return EXIT.checkFailed;
  }
  return EXIT.ok;
}
