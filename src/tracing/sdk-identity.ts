/**
 * The resource attributes that name the telemetry SDK. docgen records its spans in the
 * OpenTelemetry data model and exports them with the OpenTelemetry JS SDK (src/tracing), so
 * `telemetry.sdk.*` names that SDK, as the SDK's own default resource does; docgen names itself
 * as the distribution (`telemetry.distro.*`, semantic conventions). The SDK's version is read
 * from its package.json when the trace is sent, rather than by loading the SDK into the app.
 */
import { createRequire } from 'node:module';
import { namedPackageOf } from '../loading/package-info.js';

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

/** The installed @opentelemetry/sdk-trace-node's version; undefined where it is not installed (Deno's self-contained build). */
function sdkVersion(): string | undefined {
  if (version === undefined) {
    try {
      version = namedPackageOf(createRequire(import.meta.url).resolve('@opentelemetry/sdk-trace-node'))?.version ?? null;
    } catch {
      version = null;
    }
  }
  return version ?? undefined;
}
