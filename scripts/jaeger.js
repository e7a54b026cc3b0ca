// Jaeger v2 for the end-to-end tracing test: built once from the Go module proxy
// (`go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0` in a scratch module,
// then `go build`; the proxy serves Jaeger's v1.x tags only, and v1.76.0's cmd/jaeger is the
// v2 binary) into the cache outside the repository, and reused when present.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './runtimes.js';

export const JAEGER_VERSION = 'v1.76.0';

export function jaegerBinary() {
  const binary = join(CACHE_DIR, `jaeger-${JAEGER_VERSION}`);
  if (existsSync(binary)) return binary;
  const module = join(CACHE_DIR, 'jaeger-build');
  mkdirSync(module, { recursive: true, mode: 0o700 });
  if (!existsSync(join(module, 'go.mod'))) writeFileSync(join(module, 'go.mod'), 'module docgen-jaeger\n\ngo 1.24\n');
  const run = (args) => execFileSync('go', args, { cwd: module, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=mod' } });
  process.stderr.write(`jaeger: building ${JAEGER_VERSION} into ${binary} (once; several minutes)\n`);
  run(['get', '-tool', `github.com/jaegertracing/jaeger/cmd/jaeger@${JAEGER_VERSION}`]);
  run(['build', '-o', binary, 'github.com/jaegertracing/jaeger/cmd/jaeger']);
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${jaegerBinary()}\n`);
