/**
 * Runs the app's entry under the preload in introspection mode, in a child process: no port is
 * bound, and the child ends once the app's start-up has settled. The child's docgen lines come
 * as JSON on stderr and are told apart from the app's own output, which is shown with
 * `--verbose` and kept (its last lines) to explain a failure.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunResult } from '../session.js';
import type { Terminal } from './terminal.js';

export interface AppRunOptions {
  readonly entry: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** A private directory for the child's documents and result. */
  readonly workDir: string;
  readonly terminal: Terminal;
  readonly performanceMetrics: boolean;
}

export interface AppRun {
  /** Undefined when the child ended before docgen could write it (killed, or docgen failed). */
  readonly result: RunResult | undefined;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The signal the command itself received while the app ran (it was passed on to the app). */
  readonly interrupted: NodeJS.Signals | undefined;
  /** The app's last lines of output, stdout and stderr interleaved. */
  readonly appOutput: readonly string[];
}

const KEPT_LINES = 20;
/**
 * Signals sent to the command's own process (`kill <pid>`, a CI runner cancelling a job) are
 * passed on to the app, which writes what it registered and ends as it would; one that has not
 * ended this long after is killed. Ctrl-C reaches both already: passing it on again is harmless.
 */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const FORWARD_GRACE_MS = 900;
/** After SIGTERM (which writes what was registered), the child gets this long before SIGKILL. */
const KILL_GRACE_MS = 3000;

export const REGISTER_URL = new URL('../register.js', import.meta.url).href;

export function runApp(options: AppRunOptions): Promise<AppRun> {
  const { terminal } = options;
  const resultPath = join(options.workDir, 'result.json');
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    DOCGEN_INTROSPECT: '1',
    DOCGEN_RESULT: resultPath,
    DOCGEN_OUTPUT: join(options.workDir, 'openapi.json'),
    DOCGEN_LOG_FORMAT: 'json',
    DOCGEN_QUIET: '0',
    ...(options.performanceMetrics ? { DOCGEN_PERFORMANCE_METRICS: '1' } : {}),
  };
  const child = spawn(process.execPath, ['--import', REGISTER_URL, options.entry, ...options.args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const appOutput: string[] = [];
  const keep = (line: string): void => {
    appOutput.push(line);
    if (appOutput.length > KEPT_LINES) appOutput.shift();
    if (terminal.verbose) terminal.passThrough(line);
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', (line) => {
    const record = docgenRecord(line);
    if (record) passOn(record, terminal, options.performanceMetrics);
    else keep(line);
  });

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }, options.timeoutMs);

  let interrupted: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), FORWARD_GRACE_MS).unref();
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  const stopForwarding = (): void => {
    clearTimeout(timer);
    for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, forward);
  };

  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      stopForwarding();
      reject(error);
    });
    child.on('close', (status, signal) => {
      stopForwarding();
      resolvePromise({ result: readResult(resultPath), status, signal, timedOut, interrupted, appOutput });
    });
  });
}

interface DocgenRecord {
  readonly level: string;
  readonly message: string;
}

function docgenRecord(line: string): DocgenRecord | undefined {
  if (!line.startsWith('{') || !line.includes('"logger":"docgen"')) return undefined;
  try {
    const record = JSON.parse(line) as Partial<DocgenRecord> & { logger?: unknown };
    return record.logger === 'docgen' && typeof record.message === 'string' && typeof record.level === 'string' ? (record as DocgenRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The child's warnings and errors always reach the user; its info lines only with --verbose,
 * except the performance lines asked for. Its "wrote ..." lines name private files: the command
 * prints its own summary instead.
 */
function passOn(record: DocgenRecord, terminal: Terminal, performanceMetrics: boolean): void {
  if (record.level === 'warn') terminal.warn(record.message);
  else if (record.level === 'error') terminal.error('DOCGEN_PRELOAD', record.message);
  else if (performanceMetrics && record.message.startsWith('performance ')) terminal.info(record.message);
  else if (!record.message.startsWith('wrote ')) terminal.debug(record.message);
}

function readResult(path: string): RunResult | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunResult;
  } catch {
    return undefined;
  }
}
