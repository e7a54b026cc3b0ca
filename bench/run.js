// npm run bench [-- --quick]: what docgen costs an app, measured against the plain runtime and
// the peers in the same run, written to bench/RESULTS.md. Reports; never fails on timing.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateApps, generateDocumentedApp } from './generate.js';
import { freePort, stats } from './measure.js';
import { nodeRuntimes } from '../scripts/runtimes.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'bench', 'out');
const APPS = join(OUT, 'apps');
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 5;
const SIZES = QUICK ? [1000] : [1000, 10000];
const REGISTER = join(ROOT, 'dist', 'register.js');
const RSS = join(ROOT, 'bench', 'report-rss.mjs');
const REQUEST_SECONDS = QUICK ? 3 : 8;

const log = (line) => process.stderr.write(`${line}\n`);

// ---- measuring one process --------------------------------------------------------------

/**
 * Wall time (ms) and peak RSS (MiB) of one process; RSS from report-rss.mjs, preloaded in every
 * variant, last: its `exit` listener must run after docgen's, which builds and writes the
 * document in its own `exit` listener (preloaded first, it measured before docgen's work).
 */
function measure(args, env = {}, node = process.execPath) {
  const started = process.hrtime.bigint();
  const script = args.findIndex((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--import');
  const withRss = [...args.slice(0, script), '--import', RSS, ...args.slice(script)];
  const result = spawnSync(node, withRss, {
    cwd: OUT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DOCGEN_OUTPUT: join(OUT, 'openapi.json'), DOCGEN_CACHE_DIR: join(OUT, 'cache'), ...env },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const rss = Number(/__maxrss (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  return { wall, rss, stderr: result.stderr };
}


/** Runs the variants interleaved (A B C A B C ...) so machine noise spreads over all of them. */
function compare(variants) {
  const samples = variants.map(() => ({ wall: [], rss: [] }));
  for (let run = 0; run < RUNS + 1; run++) {
    variants.forEach((variant, i) => {
      const m = measure(variant.args, variant.env, variant.node);
      if (run === 0) return; // warm-up: file cache, transpile cache
      samples[i].wall.push(m.wall);
      samples[i].rss.push(m.rss);
    });
  }
  return variants.map((variant, i) => ({ name: variant.name, wall: stats(samples[i].wall), rss: stats(samples[i].rss) }));
}

// ---- a sink for the OTLP variant -------------------------------------------------------

/**
 * An OTLP endpoint that accepts everything, in a process of its own: this one blocks in
 * spawnSync while the measured app runs, and could not answer it.
 */
function otlpSink() {
  const code = `const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.writeHead(200, { 'content-type': 'application/json' }).end('{}')); }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (chunk) => resolve({ url: `http://127.0.0.1:${String(chunk).trim()}`, close: () => child.kill() }));
  });
}

// ---- the measures ------------------------------------------------------------------------

async function startup(apps, sink) {
  const rows = [];
  for (const app of apps.filter((a) => a.routes === 1000 || !QUICK)) {
    log(`start-up: ${app.framework} ${app.routes} ${app.lang}`);
    const base = app.lang === 'js' ? { name: 'node', args: [app.file] } : { name: 'node --import tsx', args: ['--import', 'tsx', app.file] };
    const docgen = (name, env) => ({ name, args: ['--import', REGISTER, app.file], env });
    const results = compare([
      base,
      docgen('docgen, embedded default', {}),
      docgen('docgen, tracing off', { OTEL_TRACES_EXPORTER: 'none' }),
      docgen('docgen, OTLP to a local endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }),
    ]);
    rows.push({ app, results });
  }
  return rows;
}

/**
 * The 1,000-route apps again on Node 22 and 24 (scripts/runtimes.js installs them from the npm
 * registry): there module hooks, where needed, run in-thread (`module.registerHooks()`), except
 * for a TypeScript entry on Node 22. Embedded default only.
 */
function otherRuntimes(apps) {
  const rows = [];
  for (const runtime of nodeRuntimes()) {
    const version = spawnSync(runtime.path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    for (const app of apps.filter((a) => a.routes === 1000)) {
      log(`start-up on Node ${version}: ${app.framework} ${app.lang}`);
      const base = app.lang === 'js' ? { name: 'node', args: [app.file] } : { name: 'node --import tsx', args: ['--import', 'tsx', app.file] };
      const results = compare([
        { ...base, node: runtime.path },
        { name: 'docgen, embedded default', args: ['--import', REGISTER, app.file], node: runtime.path },
      ]);
      rows.push({ app, version, results });
    }
  }
  return rows;
}


/**
 * Milliseconds from spawning the app with PORT set until it prints that it listens: the start-up
 * a server's user waits for. docgen builds and writes the document when the process ends, which
 * is after this; the app is then stopped with SIGTERM and its exit awaited.
 */
async function timeToReady(args, node = process.execPath) {
  const env = { ...process.env, NODE_OPTIONS: '', PORT: String(await freePort()), DOCGEN_OUTPUT: join(OUT, 'openapi.json'), DOCGEN_CACHE_DIR: join(OUT, 'cache') };
  const started = process.hrtime.bigint();
  const child = spawn(node, args, { cwd: OUT, env, stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('listening')) resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ready;
}

/** Time to ready for the 1,000-route apps, the plain runtime and docgen interleaved. */
async function readiness(apps) {
  const rows = [];
  for (const app of apps.filter((a) => a.routes === 1000)) {
    log(`time to ready: ${app.framework} ${app.lang}`);
    const variants = [
      app.lang === 'js' ? { name: 'node', args: [app.file] } : { name: 'node --import tsx', args: ['--import', 'tsx', app.file] },
      { name: 'docgen, embedded default', args: ['--import', REGISTER, app.file] },
    ];
    const samples = variants.map(() => []);
    for (let run = 0; run < RUNS + 1; run++) {
      for (const [i, variant] of variants.entries()) {
        const ms = await timeToReady(variant.args);
        if (run > 0) samples[i].push(ms);
      }
    }
    rows.push({ app, results: variants.map((variant, i) => ({ name: variant.name, ready: stats(samples[i]) })) });
  }
  return rows;
}

/** docgen's own time for 10,000 (or 1,000) routes, from the spans of its trace. */
function discovery(apps) {
  const rows = [];
  for (const app of apps.filter((a) => a.lang === 'js')) {
    const spans = { discover: [], build: [], write: [], detect: [] };
    for (let run = 0; run < RUNS; run++) {
      measure(['--import', REGISTER, app.file], { DOCGEN_TRACE_OUTPUT: join(OUT, 'trace.json') });
      const trace = JSON.parse(readFileSync(join(OUT, 'trace.json'), 'utf8'));
      for (const span of trace.resourceSpans[0].scopeSpans[0].spans) {
        const ms = Number(span.attributes.find((a) => a.key === 'docgen.duration_ms')?.value.doubleValue ?? span.attributes.find((a) => a.key === 'docgen.duration_ms')?.value.intValue ?? 0);
        const key = { 'docgen.discover': 'discover', 'docgen.spec.build': 'build', 'docgen.spec.write': 'write', 'docgen.detect': 'detect' }[span.name];
        if (key) spans[key].push(ms);
      }
    }
    rows.push({ app, discover: stats(spans.discover), build: stats(spans.build), write: stats(spans.write) });
  }
  return rows;
}

/**
 * What reading JSDoc and handler types costs: the documented app against tsx and against
 * docgen with DOCGEN_SOURCE_DOCS=0, plus the parse counters of the docgen.load span.
 */
function sourceDocs(app) {
  log(`source docs: ${app.routes} routes`);
  const docgen = (name, env) => ({ name, args: ['--import', REGISTER, app.file], env: { OTEL_TRACES_EXPORTER: 'none', ...env } });
  const results = compare([{ name: 'node --import tsx', args: ['--import', 'tsx', app.file] }, docgen('docgen, JSDoc and types off', { DOCGEN_SOURCE_DOCS: '0' }), docgen('docgen, JSDoc and types read', {})]);
  const counters = { parse: [], load: [], build: [], files: 0 };
  for (let run = 0; run < RUNS; run++) {
    measure(['--import', REGISTER, app.file], { DOCGEN_TRACE_OUTPUT: join(OUT, 'trace.json') });
    const spans = JSON.parse(readFileSync(join(OUT, 'trace.json'), 'utf8')).resourceSpans[0].scopeSpans[0].spans;
    const attribute = (span, key) => {
      const value = span?.attributes.find((a) => a.key === key)?.value;
      return Number(value?.doubleValue ?? value?.intValue ?? 0);
    };
    const load = spans.find((s) => s.name === 'docgen.load');
    counters.parse.push(attribute(load, 'docgen.source_docs.parse_ms'));
    counters.load.push(attribute(load, 'docgen.source_docs.typescript_load_ms'));
    counters.files = attribute(load, 'docgen.source_docs.files_parsed');
    counters.build.push(attribute(spans.find((s) => s.name === 'docgen.spec.build'), 'docgen.duration_ms'));
  }
  return { app, results, parse: stats(counters.parse), load: stats(counters.load), build: stats(counters.build), files: counters.files };
}

/** The peers on the same apps, in one process each: time to list, and the route set they list. */
function peers(apps) {
  const rows = [];
  const pick = (framework) => apps.find((a) => a.framework === framework && a.lang === 'js' && a.routes === Math.max(...SIZES));
  for (const [framework, peer] of [
    ['express4', 'express-list-endpoints'],
    ['hono', 'hono/dev inspectRoutes'],
  ]) {
    const app = pick(framework);
    const script = join(OUT, `peer-${framework}.mjs`);
    writeFileSync(
      script,
      framework === 'express4'
        ? `import listEndpoints from 'express-list-endpoints';\nconst { default: app } = await import(${JSON.stringify(pathToFileURL(app.file).href)});\nconst t = performance.now();\nconst list = listEndpoints(app);\nconst ms = performance.now() - t;\nconst ops = list.flatMap((e) => e.methods.map((m) => m + ' ' + e.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')));\nconsole.log(JSON.stringify({ ms, ops }));\n`
        : `import { inspectRoutes } from 'hono/dev';\nconst { default: app } = await import(${JSON.stringify(pathToFileURL(app.file).href)});\nconst t = performance.now();\nconst list = inspectRoutes(app);\nconst ms = performance.now() - t;\nconst ops = list.filter((r) => !r.isMiddleware).map((r) => r.method + ' ' + r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));\nconsole.log(JSON.stringify({ ms, ops }));\n`,
    );
    const times = [];
    let ops = [];
    for (let run = 0; run < RUNS; run++) {
      const result = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(result.stderr);
      const parsed = JSON.parse(result.stdout.trim().split('\n').pop());
      times.push(parsed.ms);
      ops = parsed.ops;
    }
    measure(['--import', REGISTER, app.file], { DOCGEN_TRACE_OUTPUT: join(OUT, 'trace.json') });
    const document = JSON.parse(readFileSync(join(OUT, 'openapi.json'), 'utf8'));
    const ours = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const theirs = [...new Set(ops.filter((o) => !o.startsWith('HEAD ')))];
    const missing = ours.filter((o) => !theirs.includes(o));
    const extra = theirs.filter((o) => !ours.includes(o));
    rows.push({ framework, peer, routes: app.routes, time: stats(times), theirs: ops.length, theirsUnique: theirs.length, ours: ours.length, missing, extra });
  }
  return rows;
}

/** Requests per second on a running app, with and without the preload (autocannon, loopback). */
async function requestPath(apps) {
  const { default: autocannon } = await import('autocannon');
  const rows = [];
  for (const framework of ['express5', 'hono']) {
    const app = apps.find((a) => a.framework === framework && a.lang === 'js' && a.routes === 1000);
    const rps = { plain: [], docgen: [] };
    for (let round = 0; round < (QUICK ? 1 : 3); round++) {
      for (const variant of ['plain', 'docgen']) {
        const port = 20000 + Math.floor(Math.random() * 20000);
        const child = spawn(process.execPath, [...(variant === 'docgen' ? ['--import', REGISTER] : []), app.file], {
          cwd: OUT,
          env: { ...process.env, PORT: String(port), DOCGEN_OUTPUT: join(OUT, 'openapi.json') },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await new Promise((resolve) => child.stdout.on('data', (c) => /listening/.test(String(c)) && resolve()));
        const result = await autocannon({ url: `http://127.0.0.1:${port}/g10/acme/items20/42`, connections: 20, duration: REQUEST_SECONDS });
        rps[variant].push(result.requests.average);
        await new Promise((resolve) => {
          child.on('close', resolve);
          child.kill('SIGTERM');
        });
      }
    }
    rows.push({ framework, plain: stats(rps.plain), docgen: stats(rps.docgen) });
  }
  return rows;
}

// ---- the report ----------------------------------------------------------------------------

const f1 = (n) => n.toFixed(1);
const ratio = (a, b) => (a / b).toFixed(3);

function report({ startupRows, readyRows, runtimeRows, discoveryRows, peerRows, requestRows, docs }) {
  const out = [];
  out.push('# docgen benchmark results', '');
  out.push(`Produced by \`npm run bench${QUICK ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}. ${RUNS} runs per measure after one warm-up run, the variants interleaved; medians, with min and max. Ratios are docgen's median over the baseline's median, in the same run.`, '');
  out.push('Budgets: JavaScript app with 1,000 routes at most 1.10 x plain `node`; TypeScript app with 1,000 routes at most 1.00 x `node --import tsx`; 10,000 routes documented in at most 50 ms with at most 15 MiB more peak memory than plain; at least 0.99 x the requests per second without docgen.', '');

  out.push('## 1. Start-up: wall time and peak memory of the whole process', '');
  out.push('The app registers its routes and ends; docgen\'s runs include writing the document (and the trace) at exit. Each app is a folder with its own package.json declaring its framework, as a project would; from it docgen decides whether the app needs module hooks (src/loading/node.ts): the Express apps run without, the Koa (@koa/router) and Hono apps, whose ES module builds docgen rewrites, with the hooks thread of `module.register()` on Node 20 and 22.', '');
  out.push('| app | routes | variant | wall ms (min-max) | x baseline | peak RSS MiB (min-max) | + MiB |', '|---|---|---|---|---|---|---|');
  for (const { app, results } of startupRows) {
    const [base] = results;
    for (const r of results) {
      out.push(`| ${app.framework} ${app.lang} | ${app.routes} | ${r.name} | ${f1(r.wall.median)} (${f1(r.wall.min)}-${f1(r.wall.max)}) | ${r === base ? '1.000' : ratio(r.wall.median, base.wall.median)} | ${f1(r.rss.median)} (${f1(r.rss.min)}-${f1(r.rss.max)}) | ${r === base ? '' : f1(r.rss.median - base.rss.median)} |`);
    }
  }
  out.push('', '### 1a. Time to ready: until the server listens', '');
  out.push('The same 1,000-route apps with PORT set, timed from spawn until they print that they listen, then stopped with SIGTERM. This is the start-up a server\'s user waits for: docgen records registrations as they happen and builds and writes the document when the process ends, after this.', '');
  out.push('| app | baseline | baseline ms (min-max) | docgen ms (min-max) | x baseline |', '|---|---|---|---|---|');
  for (const { app, results } of readyRows) {
    const [base, docgen] = results;
    out.push(`| ${app.framework} ${app.lang} | ${base.name} | ${f1(base.ready.median)} (${f1(base.ready.min)}-${f1(base.ready.max)}) | ${f1(docgen.ready.median)} (${f1(docgen.ready.min)}-${f1(docgen.ready.max)}) | ${ratio(docgen.ready.median, base.ready.median)} |`);
  }
  if (runtimeRows.length) {
    out.push('', '### 1b. The 1,000-route apps on Node 22 and 24', '');
    out.push('Where the app needs module hooks (Koa with @koa/router, Hono, every TypeScript entry) they run in-thread there (`module.registerHooks()`), except for a TypeScript entry on Node 22, which keeps the `module.register()` thread (see README, TypeScript); the Express apps need none.', '');
    out.push('| app | Node | baseline | baseline wall ms (min-max) | docgen wall ms (min-max) | x baseline | + MiB |', '|---|---|---|---|---|---|---|');
    for (const { app, version, results } of runtimeRows) {
      const [base, docgen] = results;
      out.push(`| ${app.framework} ${app.lang} | ${version} | ${base.name} | ${f1(base.wall.median)} (${f1(base.wall.min)}-${f1(base.wall.max)}) | ${f1(docgen.wall.median)} (${f1(docgen.wall.min)}-${f1(docgen.wall.max)}) | ${ratio(docgen.wall.median, base.wall.median)} | ${f1(docgen.rss.median - base.rss.median)} |`);
    }
  }
  out.push('', '## 2. Discovery and build: docgen\'s own code', '');
  out.push('From the spans of docgen\'s trace: walking the route model into operations (discover), building the OpenAPI document (build), writing it (write).', '');
  out.push('| app | routes | discover ms | build ms | write ms | discover + build, µs per route |', '|---|---|---|---|---|---|');
  for (const r of discoveryRows) {
    out.push(`| ${r.app.framework} | ${r.app.routes} | ${f1(r.discover.median)} (${f1(r.discover.min)}-${f1(r.discover.max)}) | ${f1(r.build.median)} (${f1(r.build.min)}-${f1(r.build.max)}) | ${f1(r.write.median)} | ${(((r.discover.median + r.build.median) * 1000) / r.app.routes).toFixed(2)} |`);
  }
  out.push('', '## 3. Peers on the same apps', '');
  out.push('| app | routes | peer | peer\'s time to list ms | operations listed by the peer (distinct) | by docgen | docgen has, the peer lacks | the peer has, docgen lacks |', '|---|---|---|---|---|---|---|---|');
  for (const r of peerRows) {
    out.push(`| ${r.framework} | ${r.routes} | ${r.peer} | ${f1(r.time.median)} (${f1(r.time.min)}-${f1(r.time.max)}) | ${r.theirs} (${r.theirsUnique}) | ${r.ours} | ${r.missing.length}${r.missing.length ? `, e.g. \`${r.missing[0]}\`` : ''} | ${r.extra.length}${r.extra.length ? `, e.g. \`${r.extra[0]}\`` : ''} |`);
  }
  out.push('', 'The peers list routes from a live app object after the fact; docgen\'s listing time is its discover + build time above, and it also writes the document.', '');
  out.push('## 4. Request path', '');
  out.push(`autocannon, 20 connections, ${REQUEST_SECONDS} s per run, GET of one route of the 1,000-route app on loopback.`, '');
  out.push('| app | without docgen, req/s (min-max) | with docgen, req/s (min-max) | ratio |', '|---|---|---|---|');
  for (const r of requestRows) {
    out.push(`| ${r.framework} | ${r.plain.median.toFixed(0)} (${r.plain.min.toFixed(0)}-${r.plain.max.toFixed(0)}) | ${r.docgen.median.toFixed(0)} (${r.docgen.min.toFixed(0)}-${r.docgen.max.toFixed(0)}) | ${ratio(r.docgen.median, r.plain.median)} |`);
  }
  out.push('', '## 5. JSDoc and handler types', '');
  out.push(`An Express 5 TypeScript app of ${docs.app.routes} routes in ${docs.files} files, every route with a JSDoc block and a typed handler. Reading them happens when the document is built, at exit: the \`typescript\` package is loaded once and each file parsed once.`, '');
  out.push('| variant | wall ms (min-max) | x tsx | peak RSS MiB | + MiB |', '|---|---|---|---|---|');
  const [tsx] = docs.results;
  for (const r of docs.results) out.push(`| ${r.name} | ${f1(r.wall.median)} (${f1(r.wall.min)}-${f1(r.wall.max)}) | ${r === tsx ? '1.000' : ratio(r.wall.median, tsx.wall.median)} | ${f1(r.rss.median)} | ${r === tsx ? '' : f1(r.rss.median - tsx.rss.median)} |`);
  out.push('', `Of docgen's time: loading \`typescript\` ${f1(docs.load.median)} ms, reading and parsing the files ${f1(docs.parse.median)} ms, building the document (the lookups included) ${f1(docs.build.median)} ms (medians). An app with no JSDoc and no typed handler skips all three.`, '');
  return out.join('\n');
}

// ---- main ---------------------------------------------------------------------------------

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const apps = generateApps(APPS, SIZES);
const sink = await otlpSink();
try {
  const startupRows = await startup(apps, sink);
  const readyRows = await readiness(apps);
  const runtimeRows = otherRuntimes(apps);
  log('discovery');
  const discoveryRows = discovery(apps);
  log('peers');
  const peerRows = peers(apps);
  log('request path');
  const requestRows = await requestPath(apps);
  const docs = sourceDocs(generateDocumentedApp(APPS, 1000));
  const text = report({ startupRows, readyRows, runtimeRows, discoveryRows, peerRows, requestRows, docs });
  writeFileSync(join(ROOT, 'bench', QUICK ? 'out/RESULTS-quick.md' : 'RESULTS.md'), text);
  process.stdout.write(text);
} finally {
  sink.close();
}
