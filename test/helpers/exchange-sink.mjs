// A preload of docgen's tests and benchmarks, loaded before docgen's own: with
// DOCGEN_TEST_EXCHANGES_FILE=<file>, every exchange the capture sees is appended to that file
// as one JSON line, values and all, so a test can compare what was captured with what was sent.
// It lives here, not in docgen: no setting of docgen's writes exchanges anywhere. docgen's
// preload starts the capture when it finds this sink (src/register.ts). Each line is one write
// to a file opened for appending, so the processes of one test may share the file.
import { openSync, writeSync } from 'node:fs';

const file = process.env.DOCGEN_TEST_EXCHANGES_FILE;
if (file) {
  const fd = openSync(file, 'a', 0o600);
  globalThis[Symbol.for('docgen.test.exchangeSink')] = (exchange) => writeSync(fd, `${JSON.stringify(exchange)}\n`);
}
