/** `docgen tests <spec> -o <file>`: a runnable uvu smoke-test suite, one test per operation. */
import { basename, resolve } from 'node:path';
import { generateTests } from '../../testgen/index.js';
import { stringOption, type OptionSpec, type Parsed } from '../args.js';
import { readDocument, writeOutput } from '../documents.js';
import { EXIT, usageError } from '../errors.js';
import type { Terminal } from '../terminal.js';
import { count } from '../../plural.js';

export const TESTS_OPTIONS = {
  output: { type: 'string', short: 'o' },
  'base-url-env': { type: 'string' },
} as const satisfies OptionSpec;

export const TESTS_HELP = `Usage: docgen tests <spec> -o <file> [options]

Writes a runnable uvu smoke-test suite: one test per documented operation, which calls it
against the base URL in an environment variable, with example parameters, and checks that the
status is one the document declares. The suite is an ES module: name it .mjs unless your
package.json says "type": "module". Run it with: DOCGEN_BASE_URL=http://localhost:3000 node <file>

Options:
  -o, --output <file>       where to write the suite (default: stdout)
      --base-url-env <name> the variable holding the base URL (default: DOCGEN_BASE_URL)
  -h, --help                this help

Exit codes: 0 written, 2 usage, 3 the document is missing or invalid, 7 output not writable.

Example:
  docgen tests openapi.json -o test/smoke.test.mjs`;

export function tests(parsed: Parsed, terminal: Terminal, cwd: string): number {
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw usageError('tests takes one document: docgen tests <spec> -o <file>');
  const variable = stringOption(parsed, 'base-url-env') ?? 'DOCGEN_BASE_URL';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw usageError(`--base-url-env must be an environment variable name, not ${JSON.stringify(variable)}`);
  const { document } = readDocument(file, cwd);
  const suite = generateTests(document, { baseUrlVariable: variable, source: basename(file) });
  const output = stringOption(parsed, 'output');
  if (!output || output === '-') {
    terminal.out(suite);
    return EXIT.ok;
  }
  writeOutput(resolve(cwd, output), suite, output);
  const tests = (suite.match(/^test\(/gm) ?? []).length;
  terminal.info(`wrote ${output}: ${count(tests, 'test')}; run it with ${variable}=<base URL> node ${output}`);
  return EXIT.ok;
}
