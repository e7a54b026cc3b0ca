// The OpenTelemetry Collector for the end-to-end test of otel-collector.yaml: the core
// components that file uses (OTLP receiver, batch processor, OTLP exporter) built into one binary
// with the Collector's own builder (ocb, `go.opentelemetry.io/collector/cmd/builder`), from the Go
// module proxy, into the cache outside the repository, and reused when present. Several minutes
// the first time. Returns undefined, saying why on stderr, when it cannot be built here (no Go,
// no proxy): the test that needs it is then skipped.
//   node scripts/otelcol.js   prints the binary's path, or exits 1
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './runtimes.js';

export const OTELCOL_VERSION = 'v0.165.0';
/** The stable (v1) modules released with OTELCOL_VERSION. */
const STABLE_VERSION = 'v1.71.0';

export function otelcolBinary() {
  const binary = join(CACHE_DIR, `otelcol-${OTELCOL_VERSION}`);
  if (existsSync(binary)) return binary;
  const dir = join(CACHE_DIR, 'otelcol-build');
  mkdirSync(dir, { recursive: true });
  const core = (path) => `go.opentelemetry.io/collector/${path} ${OTELCOL_VERSION}`;
  const stable = (path) => `go.opentelemetry.io/collector/${path} ${STABLE_VERSION}`;
  const manifest = [
    'dist:',
    '  module: docgen.test/otelcol',
    '  name: otelcol',
    `  version: ${OTELCOL_VERSION.slice(1)}`,
    `  output_path: ${join(dir, 'out')}`,
    'receivers:',
    `  - gomod: ${core('receiver/otlpreceiver')}`,
    'processors:',
    `  - gomod: ${core('processor/batchprocessor')}`,
    'exporters:',
    `  - gomod: ${core('exporter/otlpexporter')}`,
    `  - gomod: ${core('exporter/otlphttpexporter')}`,
    `  - gomod: ${core('exporter/debugexporter')}`,
    'providers:',
    `  - gomod: ${stable('confmap/provider/envprovider')}`,
    `  - gomod: ${stable('confmap/provider/fileprovider')}`,
    `  - gomod: ${stable('confmap/provider/yamlprovider')}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'builder.yaml'), manifest);
  process.stderr.write(`otelcol: building the OpenTelemetry Collector ${OTELCOL_VERSION} into ${binary} (once; several minutes)\n`);
  try {
    execFileSync('go', ['run', `go.opentelemetry.io/collector/cmd/builder@${OTELCOL_VERSION}`, '--config', join(dir, 'builder.yaml')], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    execFileSync('cp', [join(dir, 'out', 'otelcol'), binary]);
  } catch (error) {
    process.stderr.write(`otelcol: cannot build the collector here: ${error.message}\n`);
    return undefined;
  }
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const binary = otelcolBinary();
  if (binary) process.stdout.write(`${binary}\n`);
  else process.exitCode = 1;
}
