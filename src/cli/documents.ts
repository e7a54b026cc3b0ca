/**
 * Reading the documents given to `diff`, `validate` and `tests`, and writing every output file,
 * with the command's error codes: a missing file, a directory, bad JSON or YAML, an unwritable
 * output each end with one clear line.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocumentText } from '../output/yaml.js';
import { reasonOf, writeFileAtomic } from '../output/write-file.js';
import { CliError, EXIT } from './errors.js';

export interface LoadedDocument {
  readonly path: string;
  readonly document: Record<string, unknown>;
}

export function readDocument(file: string, cwd: string): LoadedDocument {
  const path = resolve(cwd, file);
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new CliError('DOCGEN_INPUT_IS_DIRECTORY', `${file} is a directory, not an OpenAPI document`, EXIT.input);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('DOCGEN_INPUT_NOT_FOUND', `cannot read ${file}: ${reasonOf(error)}`, EXIT.input);
  }
  let document: unknown;
  try {
    document = parseDocumentText(text, file);
  } catch (error) {
    // The parser's message names the file and the line; its code is the one given here.
    throw new CliError('DOCGEN_INVALID_DOCUMENT', error instanceof Error ? error.message : String(error), EXIT.input);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new CliError('DOCGEN_INVALID_DOCUMENT', `${file} does not hold an OpenAPI document (an object with an "openapi" field)`, EXIT.input);
  }
  const version = (document as { openapi?: unknown; swagger?: unknown }).openapi;
  if (typeof version !== 'string') {
    const swagger = (document as { swagger?: unknown }).swagger;
    throw new CliError(
      'DOCGEN_INVALID_DOCUMENT',
      swagger ? `${file} is a Swagger ${String(swagger)} document; docgen reads OpenAPI 3.0 and 3.1` : `${file} has no "openapi" field: it is not an OpenAPI document`,
      EXIT.input,
    );
  }
  return { path, document: document as Record<string, unknown> };
}

/** Writes an output atomically; a failure is the command's output error. */
export function writeOutput(path: string, text: string, shown: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    throw new CliError('DOCGEN_OUTPUT_UNWRITABLE', `cannot write ${shown}: ${reasonOf(error)}`, EXIT.output);
  }
}
