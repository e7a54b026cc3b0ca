/**
 * The OTLP/JSON encoding of a trace (an ExportTraceServiceRequest), as the OpenTelemetry
 * Collector's file exporter writes it: what docgen's embedded default leaves beside the
 * document, and what Jaeger accepts on its OTLP HTTP port and in its UI's JSON upload.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { SpanRecord } from './recorder.js';

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: AnyValue[] } };

/** SPAN_KIND_INTERNAL: every docgen span is internal work of the process. */
const SPAN_KIND_INTERNAL = 1;

export interface TraceScope {
  readonly name: string;
  readonly version: string;
}

export function otlpJson(spans: readonly SpanRecord[], resource: Attributes, scope: TraceScope): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues(resource) },
        scopeSpans: [
          {
            scope: { name: scope.name, version: scope.version },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: SPAN_KIND_INTERNAL,
              startTimeUnixNano: span.startTimeUnixNano,
              endTimeUnixNano: span.endTimeUnixNano ?? span.startTimeUnixNano,
              attributes: keyValues(span.attributes),
              events: span.events.map((event) => ({ timeUnixNano: event.timeUnixNano, name: event.name, attributes: keyValues(event.attributes) })),
              status: span.status.message ? { code: span.status.code, message: span.status.message } : { code: span.status.code },
            })),
          },
        ],
      },
    ],
  };
}

function keyValues(attributes: Attributes): Array<{ key: string; value: AnyValue }> {
  return Object.entries(attributes)
    .filter((entry): entry is [string, AttributeValue] => entry[1] !== undefined)
    .map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(value: AttributeValue): AnyValue {
  if (Array.isArray(value)) return { arrayValue: { values: value.filter((v) => v !== null && v !== undefined).map((v) => anyValue(v as AttributeValue)) } };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: String(value) };
}
