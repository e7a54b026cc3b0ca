/**
 * `docgen verify <document> -- <command>`: runs the command with docgen checking every exchange
 * every Node process of it serves against the document (src/learn/verify.ts), and prints each
 * contradiction once: an operation the document lacks, an undocumented status, a body that
 * breaks its schema, a missing required field, an undeclared query parameter. Nothing is
 * written. The document as a contract, in CI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describeFinding, Verifier, type VerifyFinding } from '../../learn/verify.js';
import { count } from '../../plural.js';
import { readDocument } from '../documents.js';
import type { OptionSpec, Parsed } from '../args.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { nothingSeen, runWithTraffic } from '../run-traffic.js';
import type { Terminal } from '../terminal.js';

export const VERIFY_OPTIONS = {} as const satisfies OptionSpec;

export const VERIFY_HELP = `Usage: docgen verify <document> -- <command> [arguments]

Runs <command> with docgen in every Node process it starts and checks every request the app
answers, and its response, against <document> (OpenAPI 3.1, JSON or YAML). Prints each
contradiction once, with how many exchanges showed it: an operation the document lacks, a
status it does not list, a body that breaks its schema (the JSON pointer of the first mismatch,
what the schema wants and the type that was seen: never the value), a missing required field,
an undeclared query parameter. Then which documented operations the traffic reached.

Options:
  -q, --quiet        only the contradictions
  -h, --help         this help

Exit codes: 0 the traffic agrees with the document; 1 a contradiction, no request seen, or the
command failed; 2 usage; 3 the document is missing or not OpenAPI.

Example:
  docgen verify openapi.json -- npm test`;

export async function verify(parsed: Parsed, terminal: Terminal, cwd: string): Promise<number> {
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw usageError('verify takes one document, then the command after --: docgen verify openapi.json -- npm test');
  const { document } = readDocument(file, cwd);
  try {
    new Verifier(document);
  } catch (error) {
    throw new CliError('DOCGEN_INVALID_DOCUMENT', `${file}: ${(error as Error).message}`, EXIT.input);
  }
  const documentPath = resolve(cwd, file);
  // The processes read the document themselves, as JSON: a private copy (a YAML one converted).
  const copyDir = mkdtempSync(join(tmpdir(), 'docgen-verify-'));
  const copy = join(copyDir, 'openapi.json');
  let run;
  try {
    writeFileSync(copy, JSON.stringify(document));
    run = await runWithTraffic(parsed.rest, cwd, { ...process.env, DOCGEN_VERIFY: copy });
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
  const silent = nothingSeen(run, parsed.rest);
  if (silent) throw new CliError('DOCGEN_NO_TRAFFIC', silent, EXIT.checkFailed);

  const findings = new Map<string, VerifyFinding & { count: number }>();
  for (const report of run.reports) {
    for (const finding of report.findings ?? []) {
      const { count: seen, ...rest } = finding;
      const key = JSON.stringify(rest);
      const known = findings.get(key);
      if (known) known.count += seen;
      else findings.set(key, { ...finding });
    }
  }
  const covered = new Set(run.reports.flatMap((r) => r.covered ?? []));
  const operations = documentOperations(document);
  const exchanges = run.reports.reduce((sum, r) => sum + r.exchanges, 0);
  const shown = relative(cwd, documentPath) || documentPath;
  for (const finding of [...findings.values()].sort((a, b) => describeFinding(a).localeCompare(describeFinding(b)))) {
    terminal.out(`✗ ${describeFinding(finding)} (${count(finding.count, 'exchange')})`);
  }
  const uncovered = operations.filter((op) => !covered.has(op));
  terminal.info(
    `${count(exchanges, 'exchange')} checked against ${shown}: ${count(findings.size, 'contradiction')}; ` +
      `${covered.size} of ${count(operations.length, 'operation')} reached by the traffic${uncovered.length ? `, not reached: ${uncovered.map(upper).join(', ')}` : ''}`,
  );
  if (run.status !== 0) {
    terminal.warn(`${parsed.rest.join(' ')} ${run.signal ? `was ended by ${run.signal}` : `exited with status ${run.status}`}`);
    return EXIT.checkFailed;
  }
  return findings.size > 0 ? EXIT.checkFailed : EXIT.ok;
}

const upper = (op: string): string => {
  const space = op.indexOf(' ');
  return `${op.slice(0, space).toUpperCase()}${op.slice(space)}`;
};

function documentOperations(document: Record<string, unknown>): string[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  return Object.keys(paths).flatMap((path) => methods.filter((m) => paths[path]?.[m]).map((m) => `${m} ${path}`));
}
