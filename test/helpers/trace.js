// Reading the embedded default's OTLP JSON trace file in tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Spans of an OTLP JSON trace file, flattened: { name, spanId, parentSpanId, attributes, events, status }. */
export function spansOf(otlp) {
  const value = (v) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue ?? v.boolValue ?? v.arrayValue?.values.map(value));
  const attrs = (list = []) => Object.fromEntries(list.map((kv) => [kv.key, value(kv.value)]));
  return otlp.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({ ...s, attributes: attrs(s.attributes), events: (s.events ?? []).map((e) => ({ ...e, attributes: attrs(e.attributes) })) })),
    ),
  );
}

export const readTrace = (cwd, name = 'openapi.trace.json') => JSON.parse(readFileSync(join(cwd, name), 'utf8'));
