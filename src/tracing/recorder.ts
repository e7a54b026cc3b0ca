/**
 * docgen's spans, recorded in the app's process without loading the OpenTelemetry SDK there.
 *
 * Loading the SDK and the OTLP exporter costs about 100 ms and 15 MiB (FIELD-NOTES), more than
 * half of a small app's start, and the app may run an SDK of its own. So the app's process only
 * records spans through this implementation of the `@opentelemetry/api` `Span` interface (type
 * imports only); at the end they are written as OTLP JSON, or handed to the real SDK and OTLP
 * exporter in a child process (export-worker.ts). One trace per process: its ID, made when the
 * preload starts, is the correlation ID of every log line.
 */
import type { Attributes, AttributeValue, Exception, Link, Span, SpanContext, SpanStatus, TimeInput } from '@opentelemetry/api';

/** SpanStatusCode of @opentelemetry/api: UNSET 0, OK 1, ERROR 2. */
const STATUS_ERROR = 2;
const TRACE_FLAG_SAMPLED = 1;

export interface SpanEvent {
  readonly name: string;
  readonly timeUnixNano: string;
  readonly attributes: Attributes;
}

/** A finished span, as plain data: what the OTLP JSON writer and the export worker read. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  name: string;
  readonly startTimeUnixNano: string;
  endTimeUnixNano: string | undefined;
  readonly attributes: Attributes;
  readonly events: SpanEvent[];
  status: SpanStatus;
}

const ORIGIN_NANO = BigInt(Math.round(performance.timeOrigin * 1000)) * 1000n;

/** Wall-clock nanoseconds since the epoch, with performance.now()'s resolution. */
function nowUnixNano(): string {
  return (ORIGIN_NANO + BigInt(Math.round(performance.now() * 1e6))).toString();
}

function timeToUnixNano(time: TimeInput | undefined): string {
  if (time === undefined) return nowUnixNano();
  if (Array.isArray(time)) return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
  if (time instanceof Date) return (BigInt(time.getTime()) * 1_000_000n).toString();
  // A number is milliseconds: since the epoch when large, else performance.now()-relative.
  if (time <= 1e12) return (ORIGIN_NANO + BigInt(Math.round(time * 1e6))).toString();
  return (BigInt(Math.round(time * 1000)) * 1000n).toString();
}

export class RecordedSpan implements Span {
  readonly record: SpanRecord;

  constructor(record: SpanRecord) {
    this.record = record;
  }

  spanContext(): SpanContext {
    return { traceId: this.record.traceId, spanId: this.record.spanId, traceFlags: TRACE_FLAG_SAMPLED };
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.isRecording()) this.record.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (!this.isRecording()) return this;
    const isTime = typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime) || attributesOrTime instanceof Date;
    const attributes = isTime || attributesOrTime === undefined ? {} : (attributesOrTime as Attributes);
    this.record.events.push({ name, timeUnixNano: timeToUnixNano(isTime ? (attributesOrTime as TimeInput) : time), attributes });
    return this;
  }

  // docgen's spans have no links; the methods exist to satisfy the interface.
  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.isRecording()) this.record.status = status;
    return this;
  }

  updateName(name: string): this {
    if (this.isRecording()) this.record.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.isRecording()) this.record.endTimeUnixNano = timeToUnixNano(endTime);
  }

  isRecording(): boolean {
    return this.record.endTimeUnixNano === undefined;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const error = typeof exception === 'string' ? { message: exception } : exception;
    this.addEvent(
      'exception',
      {
        'exception.type': ('name' in error && error.name) || 'Error',
        'exception.message': error.message ?? String(exception),
        ...('stack' in error && error.stack ? { 'exception.stack': error.stack } : {}),
      },
      time,
    );
  }
}

/** The trace of one process: a root `docgen.session` span and the steps under it. */
export class SessionTrace {
  readonly traceId = randomHex(32);
  readonly spans: SpanRecord[] = [];
  readonly root: RecordedSpan;
  /** performance.now() when the session began. */
  readonly startedMs = performance.now();

  constructor(attributes: Attributes) {
    this.root = this.startSpan('docgen.session', attributes, undefined);
  }

  startSpan(name: string, attributes: Attributes, parent: RecordedSpan | undefined = this.root, startTime?: TimeInput): RecordedSpan {
    const record: SpanRecord = {
      traceId: this.traceId,
      spanId: randomHex(16),
      parentSpanId: parent?.record.spanId,
      name,
      startTimeUnixNano: timeToUnixNano(startTime),
      endTimeUnixNano: undefined,
      attributes: { ...attributes },
      events: [],
      status: { code: 0 },
    };
    this.spans.push(record);
    return new RecordedSpan(record);
  }

  /** The spans that ended; a span still open when the trace is written is ended then. */
  finished(): SpanRecord[] {
    const now = nowUnixNano();
    for (const span of this.spans) span.endTimeUnixNano ??= now;
    return this.spans;
  }
}

export type StepName = 'docgen.load' | 'docgen.detect' | 'docgen.discover' | 'docgen.spec.build' | 'docgen.learn.save' | 'docgen.learn' | 'docgen.spec.write';

let current: SessionTrace | undefined;

/** The process's trace, made on first use (by the preload, before anything else). */
export function sessionTrace(attributes: Attributes = {}): SessionTrace {
  return (current ??= new SessionTrace(attributes));
}

/**
 * The one function every docgen step runs through: a span under the session with its duration
 * and memory, and the exception and error status when the step throws.
 */
export function step<T>(name: StepName, attributes: Attributes, run: (span: Span) => T): T {
  const span = sessionTrace().startSpan(name, attributes);
  const started = performance.now();
  const heap = process.memoryUsage().heapUsed;
  try {
    return run(span);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    endWithMeasures(span, started, heap);
  }
}

/**
 * Ends a span with docgen's three measures: duration (from `startedMs` to `endMs`, both
 * performance.now() times; now by default), and the heap and resident memory at the end.
 */
export function endWithMeasures(span: Span, startedMs: number, heapBefore: number, endMs = performance.now()): void {
  const memory = process.memoryUsage();
  span.setAttributes({
    'docgen.duration_ms': Math.round((endMs - startedMs) * 1000) / 1000,
    'docgen.memory.heap_delta_bytes': memory.heapUsed - heapBefore,
    'docgen.memory.rss_bytes': memory.rss,
  });
  span.end(endMs);
}

/**
 * Trace and span IDs from Math.random, as the OpenTelemetry SDK's RandomIdGenerator makes them:
 * they must be unique, not secret, and node:crypto would cost every app its load at start-up.
 */
function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  // An all-zero ID is invalid; the chance is 2^-64 or less, but it costs one comparison.
  return /^0+$/.test(out) ? randomHex(length) : out.slice(0, length);
}
