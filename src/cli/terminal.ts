/**
 * What the command tells a person (or a CI log): messages on stderr, results on stdout.
 * Colour only on a terminal, never with `NO_COLOR`, always with `FORCE_COLOR`; `--log-format
 * json` makes each stderr line one JSON object; a progress line only on an interactive stderr.
 */

export interface TerminalOptions {
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
}

type Level = 'info' | 'warn' | 'error' | 'debug';

const STYLES = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
export type Style = keyof typeof STYLES;

export function colorEnabled(fd: 1 | 2, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const stream = fd === 1 ? process.stdout : process.stderr;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export class Terminal {
  readonly color: { stdout: boolean; stderr: boolean };
  readonly #options: TerminalOptions;
  #progress: { label: string; started: number; timer: ReturnType<typeof setInterval> | undefined; shown: boolean } | undefined;

  constructor(options: TerminalOptions) {
    this.#options = options;
    this.color = { stdout: colorEnabled(1, options.env), stderr: colorEnabled(2, options.env) };
  }

  get verbose(): boolean {
    return this.#options.verbose;
  }

  paint(text: string, style: Style, fd: 1 | 2 = 2): string {
    if (!(fd === 1 ? this.color.stdout : this.color.stderr)) return text;
    const [open, close] = STYLES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }

  info(message: string, fields?: Record<string, unknown>): void {
    if (!this.#options.quiet) this.#log('info', message, fields);
  }

  debug(message: string): void {
    if (this.#options.verbose) this.#log('debug', message);
  }

  warn(message: string): void {
    this.#log('warn', message);
  }

  error(code: string, message: string, details: readonly string[] = []): void {
    this.#log('error', message, { code }, details);
  }

  /** A line that comes from elsewhere (the app, the child's docgen) and is passed on as it is. */
  passThrough(line: string): void {
    this.#write(2, line);
  }

  /** Results go to stdout, uncoloured unless stdout is a terminal. */
  out(text: string): void {
    this.#write(1, text.endsWith('\n') ? text.slice(0, -1) : text);
  }

  /** Shows `label` with the elapsed time after a moment, on an interactive stderr only. */
  startProgress(label: string): void {
    if (this.#options.quiet || this.#options.json || !process.stderr.isTTY) return;
    const progress = { label, started: Date.now(), timer: undefined as ReturnType<typeof setInterval> | undefined, shown: false };
    progress.timer = setInterval(() => {
      const seconds = ((Date.now() - progress.started) / 1000).toFixed(1);
      progress.shown = true;
      this.#raw(2, `\r\u001b[2K${this.paint('…', 'cyan')} ${label} ${this.paint(`${seconds}s`, 'dim')}`);
    }, 250);
    progress.timer.unref();
    this.#progress = progress;
  }

  stopProgress(): void {
    const progress = this.#progress;
    if (!progress) return;
    clearInterval(progress.timer);
    if (progress.shown) this.#raw(2, '\r\u001b[2K');
    this.#progress = undefined;
  }

  #log(level: Level, message: string, fields: Record<string, unknown> = {}, details: readonly string[] = []): void {
    if (this.#options.json) {
      const record = { timestamp: new Date().toISOString(), level, logger: 'docgen', message, ...fields, ...(details.length ? { details } : {}) };
      this.#write(2, JSON.stringify(record));
      return;
    }
    const prefix =
      level === 'error'
        ? this.paint(`docgen error${typeof fields.code === 'string' ? ` ${fields.code}` : ''}:`, 'red')
        : level === 'warn'
          ? this.paint('docgen warning:', 'yellow')
          : this.paint('docgen:', level === 'debug' ? 'dim' : 'bold');
    this.#write(2, `${prefix} ${message}`);
    for (const line of details) this.#write(2, `  ${this.paint(line, 'dim')}`);
  }

  #write(fd: 1 | 2, line: string): void {
    const progress = this.#progress;
    if (progress?.shown && fd === 2) this.#raw(2, '\r\u001b[2K');
    this.#raw(fd, line + '\n');
  }

  // Stream writes, not writeSync: a large result on a pipe would fail with EAGAIN. The command
  // never calls process.exit(), so everything written is flushed before the process ends.
  #raw(fd: 1 | 2, text: string): void {
    (fd === 1 ? process.stdout : process.stderr).write(text);
  }
}
