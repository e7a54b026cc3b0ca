/**
 * `docgen generate <entry>`: runs the app in introspection mode (no port bound) and writes its
 * documents in the formats asked for. Each app of the process gets its own files, as with the
 * preload: `openapi.json`, `openapi-2.json`, ...
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { downgradeTo30 } from '../../openapi/downgrade.js';
import { renderHtml } from '../../output/html.js';
import { renderMarkdown } from '../../output/markdown.js';
import { toYaml } from '../../output/yaml.js';
import { flag, listOption, parseDuration, stringOption, type OptionSpec, type Parsed } from '../args.js';
import { loadConfig } from '../config.js';
import { writeOutput } from '../documents.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { runApp, type AppRun } from '../run-app.js';
import { locateSyntaxError } from '../syntax-error.js';
import { count } from '../../plural.js';
import type { RunResult } from '../../session.js';
import type { Terminal } from '../terminal.js';

export const GENERATE_OPTIONS = {
  output: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f', multiple: true },
  title: { type: 'string' },
  'api-version': { type: 'string' },
  openapi: { type: 'string' },
  server: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  config: { type: 'string' },
} as const satisfies OptionSpec;

export const GENERATE_HELP = `Usage: docgen generate <entry> [options] [-- <app arguments>]

Runs <entry> (JavaScript or TypeScript, ESM or CommonJS) under docgen's preload in a child
process, in introspection mode: listen() and Deno.serve() bind no port, and the run ends once
the app's start-up has settled. Writes one document per Express, Koa or Hono app.

Options:
  -o, --output <path>     output file or base name (default: openapi); a directory gets
                          openapi.<ext> inside; "-" writes one format to stdout
  -f, --format <list>     json, yaml, markdown, html; repeat or comma-separate for several
                          (default: from the output's extension, else json)
      --title <text>      info.title (default: the package name)
      --api-version <v>   info.version (default: the package version)
      --openapi <3.1|3.0> OpenAPI version of the output (default: 3.1)
      --server <url>      a servers entry; repeatable (the HTML playground calls the first)
      --timeout <time>    how long start-up may take: 30, 30s, 1500ms, 2m (default: 60s)
      --config <file>     settings file (default: docgen.config.json, else package.json "docgen")
  -q, --quiet             only warnings and errors
      --verbose           also the app's own output and docgen's progress lines
      --log-format <fmt>  text or json (one JSON object per line on stderr)
      --performance-metrics  print docgen's step durations and memory
  -h, --help              this help

Exit codes: 0 written, 2 usage, 3 entry not found, 4 the app failed during start-up,
5 no app found, 6 timeout, 7 output not writable.

Example:
  docgen generate src/app.ts -f json,yaml,html -o docs/openapi --server https://api.example.com`;

const FORMATS = { json: '.json', yaml: '.yaml', markdown: '.md', html: '.html' } as const;
type Format = keyof typeof FORMATS;
const FORMAT_ALIASES: Record<string, Format> = { json: 'json', yaml: 'yaml', yml: 'yaml', markdown: 'markdown', md: 'markdown', html: 'html' };
const EXTENSION_FORMATS: Record<string, Format> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

interface Settings {
  readonly entry: string;
  readonly args: readonly string[];
  /** Output path without extension, or `-` for stdout. */
  readonly base: string;
  readonly formats: readonly Format[];
  readonly title: string | undefined;
  readonly apiVersion: string | undefined;
  readonly openapi: '3.0' | '3.1';
  readonly servers: readonly string[];
  readonly timeoutMs: number;
}

export async function generate(parsed: Parsed, terminal: Terminal, cwd: string): Promise<number> {
  const started = performance.now();
  const settings = resolveSettings(parsed, cwd);
  checkEntry(settings.entry, cwd);
  const workDir = mkdtempSync(join(tmpdir(), 'docgen-generate-'));
  let run: AppRun;
  try {
    // The child writes its trace privately; it is put beside the outputs (as the preload's goes
    // beside its document) only once they are written: a failed run leaves nothing behind.
    const env = { ...process.env, DOCGEN_TRACE_OUTPUT: join(workDir, 'trace.json') };
    const traceTarget = process.env.DOCGEN_TRACE_OUTPUT ? resolve(cwd, process.env.DOCGEN_TRACE_OUTPUT) : settings.base === '-' ? undefined : `${settings.base}.trace.json`;
    terminal.startProgress(`running ${relative(cwd, settings.entry) || settings.entry} in introspection mode`);
    try {
      run = await runApp({ entry: settings.entry, args: settings.args, cwd, env, timeoutMs: settings.timeoutMs, workDir, terminal, performanceMetrics: flag(parsed, 'performance-metrics') });
    } finally {
      terminal.stopProgress();
    }
    checkRun(run, settings, cwd);
    const written = writeDocuments(run, settings, terminal, cwd);
    const result = run.result!;
    const trace = placeTrace(join(workDir, 'trace.json'), traceTarget, cwd) ?? (result.trace?.startsWith('trace: ') ? undefined : result.trace);
    const operations = result.documents.reduce((sum, d) => sum + d.operations, 0);
    const apps = result.documents.length;
    terminal.info(
      `wrote ${written.join(', ')}: ${count(operations, 'operation')} from ${count(apps, 'app')}${trace ? `; ${trace}` : ''} [${result.traceId}]`,
    );
    if (flag(parsed, 'performance-metrics')) {
      terminal.info(`performance docgen.generate: total ${Math.round(performance.now() - started)} ms (the app's run included), rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MiB`);
    }
    return EXIT.ok;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function resolveSettings(parsed: Parsed, cwd: string): Settings {
  const { config, source } = loadConfig(cwd, stringOption(parsed, 'config'));
  if (parsed.positionals.length > 1) throw usageError(`generate takes one entry file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')} (app arguments go after --)`);
  const entryArg = parsed.positionals[0] ?? config.entry;
  if (!entryArg) throw usageError(`no entry file: docgen generate <entry>${source ? ` (or "entry" in ${source})` : ''}`);

  const output = stringOption(parsed, 'output') ?? config.output ?? 'openapi';
  const requested = (listOption(parsed, 'format') ?? config.format ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const formats = requested.map((name) => {
    const format = FORMAT_ALIASES[name.toLowerCase()];
    if (!format) throw usageError(`unknown format ${JSON.stringify(name)}: use json, yaml, markdown or html`);
    return format;
  });
  let base = output === '-' ? '-' : resolve(cwd, output);
  const ext = output === '-' ? '' : extname(base).toLowerCase();
  const extFormat = EXTENSION_FORMATS[ext];
  if (extFormat) base = base.slice(0, -ext.length);
  else if (base !== '-' && isDirectory(base)) base = join(base, 'openapi');
  if (formats.length === 0) formats.push(extFormat ?? 'json');
  const unique = [...new Set(formats)];
  if (base === '-' && unique.length > 1) throw usageError('-o - writes one format to stdout; give one --format');

  const openapi = stringOption(parsed, 'openapi') ?? config.openapi ?? '3.1';
  const major = /^3\.[01](\.\d+)?$/.test(openapi) ? (openapi.slice(0, 3) as '3.0' | '3.1') : undefined;
  if (!major) throw usageError(`--openapi must be 3.1 or 3.0, not ${JSON.stringify(openapi)}`);

  const servers = listOption(parsed, 'server') ?? [...(config.servers ?? [])];
  for (const server of servers) {
    if (!server.startsWith('/') && !URL.canParse(server)) throw usageError(`--server takes a URL such as https://api.example.com or /v1, not ${JSON.stringify(server)}`);
  }
  const timeout = stringOption(parsed, 'timeout') ?? config.timeout ?? '60s';
  return {
    entry: resolve(cwd, entryArg),
    args: parsed.rest,
    base,
    formats: unique,
    title: stringOption(parsed, 'title') ?? config.title,
    apiVersion: stringOption(parsed, 'api-version') ?? config.apiVersion,
    openapi: major,
    servers,
    timeoutMs: parseDuration(timeout, '--timeout'),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function checkEntry(entry: string, cwd: string): void {
  const shown = relative(cwd, entry) || entry;
  let isFile: boolean;
  try {
    isFile = statSync(entry).isFile();
  } catch {
    throw new CliError('DOCGEN_ENTRY_NOT_FOUND', `the entry ${shown} does not exist`, EXIT.input);
  }
  if (!isFile) throw new CliError('DOCGEN_ENTRY_NOT_FOUND', `the entry ${shown} is not a file (give the file that starts the app)`, EXIT.input);
}

/** Turns how the child ended into the command's errors; returns when there is something to write. */
function checkRun(run: AppRun, settings: Settings, cwd: string): void {
  const { result } = run;
  const tail = run.appOutput.length ? ['the app\'s last output:', ...run.appOutput] : [];
  if (run.interrupted) {
    throw new CliError('DOCGEN_INTERRUPTED', `interrupted by ${run.interrupted}: the app was stopped and nothing was written`, 128 + constants.signals[run.interrupted]);
  }
  if (run.timedOut) {
    throw new CliError(
      'DOCGEN_TIMEOUT',
      `the app's start-up did not settle within ${settings.timeoutMs / 1000}s: it neither called listen() nor let its event loop run dry (raise --timeout, or see what it waits for with --verbose)`,
      EXIT.timeout,
      tail,
    );
  }
  if (result?.crashed) {
    const error = result.error;
    throw new CliError('DOCGEN_APP_THREW', `the app threw during start-up: ${error ? `${error.name}: ${error.message}` : 'an unknown error'}`, EXIT.appFailed, crashDetails(error, settings.entry, cwd, tail));
  }
  const status = result?.exitCode ?? run.status;
  if (run.signal || status !== 0 || !result) {
    const how = run.signal ? `was killed by ${run.signal}` : status !== 0 && status !== null ? `exited with status ${status}` : 'ended before docgen could report';
    throw new CliError('DOCGEN_APP_EXITED', `the app ${how} during start-up`, EXIT.appFailed, tail);
  }
  if (result.documents.length === 0) {
    const seen = result.frameworks.length ? `it loaded ${result.frameworks.join(', ')} but created no app` : 'it loaded none of express, koa, @koa/router, koa-router or hono';
    throw new CliError('DOCGEN_NO_APP', `no Express, Koa or Hono app found in ${settings.entry}: ${seen}`, EXIT.noApp);
  }
  if (settings.base === '-' && result.documents.length > 1) throw usageError(`the process created ${result.documents.length} apps: -o - writes one document; give an output file`);
}

/**
 * What is shown under a crash: where it happened, then the stack's first frames. A SyntaxError
 * is looked for in the app's files (file:line:column, the line and a caret). Otherwise a stack
 * Node decorated (a CommonJS compile error) starts with the file and line, the source line and
 * a caret, before `Name: message`, and those lines are kept; an ES module's SyntaxError has no
 * location on the error, and the app's own output, where Node printed it, is shown instead.
 */
function crashDetails(error: RunResult['error'], entry: string, cwd: string, tail: readonly string[]): string[] {
  const lines = (error?.stack ?? '').split('\n');
  const headline = error ? lines.indexOf(`${error.name}: ${error.message}`) : -1;
  const decoration = lines.slice(0, Math.max(headline, 0)).filter((line) => line.trim() !== '');
  const frames = lines.slice(headline + 1, headline + 7).map((line) => line.trim());
  const located = error?.name === 'SyntaxError' ? locateSyntaxError(entry, cwd) : undefined;
  if (located) return [`at ${located.where}`, ...located.excerpt];
  if (decoration.length > 0 || error?.name !== 'SyntaxError') return [...decoration, ...frames];
  return [...tail];
}

/** Writes every format of every document; returns the files written, as shown to the user. */
function writeDocuments(run: AppRun, settings: Settings, terminal: Terminal, cwd: string): string[] {
  const written: string[] = [];
  run.result!.documents.forEach((produced, index) => {
    const document = finalize(JSON.parse(readFileSync(produced.path, 'utf8')) as Record<string, unknown>, settings, terminal);
    for (const format of settings.formats) {
      const text = render(document, format);
      if (settings.base === '-') {
        terminal.out(text);
        written.push('stdout');
        continue;
      }
      const path = `${index === 0 ? settings.base : `${settings.base}-${index + 1}`}${FORMATS[format]}`;
      const shown = relative(cwd, path).startsWith('..') ? path : relative(cwd, path);
      writeOutput(path, text, shown);
      written.push(shown);
    }
  });
  return written;
}

/** Moves the child's trace file (if it wrote one) into place; returns the summary's words for it. */
function placeTrace(written: string, target: string | undefined, cwd: string): string | undefined {
  if (!target || !existsSync(written)) return undefined;
  const shown = relative(cwd, target).startsWith('..') ? target : relative(cwd, target);
  writeOutput(target, readFileSync(written, 'utf8'), shown);
  return `trace: ${shown}`;
}

/** Applies --title, --api-version, --server and --openapi to a document the preload wrote. */
function finalize(document: Record<string, unknown>, settings: Settings, terminal: Terminal): Record<string, unknown> {
  const info = { ...(document.info as Record<string, unknown>) };
  if (settings.title !== undefined) info.title = settings.title;
  if (settings.apiVersion !== undefined) info.version = settings.apiVersion;
  const { openapi, info: _info, servers, ...rest } = document;
  const ordered: Record<string, unknown> = {
    openapi,
    info,
    ...(settings.servers.length ? { servers: settings.servers.map((url) => ({ url })) } : servers ? { servers } : {}),
    ...rest,
  };
  if (settings.openapi === '3.1') return ordered;
  const downgraded = downgradeTo30(ordered);
  for (const warning of downgraded.warnings) terminal.warn(`OpenAPI 3.0: ${warning}`);
  return downgraded.document as Record<string, unknown>;
}

function render(document: Record<string, unknown>, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(document, null, 2) + '\n';
    case 'yaml':
      return toYaml(document);
    case 'markdown':
      return renderMarkdown(document);
    case 'html':
      return renderHtml(document, {});
  }
}
