/**
 * Command-line parsing with node:util's parseArgs (no dependency): strict, so an unknown flag
 * or a missing value is a usage error that names the flag, never silently ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  'log-format': { type: 'string' },
  'performance-metrics': { type: 'boolean' },
} as const satisfies OptionSpec;

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
  /** What came after `--`, passed on untouched (to the app, for `generate`). */
  readonly rest: string[];
}

export function parseCommandLine(args: readonly string[], options: OptionSpec, command: string): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw usageError(`${message} (see: docgen ${command} --help)`);
  }
  const terminator = parsed.tokens.find((token) => token.kind === 'option-terminator');
  const positionals: string[] = [];
  const rest: string[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'positional') continue;
    (terminator && token.index > terminator.index ? rest : positionals).push(token.value);
  }
  return { values: parsed.values, positionals, rest };
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(parsed: Parsed, name: string): string[] | undefined {
  const value = parsed.values[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/** `--log-format text|json` */
export function logFormat(parsed: Parsed): 'text' | 'json' {
  const value = stringOption(parsed, 'log-format') ?? 'text';
  if (value !== 'text' && value !== 'json') throw usageError(`--log-format must be text or json, not ${JSON.stringify(value)}`);
  return value;
}

/** `30` (seconds), `30s`, `1500ms`, `2m`. */
export function parseDuration(value: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw usageError(`${option} takes a duration such as 30, 30s, 1500ms or 2m, not ${JSON.stringify(value)}`);
  const amount = Number(match[1]);
  const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
  if (ms <= 0) throw usageError(`${option} must be more than zero`);
  return Math.round(ms);
}
