// The cost of reading what handlers send and read (src/jsdoc/handler-responses.ts) on 1,000
// routes: in-process, per operation, with the files already parsed; and the whole process,
// docgen with source docs on and off (DOCGEN_SOURCE_DOCS=0), on the app whose handlers send
// (generateSendingApp) and on the plain JavaScript app of bench/run.js (handlers `res.end()`).
// Usage: npm run build && node bench/handler-io.js [runs]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateApps, generateSendingApp } from './generate.js';
import { stats } from './measure.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'bench', 'out-handler-io');
const REGISTER = join(ROOT, 'dist', 'register.js');
const RUNS = Number(process.argv[2] ?? 5);

rmSync(OUT, { recursive: true, force: true });
const sending = generateSendingApp(OUT, 1000);
const plain = generateApps(OUT, [1000]).find((app) => app.framework === 'express5' && app.lang === 'js');

// In-process: every registration of the sending app read once (parse included), then again
// (parsed: the lookups and readers only), with and without handlerIo.
const { indexedFile, sourceDocsStats } = await import(join(ROOT, 'dist', 'jsdoc', 'source-cache.js'));
const { readRegistration } = await import(join(ROOT, 'dist', 'jsdoc', 'index.js'));
const { handlerIo } = await import(join(ROOT, 'dist', 'jsdoc', 'handler-responses.js'));
const { lastArgumentFunction, findRegistrationCall } = await import(join(ROOT, 'dist', 'jsdoc', 'registration.js'));
const registrations = [];
for (let g = 0; g < 20; g++) {
  const file = join(dirname(sending.file), 'routes', `r${g}.ts`);
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.startsWith('router.post(')) registrations.push({ file, line: i + 1 });
  });
}
let started = performance.now();
for (const { file, line } of registrations) readRegistration(file, line, undefined, 'post');
const firstMs = performance.now() - started;
const parseMs = sourceDocsStats().parseMs;
const timesRead = [];
const timesIo = [];
for (let run = 0; run < RUNS; run++) {
  started = performance.now();
  for (const { file, line } of registrations) readRegistration(file, line, undefined, 'post');
  timesRead.push(performance.now() - started);
  const fns = registrations.map(({ file, line }) => {
    const index = indexedFile(file);
    return [index, lastArgumentFunction(findRegistrationCall(index, line, undefined, 'post'))];
  });
  started = performance.now();
  for (const [index, fn] of fns) handlerIo(index, fn);
  timesIo.push(performance.now() - started);
}
const median = (list) => stats(list).median;
console.log(`in-process, ${registrations.length} operations: first read ${firstMs.toFixed(1)} ms (of which parse and index ${parseMs.toFixed(1)} ms); later reads ${median(timesRead).toFixed(1)} ms; handlerIo alone ${median(timesIo).toFixed(1)} ms (${((median(timesIo) / registrations.length) * 1000).toFixed(1)} µs per operation)`);

// Whole process: wall time and the docgen.load span's source-docs attributes.
function run(app, env) {
  const walls = [];
  let attributes;
  for (let i = 0; i <= RUNS; i++) {
    const trace = join(OUT, 'trace.json');
    const t0 = performance.now();
    const result = spawnSync(process.execPath, ['--import', REGISTER, app.file], { cwd: dirname(app.file), env: { ...process.env, DOCGEN_INTROSPECT: '1', DOCGEN_OUTPUT: join(OUT, 'openapi.json'), DOCGEN_TRACE_OUTPUT: trace, ...env }, encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (result.status !== 0) throw new Error(result.stderr);
    if (i === 0) continue; // warm-up
    walls.push(wall);
    const spans = JSON.parse(readFileSync(trace, 'utf8'));
    attributes = findLoad(spans);
  }
  return { wall: stats(walls), attributes };
}
function findLoad(otlp) {
  const value = (v) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue ?? v.boolValue);
  for (const rs of otlp.resourceSpans ?? []) for (const ss of rs.scopeSpans) for (const span of ss.spans) {
    if (span.name === 'docgen.load') return Object.fromEntries((span.attributes ?? []).map((kv) => [kv.key, value(kv.value)]));
  }
  return undefined;
}
const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;
console.log('| app | variant | wall ms (min-max) | parse ms | typescript load ms |');
console.log('|---|---|---|---|---|');
for (const [label, app] of [['express5 ts, 1000 handlers that send', sending], ['express5 js, 1000 handlers `res.end()`', plain]]) {
  for (const [variant, env] of [['source docs off', { DOCGEN_SOURCE_DOCS: '0' }], ['source docs on', {}]]) {
    const { wall, attributes } = run(app, env);
    const parse = attributes?.['docgen.source_docs.parse_ms'];
    const load = attributes?.['docgen.source_docs.typescript_load_ms'];
    console.log(`| ${label} | ${variant} | ${fmt(wall)} | ${typeof parse === 'number' ? parse.toFixed(1) : '-'} | ${typeof load === 'number' ? load.toFixed(1) : '-'} |`);
  }
}
rmSync(OUT, { recursive: true, force: true });
