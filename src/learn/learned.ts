/**
 * The learned state of one document: each operation's state by path template and method, and
 * the traffic that reached no documented operation (by method and value-free path shape). The
 * `Learner` builds it from Exchanges in one process; `mergeLearned` joins states from several
 * (commutative and associative); `serializeLearned` / `parseLearned` are the store's versioned
 * file format, written with a stable key order so that equal states are equal bytes.
 */
import { isOpenApiMethod } from '../openapi/json.js';
import { child } from '../openapi/json-pointer.js';
import type { Exchange, ExchangeSink } from './exchange.js';
import {
  cloneOperation,
  emptyOperation,
  mergeOperationInto,
  observeExchange,
  operationFromJson,
  operationToJson,
  SKIP_REASONS,
  stripExamples,
  type LearnOptions,
  type OperationState,
} from './operation.js';
import { isValueLikeName } from './names.js';
import { countAt, dict, objectAt, ShapeFormatError } from './shape.js';

/** The store file's format name and version: a reader refuses other names and newer versions. */
export const LEARNED_FORMAT = 'docgen-learned';
export const LEARNED_VERSION = 1;

export interface LearnedState {
  /** Path template -> lower-case method -> state. */
  paths: Record<string, Record<string, OperationState>>;
  /** `"get /users/{}/avatar"` (an Exchange's `unmatchedPath`) -> exchanges. */
  unmatched: Record<string, number>;
}

export function emptyLearned(): LearnedState {
  return { paths: dict(), unmatched: dict() };
}

/** Learns from the Exchanges of one process. `observe` never throws: the capture calls it. */
export class Learner {
  readonly state: LearnedState = emptyLearned();
  readonly #options: LearnOptions;
  /** Exchanges the learner could not use (a shape it does not know); counted, never thrown. */
  failures = 0;

  constructor(options: LearnOptions = {}) {
    this.#options = { examples: options.examples === true };
  }

  /** The sink to hand the capture. */
  readonly sink: ExchangeSink = (exchange) => this.observe(exchange);

  observe(exchange: Exchange): void {
    // Checked before anything changes: a malformed Exchange leaves no half-counted operation.
    if (!isExchange(exchange)) {
      this.failures++;
      return;
    }
    try {
      const method = exchange.method.toLowerCase();
      // A method OpenAPI has no field for (PROPFIND) cannot be a documented operation either.
      if (exchange.path === null || !isOpenApiMethod(method)) {
        const key = `${method} ${valueFreePath(exchange.path ?? exchange.unmatchedPath ?? '/')}`;
        this.state.unmatched[key] = (this.state.unmatched[key] ?? 0) + 1;
        return;
      }
      const item = (this.state.paths[exchange.path] ??= dict());
      observeExchange((item[method] ??= emptyOperation()), exchange, this.#options);
    } catch {
      this.failures++;
    }
  }
}

function isExchange(value: unknown): value is Exchange {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const record = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const body = (v: unknown) => record(v) && typeof (v as { kind?: unknown }).kind === 'string';
  return (
    typeof e.method === 'string' &&
    (typeof e.path === 'string' || e.path === null) &&
    record(e.pathParams) &&
    record(e.query) &&
    Array.isArray(e.headerNames) &&
    Array.isArray(e.credentials) &&
    typeof e.status === 'number' &&
    body(e.requestBody) &&
    body(e.responseBody)
  );
}

/**
 * The capture already writes every segment that is not a static segment of a documented path
 * as `{}`; a segment that still looks like a value (an id, an email) is written `{}` here too,
 * so that a capture mistake cannot put a value in the store.
 */
function valueFreePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '' || segment === '{}' || (segment.startsWith('{') && segment.endsWith('}') && !isValueLikeName(segment.slice(1, -1))) || !isValueLikeName(segment) ? segment : '{}'))
    .join('/');
}

/** A new state: `a` and `b` merged. Neither is changed. */
export function mergeLearned(a: LearnedState, b: LearnedState): LearnedState {
  const merged = emptyLearned();
  mergeLearnedInto(merged, a);
  mergeLearnedInto(merged, b);
  return merged;
}

export function mergeLearnedInto(target: LearnedState, source: LearnedState): void {
  for (const path of Object.keys(source.paths)) {
    const from = source.paths[path]!;
    const into = (target.paths[path] ??= dict());
    for (const method of Object.keys(from)) {
      const existing = into[method];
      if (existing) mergeOperationInto(existing, from[method]!);
      else into[method] = cloneOperation(from[method]!);
    }
  }
  for (const key of Object.keys(source.unmatched)) target.unmatched[key] = (target.unmatched[key] ?? 0) + source.unmatched[key]!;
}

/** The same state without any example (what the store keeps when the run did not opt in). */
export function withoutExamples(state: LearnedState): LearnedState {
  const copy = mergeLearned(emptyLearned(), state);
  for (const item of Object.values(copy.paths)) for (const op of Object.values(item)) stripExamples(op);
  return copy;
}

export interface LearnedCounts {
  readonly exchanges: number;
  readonly operations: number;
  readonly unmatched: number;
  readonly skippedBodies: number;
}

/** What a `docgen.learn` span and a summary line report. */
export function learnedCounts(state: LearnedState): LearnedCounts {
  let exchanges = 0;
  let operations = 0;
  let skippedBodies = 0;
  for (const item of Object.values(state.paths)) {
    for (const op of Object.values(item)) {
      operations++;
      exchanges += op.exchanges;
      for (const reason of SKIP_REASONS) skippedBodies += (op.skipped.request[reason] ?? 0) + (op.skipped.response[reason] ?? 0);
    }
  }
  const unmatched = Object.values(state.unmatched).reduce((sum, n) => sum + n, 0);
  return { exchanges: exchanges + unmatched, operations, unmatched, skippedBodies };
}

/** The store file's text: stable key order, two-space indentation, a final newline. */
export function serializeLearned(state: LearnedState): string {
  const paths: Record<string, unknown> = {};
  for (const path of Object.keys(state.paths).sort()) {
    const item: Record<string, unknown> = {};
    for (const method of Object.keys(state.paths[path]!).sort()) item[method] = operationToJson(state.paths[path]![method]!);
    if (Object.keys(item).length) paths[path] = item;
  }
  const unmatched: Record<string, number> = {};
  for (const key of Object.keys(state.unmatched).sort()) unmatched[key] = state.unmatched[key]!;
  return `${JSON.stringify({ format: LEARNED_FORMAT, version: LEARNED_VERSION, paths, unmatched }, null, 2)}\n`;
}

/** Why a file is not a learned store docgen can read. */
export class LearnedFormatError extends Error {
  constructor(
    message: string,
    /** The file is a store of a newer docgen: left as it is, never replaced. */
    readonly newer = false,
  ) {
    super(message);
  }
}

/** Reads a store file's text; throws LearnedFormatError saying what is wrong, and where. */
export function parseLearned(text: string): LearnedState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LearnedFormatError(`not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as Record<string, unknown>).format !== LEARNED_FORMAT) {
    throw new LearnedFormatError(`not a docgen learned store (no "format": "${LEARNED_FORMAT}")`);
  }
  const root = json as Record<string, unknown>;
  const version = root.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new LearnedFormatError(`its "version" is not a format version`);
  if (version > LEARNED_VERSION) throw new LearnedFormatError(`written by a newer docgen (format version ${version}; this docgen reads ${LEARNED_VERSION})`, true);
  try {
    const state = emptyLearned();
    const paths = objectAt(root.paths, '/paths');
    for (const path of Object.keys(paths)) {
      const item = objectAt(paths[path], child('/paths', path));
      const into = (state.paths[path] = dict<OperationState>());
      for (const method of Object.keys(item)) {
        if (!isOpenApiMethod(method)) throw new ShapeFormatError(child('/paths', path, method), 'not an HTTP method');
        into[method] = operationFromJson(item[method], child('/paths', path, method));
      }
    }
    const unmatched = objectAt(root.unmatched, '/unmatched');
    for (const key of Object.keys(unmatched)) state.unmatched[key] = countAt(unmatched[key], child('/unmatched', key));
    return state;
  } catch (error) {
    if (error instanceof ShapeFormatError) throw new LearnedFormatError(`not a readable learned store at ${error.message}`);
    throw error;
  }
}
