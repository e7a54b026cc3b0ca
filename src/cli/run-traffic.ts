/**
 * Runs the user's command (`npm test`, `node server.js`...) with docgen's preload in every Node
 * process it starts, learning from or verifying the traffic they serve (src/lifecycle/
 * learning.ts), and collects the report each process leaves. The command keeps the terminal
 * (stdin, stdout, stderr inherited); signals sent to docgen's own process are passed on to it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LearningReport } from '../lifecycle/learning.js';
import { CliError, EXIT } from './errors.js';
import { REGISTER_URL } from './run-app.js';

export interface TrafficRun {
  /** The command's exit status, or 128 + the signal's number when a signal ended it. */
  readonly status: number;
  readonly signal: NodeJS.Signals | null;
  readonly reports: readonly LearningReport[];
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function runWithTraffic(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TrafficRun> {
  if (command.length === 0) throw new CliError('DOCGEN_USAGE', 'no command to run: give it after --, e.g. docgen learn -- npm test', EXIT.usage);
  const reportDir = mkdtempSync(join(tmpdir(), 'docgen-traffic-'));
  try {
    // `--import` in NODE_OPTIONS reaches every Node process of the command (npm, the test
    // runner, its workers); each one with an app learns, the others stay silent.
    const nodeOptions = [env.NODE_OPTIONS, `--import=${REGISTER_URL}`].filter(Boolean).join(' ');
    const child = spawn(command[0]!, command.slice(1), { cwd, env: { ...env, NODE_OPTIONS: nodeOptions, DOCGEN_LEARN_REPORT: reportDir }, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const { status, signal } = await new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolvePromise, reject) => {
      child.on('error', (error) =>
        reject(new CliError('DOCGEN_COMMAND_FAILED', `cannot run ${command[0]}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : error.message}`, EXIT.input)),
      );
      child.on('close', (code, killedBy) => resolvePromise({ status: code, signal: killedBy }));
    }).finally(() => {
      for (const s of FORWARDED_SIGNALS) process.removeListener(s, forward);
    });
    return { status: status ?? 128, signal, reports: readReports(reportDir) };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function readReports(dir: string): LearningReport[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as LearningReport];
      } catch {
        return [];
      }
    });
}

/** Why nothing was seen, when nothing was: said the same way by learn and verify. */
export function nothingSeen(run: TrafficRun, command: readonly string[]): string | undefined {
  const exchanges = run.reports.reduce((sum, r) => sum + r.exchanges, 0);
  const shown = command.join(' ');
  const frameworks = run.reports.some((r) => r.frameworks > 0);
  // Jest evaluates the app's modules itself: docgen follows its CommonJS loader (Jest 29, 30),
  // not its ES modules (src/loading/jest.ts). Requests may still have reached Node's HTTP server.
  if (run.reports.some((r) => r.jest) && !frameworks) {
    return `no request to an app docgen knows was seen: ${shown} runs Jest, and no Express, Koa or Hono was loaded where docgen could see it. docgen follows the CommonJS modules Jest 29 and 30 evaluate; ES modules under --experimental-vm-modules, or another Jest's runtime, load the app's modules unseen. Use CommonJS (or a transform to it) with Jest 29 or 30, run the tests with node --test, mocha or vitest, or start the app as a server of its own and send the requests to it`;
  }
  if (exchanges > 0) return undefined;
  if (!frameworks) return `no request was seen: no Node process of ${shown} loaded Express, Koa or Hono under docgen`;
  return `no request was seen: the app was loaded, but no request reached it while ${shown} ran`;
}
