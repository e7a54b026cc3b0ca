/**
 * The resource attributes that name the telemetry SDK. docgen records its spans in the
 * OpenTelemetry data model and exports them with the OpenTelemetry JS SDK (src/tracing), so
 * `telemetry.sdk.*` names that SDK, as the SDK's own default resource does; docgen names itself
 * as the distribution (`telemetry.distro.*`, semantic conventions). The SDK is bundled into the
 * export worker (scripts/bundle.js), and the bundles carry its version as a constant; tsc's
 * output, which tests import, reads it from the installed package.json.
 */
import { createRequire } from 'node:module';
import { namedPackageOf } from '../loading/package-info.js';

/** Replaced by the bundler with the bundled SDK's version; absent from tsc's output. */
declare const DOCGEN_BUNDLED_OTEL_SDK_VERSION: string | undefined;

export function sdkIdentity(docgenVersion: string): Record<string, string> {
  return {
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.language': 'nodejs',
    ...(sdkVersion() ? { 'telemetry.sdk.version': sdkVersion()! } : {}),
    'telemetry.distro.name': 'docgen',
    'telemetry.distro.version': docgenVersion,
  };
}

let version: string | null | undefined;

/** The bundled (or installed) @opentelemetry/sdk-trace-node's version. */
function sdkVersion(): string | undefined {
  if (version === undefined && typeof DOCGEN_BUNDLED_OTEL_SDK_VERSION === 'string') version = DOCGEN_BUNDLED_OTEL_SDK_VERSION;
  if (version === undefined) {
    try {
      version = namedPackageOf(createRequire(import.meta.url).resolve('@opentelemetry/sdk-trace-node'))?.version ?? null;
    } catch {
      version = null;
    }
  }
  return version ?? undefined;
}
