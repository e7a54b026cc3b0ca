/**
 * The one function every docgen step runs through. It opens an OpenTelemetry span on docgen's
 * own tracer provider (never the app's global one), records duration and memory, and marks the
 * span as failed when the step throws. Until an exporter is configured the provider is a no-op.
 */
import { ProxyTracerProvider, SpanStatusCode, type Attributes, type Span, type TracerProvider } from '@opentelemetry/api';

const provider = new ProxyTracerProvider();

/** Where docgen's spans go; the tracing setup hands its own provider here. */
export function setTracerProvider(delegate: TracerProvider): void {
  provider.setDelegate(delegate);
}

export type StepName = 'docgen.load' | 'docgen.detect' | 'docgen.discover' | 'docgen.spec.build' | 'docgen.spec.write';

export function step<T>(name: StepName, attributes: Attributes, run: (span: Span) => T): T {
  const tracer = provider.getTracer('docgen');
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    const started = performance.now();
    const heap = process.memoryUsage().heapUsed;
    try {
      return run(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      const memory = process.memoryUsage();
      span.setAttributes({
        'docgen.duration_ms': performance.now() - started,
        'docgen.memory.heap_delta_bytes': memory.heapUsed - heap,
        'docgen.memory.rss_bytes': memory.rss,
      });
      span.end();
    }
  });
}
