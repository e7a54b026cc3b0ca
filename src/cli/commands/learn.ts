/**
 * `docgen learn [-o openapi.json] [--fresh] -- <command>`: runs the command (the app's own
 * tests, a server and a script that calls it) with docgen learning from the traffic every Node
 * process of it serves, and writes the document with what was learned (src/lifecycle/
 * learning.ts). What is learned accumulates in `<output>.learned.json` across runs.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { learnedStorePath, readLearnedStore, removeLearnedStore } from '../../learn/store.js';
import { learnedCounts } from '../../learn/learned.js';
import { count } from '../../plural.js';
import { flag, stringOption, type OptionSpec, type Parsed } from '../args.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { nothingSeen, runWithTraffic } from '../run-traffic.js';
import type { Terminal } from '../terminal.js';

export const LEARN_OPTIONS = {
  output: { type: 'string', short: 'o' },
  fresh: { type: 'boolean' },
  examples: { type: 'boolean' },
} as const satisfies OptionSpec;

export const LEARN_HELP = `Usage: docgen learn [options] -- <command> [arguments]

Runs <command> with docgen in every Node process it starts, learning from the requests the app
answers (its own tests with supertest or app.request(), a server and the requests sent to it),
and writes the OpenAPI document with what was learned: parameters, request bodies, responses by
status, security schemes. What the app declares (validators, JSDoc) always wins. No value seen
in traffic is kept: only shapes and counts, in <output>.learned.json, which accumulates across
runs.

Options:
  -o, --output <path>   the document (default: openapi.json, or DOCGEN_OUTPUT)
      --fresh           forget what earlier runs learned (removes <output>.learned.json first)
      --examples        keep one redacted example per schema (DOCGEN_LEARN_EXAMPLES=1)
  -q, --quiet           only warnings and errors
  -h, --help            this help

Exit codes: the command's own status (its tests' verdict); 1 when no request was seen;
2 usage.

Examples:
  docgen learn -- npm test
  docgen learn --fresh -o docs/openapi.json -- node --test test/`;

export async function learn(parsed: Parsed, terminal: Terminal, cwd: string): Promise<number> {
  if (parsed.positionals.length > 0) throw usageError(`learn takes the command after --: docgen learn -- ${parsed.positionals.join(' ')}`);
  const output = resolve(cwd, stringOption(parsed, 'output') ?? process.env.DOCGEN_OUTPUT ?? 'openapi.json');
  const store = learnedStorePath(output);
  const warn = (message: string): void => terminal.warn(message);
  if (flag(parsed, 'fresh') && existsSync(store)) removeLearnedStore(store, { warn });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCGEN_LEARN: '1',
    // A test suite is learned whole: its throughput is not what matters, and a sample of a
    // suite's exchanges would vary from run to run. The budget is for a server under load.
    DOCGEN_LEARN_BUDGET: process.env.DOCGEN_LEARN_BUDGET ?? '1',
    DOCGEN_OUTPUT: output,
    ...(flag(parsed, 'examples') ? { DOCGEN_LEARN_EXAMPLES: '1' } : {}),
  };
  const run = await runWithTraffic(parsed.rest, cwd, env);
  const shown = relative(cwd, output).startsWith('..') ? output : relative(cwd, output);
  const silent = nothingSeen(run, parsed.rest);
  if (silent) throw new CliError('DOCGEN_NO_TRAFFIC', silent, EXIT.checkFailed);
  const exchanges = run.reports.reduce((sum, r) => sum + r.exchanges, 0);
  const learned = learnedCounts(readLearnedStore(store, { warn }));
  const written = run.reports.some((r) => r.documents.includes(output));
  terminal.info(
    `learned from ${count(exchanges, 'exchange')} in ${count(run.reports.filter((r) => r.exchanges > 0).length, 'process', 'processes')}: ` +
      `${written ? `wrote ${shown}` : `${shown} was not written`}; ${relative(cwd, store) || store} holds ${count(learned.operations, 'operation')} from ${count(learned.exchanges, 'exchange')} so far`,
  );
  if (run.status !== 0) terminal.warn(`${parsed.rest.join(' ')} ${run.signal ? `was ended by ${run.signal}` : `exited with status ${run.status}`}`);
  return run.status;
}
