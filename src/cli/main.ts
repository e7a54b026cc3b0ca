#!/usr/bin/env node
/**
 * The `docgen` command: `generate`, `diff`, `validate` and `tests`. Results go to stdout,
 * messages to stderr; every failure ends with one `docgen error CODE: ...` line and a
 * documented exit code. It never calls process.exit(): output is flushed before the end.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { namedPackageOf } from '../loading/package-info.js';
import { flag, logFormat, parseCommandLine, type OptionSpec, type Parsed } from './args.js';
import { CliError, EXIT, usageError } from './errors.js';
import { DIFF_HELP, DIFF_OPTIONS, diff } from './commands/diff.js';
import { GENERATE_HELP, GENERATE_OPTIONS, generate } from './commands/generate.js';
import { LEARN_HELP, LEARN_OPTIONS, learn } from './commands/learn.js';
import { TESTS_HELP, TESTS_OPTIONS, tests } from './commands/tests.js';
import { VALIDATE_HELP, VALIDATE_OPTIONS, validate } from './commands/validate.js';
import { VERIFY_HELP, VERIFY_OPTIONS, verify } from './commands/verify.js';
import { Terminal } from './terminal.js';

interface Command {
  readonly options: OptionSpec;
  readonly help: string;
  readonly summary: string;
  readonly run: (parsed: Parsed, terminal: Terminal, cwd: string) => number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  generate: { options: GENERATE_OPTIONS, help: GENERATE_HELP, summary: 'run an app without binding a port and write its OpenAPI documents', run: generate },
  diff: { options: DIFF_OPTIONS, help: DIFF_HELP, summary: 'compare two documents; classify breaking changes', run: diff },
  validate: { options: VALIDATE_OPTIONS, help: VALIDATE_HELP, summary: 'check a document against the OpenAPI schema, with suggestions', run: validate },
  tests: { options: TESTS_OPTIONS, help: TESTS_HELP, summary: 'write a uvu smoke-test suite from a document', run: tests },
  learn: { options: LEARN_OPTIONS, help: LEARN_HELP, summary: 'run a command (the app\'s tests) and learn schemas from the traffic it serves', run: learn },
  verify: { options: VERIFY_OPTIONS, help: VERIFY_HELP, summary: 'run a command and fail when its traffic contradicts a document', run: verify },
};

const VERSION = namedPackageOf(fileURLToPath(import.meta.url))?.version ?? '0.0.0';

const HELP = `Usage: docgen <command> [options]

OpenAPI documents for Express, Koa and Hono apps, from what they register.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Options:
  -h, --help     help (also: docgen <command> --help)
  -v, --version  docgen's version

To document an app while it runs instead: node --import docgen/register app.ts`;

export async function main(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && args[0] ? COMMANDS[args[0]] : undefined;
    process.stdout.write((topic ? topic.help : HELP) + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  // A terminal that cannot say anything else yet: text, not quiet, honouring NO_COLOR.
  let terminal = new Terminal({ quiet: false, verbose: false, json: args.includes('--log-format=json') || hasPair(args, '--log-format', 'json'), env });
  try {
    const command = COMMANDS[name];
    if (!command) throw usageError(`unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const parsed = parseCommandLine(args, command.options, name);
    if (flag(parsed, 'help')) {
      process.stdout.write(command.help + '\n');
      return EXIT.ok;
    }
    terminal = new Terminal({ quiet: flag(parsed, 'quiet'), verbose: flag(parsed, 'verbose'), json: logFormat(parsed) === 'json', env });
    return await command.run(parsed, terminal, cwd);
  } catch (error) {
    if (error instanceof CliError) {
      terminal.error(error.code, error.message, error.details);
      return error.exitCode;
    }
    terminal.error('DOCGEN_INTERNAL', `docgen failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.internal;
  }
}

function hasPair(args: readonly string[], option: string, value: string): boolean {
  const i = args.indexOf(option);
  return i !== -1 && args[i + 1] === value;
}

// A reader that stops early (`docgen diff a b | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Run when started as the `docgen` bin (through npm's symlink too), not when imported.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2), process.cwd(), process.env);
}
