/**
 * `docgen generate <entry>`: runs the app in introspection mode (no port bound) and writes its
 * documents in the formats asked for. Each app of the process gets its own files, as with the
 * preload: `openapi.json`, `openapi-2.json`, ...
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    const env = { ...process.env };
    // The trace goes beside the outputs, like the preload's goes beside its document.
    if (!env.DOCGEN_TRACE_OUTPUT && settings.base !== '-') env.DOCGEN_TRACE_OUTPUT = `${settings.base}.trace.json`;
    terminal.startProgress(`running ${relative(cwd, settings.entry) || settings.entry} in introspection mode`);
    try {
      run = await runApp({ entry: settings.entry, args: settings.args, cwd, env, timeoutMs: settings.timeoutMs, workDir, terminal, performanceMetrics: flag(parsed, 'performance-metrics') });
    } finally {
      terminal.stopProgress();
    }
    checkRun(run, settings);
    const written = writeDocuments(run, settings, terminal, cwd);
    const result = run.result!;
    const operations = result.documents.reduce((sum, d) => sum + d.operations, 0);
    const apps = result.documents.length;
    terminal.info(
      `wrote ${written.join(', ')}: ${operations} operation${operations === 1 ? '' : 's'} from ${apps} app${apps === 1 ? '' : 's'}${result.trace ? `; ${result.trace}` : ''} [${result.traceId}]`,
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
function checkRun(run: AppRun, settings: Settings): void {
  const { result } = run;
  const tail = run.appOutput.length ? ['the app\'s last output:', ...run.appOutput] : [];
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
    const stack = (error?.stack ?? '').split('\n').slice(1, 7).map((line) => line.trim());
    throw new CliError('DOCGEN_APP_THREW', `the app threw during start-up: ${error ? `${error.name}: ${error.message}` : 'an unknown error'}`, EXIT.appFailed, stack);
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
