/**
 * Request headers worth documenting as `in: header` parameters: the app's own (`x-tenant-id`,
 * `idempotency-key`), not the ones every HTTP client, browser, proxy or tracer sends, and not
 * credentials (those become security schemes, never parameters).
 */

const STANDARD: ReadonlySet<string> = new Set([
  // HTTP itself (RFC 9110, 9111, 9112) and CORS
  'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-datetime', 'access-control-request-headers',
  'access-control-request-method', 'cache-control', 'connection', 'content-encoding', 'content-language', 'content-length',
  'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'expect', 'from', 'host', 'if-match',
  'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'keep-alive', 'max-forwards', 'origin', 'pragma',
  'priority', 'range', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via', 'warning', 'http2-settings',
  // credentials: security schemes, not parameters
  'authorization', 'proxy-authorization', 'cookie',
  // browsers
  'dnt', 'upgrade-insecure-requests', 'user-agent', 'purpose', 'save-data', 'device-memory', 'downlink', 'ect', 'rtt',
  'viewport-width', 'x-requested-with',
  // proxies and load balancers
  'forwarded', 'proxy-connection', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-prefix',
  'x-forwarded-proto', 'x-forwarded-server', 'x-real-ip', 'x-request-start', 'cdn-loop',
  // tracing
  'traceparent', 'tracestate', 'baggage', 'b3', 'x-amzn-trace-id', 'x-cloud-trace-context', 'sentry-trace', 'x-request-id',
  'x-correlation-id', 'x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-sampling-priority', 'x-datadog-origin',
]);

const STANDARD_PREFIXES: readonly string[] = ['sec-', 'x-b3-', 'x-envoy-', 'cf-', 'x-vercel-', 'x-amz-cf-'];

/** Whether a request header (lower case) is the app's own, worth an `in: header` parameter. */
export function isDocumentableHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return !STANDARD.has(lower) && !STANDARD_PREFIXES.some((prefix) => lower.startsWith(prefix));
}
