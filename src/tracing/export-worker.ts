/**
 * Replays docgen's recorded spans through the OpenTelemetry SDK and exports them with the OTLP
 * HTTP exporter. It runs as a child process of the app (started synchronously, so it works
 * from an `exit` handler), which keeps the SDK off the app's start-up path and away from any
 * OpenTelemetry setup of the app's own. Input on stdin: `ExportRequest` as JSON. Exit status 0
 * when the collector accepted every span; otherwise 1, with the reason on stderr.
 */
import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, trace, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type IdGenerator, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { ExportRequest } from './export.js';

interface ExportResult {
  code: number;
  error?: Error;
}

/** Hands the SDK the trace and span IDs docgen already logged, in the order spans are started. */
class ReplayedIds implements IdGenerator {
  readonly #traceId: string;
  readonly #spanIds: string[];
  constructor(request: ExportRequest) {
    this.#traceId = request.spans[0]?.traceId ?? '';
    this.#spanIds = request.spans.map((s) => s.spanId);
  }
  generateTraceId(): string {
    return this.#traceId;
  }
  generateSpanId(): string {
    return this.#spanIds.shift() ?? '';
  }
}

/** Keeps what the exporter answered: the SDK's processors only log failures. */
class AnswerKeeping implements SpanExporter {
  readonly answers: ExportResult[] = [];
  readonly #inner: SpanExporter;
  constructor(inner: SpanExporter) {
    this.#inner = inner;
  }
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.#inner.export(spans, (result) => {
      this.answers.push(result);
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }
}

function hrTime(unixNano: string): HrTime {
  const ns = BigInt(unixNano);
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

async function main(): Promise<number> {
  const request = JSON.parse(readFileSync(0, 'utf8')) as ExportRequest;
  const exporter = new AnswerKeeping(new OTLPTraceExporter({ timeoutMillis: request.timeoutMs }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes(request.resource),
    idGenerator: new ReplayedIds(request),
    spanLimits: { eventCountLimit: 4096, attributeCountLimit: 256 },
    spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 4096, maxQueueSize: 8192, exportTimeoutMillis: request.timeoutMs })],
  });
  const tracer = provider.getTracer(request.scope.name, request.scope.version);
  const started = new Map<string, ReturnType<typeof tracer.startSpan>>();
  for (const record of request.spans) {
    const parent = record.parentSpanId ? started.get(record.parentSpanId) : undefined;
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(record.name, { startTime: hrTime(record.startTimeUnixNano), attributes: record.attributes, root: !parent }, context);
    for (const event of record.events) span.addEvent(event.name, event.attributes, hrTime(event.timeUnixNano));
    span.setStatus(record.status);
    started.set(record.spanId, span);
  }
  request.spans.forEach((record) => started.get(record.spanId)?.end(hrTime(record.endTimeUnixNano ?? record.startTimeUnixNano)));
  await provider.forceFlush();
  await provider.shutdown().catch(() => undefined);
  const failure = exporter.answers.find((answer) => answer.code !== 0);
  if (exporter.answers.length === 0 || failure) {
    process.stderr.write(`${failure?.error?.message ?? 'the exporter gave no answer'}\n`);
    return 1;
  }
  return 0;
}

// Exit at once: the exporter's keep-alive socket would hold the app's exit for seconds.
main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
