/**
 * `docgen generate` settings kept with the project: `docgen.config.json`, or a `docgen` key in
 * package.json, looked up in the working directory (or `--config <file>`). JSON only, so a
 * config never runs code. Flags win over the file. Paths in it are relative to the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from './errors.js';
import { reasonOf } from '../output/write-file.js';

export interface GenerateConfig {
  readonly entry?: string;
  readonly output?: string;
  readonly format?: readonly string[];
  readonly title?: string;
  readonly apiVersion?: string;
  readonly openapi?: string;
  readonly servers?: readonly string[];
  readonly timeout?: string;
}

export interface LoadedConfig {
  readonly config: GenerateConfig;
  /** Where it came from, for messages; undefined when there is none. */
  readonly source: string | undefined;
}

const KEYS: Record<keyof GenerateConfig, 'string' | 'strings' | 'path' | 'duration'> = {
  entry: 'path',
  output: 'path',
  format: 'strings',
  title: 'string',
  apiVersion: 'string',
  openapi: 'string',
  servers: 'strings',
  timeout: 'duration',
};

export function loadConfig(cwd: string, explicit: string | undefined): LoadedConfig {
  if (explicit) {
    const path = resolve(cwd, explicit);
    return { config: parseConfig(readJson(path, explicit), path, explicit), source: explicit };
  }
  const file = resolve(cwd, 'docgen.config.json');
  if (existsSync(file)) return { config: parseConfig(readJson(file, 'docgen.config.json'), file, 'docgen.config.json'), source: 'docgen.config.json' };
  const pkgFile = resolve(cwd, 'package.json');
  if (existsSync(pkgFile)) {
    const pkg = readJson(pkgFile, 'package.json');
    if (pkg && typeof pkg === 'object' && 'docgen' in pkg) {
      return { config: parseConfig((pkg as { docgen: unknown }).docgen, pkgFile, 'package.json "docgen"'), source: 'package.json' };
    }
  }
  return { config: {}, source: undefined };
}

function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError('DOCGEN_CONFIG_INVALID', `cannot read the config ${shown}: ${reasonOf(error)}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError('DOCGEN_CONFIG_INVALID', `the config ${shown} is not valid JSON: ${reasonOf(error)}`, EXIT.usage);
  }
}

function parseConfig(value: unknown, file: string, shown: string): GenerateConfig {
  const invalid = (why: string): CliError => new CliError('DOCGEN_CONFIG_INVALID', `the config ${shown}: ${why}`, EXIT.usage);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('must be an object');
  const config: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const kind = KEYS[key as keyof GenerateConfig];
    if (!kind) throw invalid(`unknown key ${JSON.stringify(key)} (known: ${Object.keys(KEYS).join(', ')})`);
    if (kind === 'strings') {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw invalid(`"${key}" must be a string or a list of strings`);
      config[key] = list;
    } else if (kind === 'duration') {
      if (typeof raw !== 'string' && typeof raw !== 'number') throw invalid(`"${key}" must be a duration such as "30s" or a number of seconds`);
      config[key] = String(raw);
    } else {
      if (typeof raw !== 'string' || raw === '') throw invalid(`"${key}" must be a non-empty string`);
      config[key] = kind === 'path' ? resolve(dirname(file), raw) : raw;
    }
  }
  return config as GenerateConfig;
}
