/**
 * Where the trace goes, configured by the standard OpenTelemetry variables:
 * - `OTEL_TRACES_EXPORTER=none`: nowhere;
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`): OTLP
 *   over HTTP to a collector or to Jaeger, through the SDK's exporter in a child process
 *   (`OTEL_EXPORTER_OTLP_HEADERS` is read there, never logged);
 * - otherwise, the embedded default: an OTLP JSON file beside the document.
 * The document is always written before the trace; the export is bounded by
 * `DOCGEN_TRACE_TIMEOUT_MS` (2000 by default), and a trace the collector did not take is
 * written to the file instead, so nothing is lost.
 */
import { builtins } from '../runtime/builtins.js';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attributes } from '@opentelemetry/api';
import { writeFileAtomic, reasonOf } from '../output/write-file.js';
import { scriptCommand } from '../runtime/index.js';
import { otlpJson, type TraceScope } from './otlp-json.js';
import type { SpanRecord } from './recorder.js';

export type TraceDestination =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'otlp'; readonly endpoint: string; readonly fallbackPath: string; readonly timeoutMs: number };

export interface ExportRequest {
  readonly spans: readonly SpanRecord[];
  readonly resource: Attributes;
  readonly scope: TraceScope;
  readonly timeoutMs: number;
}

/** What happened to the trace, for the summary line and the warning. */
export type TraceOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'exported'; readonly endpoint: string }
  | { readonly kind: 'fallback'; readonly endpoint: string; readonly reason: string; readonly path: string | undefined; readonly writeError?: string };

export function traceDestination(env: NodeJS.ProcessEnv, documentPath: string): TraceDestination {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim());
  if (exporters.includes('none')) return { kind: 'none' };
  const filePath = env.DOCGEN_TRACE_OUTPUT || besideDocument(documentPath);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!endpoint) return { kind: 'file', path: filePath };
  const timeoutMs = Number(env.DOCGEN_TRACE_TIMEOUT_MS) > 0 ? Number(env.DOCGEN_TRACE_TIMEOUT_MS) : 2000;
  return { kind: 'otlp', endpoint, fallbackPath: filePath, timeoutMs };
}

/** `openapi.json` -> `openapi.trace.json`. */
function besideDocument(documentPath: string): string {
  const ext = extname(documentPath);
  return `${ext ? documentPath.slice(0, -ext.length) : documentPath}.trace.json`;
}

export function sendTrace(destination: TraceDestination, request: Omit<ExportRequest, 'timeoutMs'>): TraceOutcome {
  if (destination.kind === 'none') return { kind: 'none' };
  if (destination.kind === 'file') {
    writeFileAtomic(destination.path, JSON.stringify(otlpJson(request.spans, request.resource, request.scope)) + '\n');
    return { kind: 'file', path: destination.path };
  }
  const reason = exportWithWorker({ ...request, timeoutMs: destination.timeoutMs });
  const endpoint = redact(destination.endpoint);
  if (reason === undefined) return { kind: 'exported', endpoint };
  try {
    writeFileAtomic(destination.fallbackPath, JSON.stringify(otlpJson(request.spans, request.resource, request.scope)) + '\n');
    return { kind: 'fallback', endpoint, reason, path: destination.fallbackPath };
  } catch (error) {
    return { kind: 'fallback', endpoint, reason, path: undefined, writeError: reasonOf(error) };
  }
}

const WORKER = fileURLToPath(new URL('./export-worker.js', import.meta.url));
/** Time for the worker to start and load the SDK, on top of the export's own bound. */
const WORKER_START_MS = 3000;

/** Runs the export worker and waits for it (bounded); returns why it failed, if it did. */
function exportWithWorker(request: ExportRequest): string | undefined {
  const { command, args } = scriptCommand(WORKER);
  const result = builtins.childProcess.spawnSync(command, args, {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: request.timeoutMs + WORKER_START_MS,
    killSignal: 'SIGKILL',
    // The app's NODE_OPTIONS may load docgen itself: the worker must not.
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return code === 'ETIMEDOUT' ? `no answer within ${request.timeoutMs + WORKER_START_MS} ms` : result.error.message;
  }
  if (result.status === 0) return undefined;
  return (result.stderr || `the export worker ended with status ${result.status ?? result.signal}`).trim().split('\n')[0];
}

/** An endpoint as it may be logged: without user name or password. */
function redact(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '<invalid endpoint>';
  }
}
