/**
 * FOR DOCGEN'S OWN TESTS AND BENCHMARKS ONLY. A sink that writes each exchange, values and all,
 * as one JSON line appended to a file: what the capture saw can then be compared with what was
 * sent. The preload starts it with `DOCGEN_TEST_EXCHANGES_FILE=<file>`; nothing else writes an
 * exchange anywhere. Each line is one `write` to a file opened for appending, so the processes
 * of one test may share the file. To the null device it writes nothing at all: the benchmark
 * (bench/learn-capture.js) measures the capture alone so.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { devNull } from 'node:os';
import type { ExchangeSink } from '../exchange.js';

/** The sink, and the file's closing (the file stays usable line by line until then). */
export function jsonLinesSink(path: string): { readonly sink: ExchangeSink; close(): void } {
  if (path === devNull) return { sink: () => {}, close: () => {} };
  const fd = openSync(path, 'a', 0o600);
  let open = true;
  return {
    sink(exchange) {
      if (open) writeSync(fd, `${JSON.stringify(exchange)}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
