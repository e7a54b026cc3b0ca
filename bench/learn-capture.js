// npm run build && node bench/learn-capture.js [--quick] [--long] [--profile]
// What the capture of traffic (issue 14, src/learn/capture) costs a serving app: requests per
// second of an Express 5 app and a Hono app (on @hono/node-server) whose requests and responses
// carry JSON bodies of a few KiB, with autocannon on loopback, for the app alone, under docgen's
// preload with learning off, and with learning on (DOCGEN_LEARN=1: the capture whole, parsing
// included, and the learner reducing every exchange to shapes). Then peak memory: a long run
// against a short one, with learning on (--long: 1,000, 100,000 and a million requests; --sizes=
// for others), the app alone at the smallest and largest. --rounds=N, --apps=hono, --no-memory,
// --no-throughput, --out=<file>. --profile writes a CPU profile of the capture variant (node --cpu-prof) and lists the
// functions that cost the most, past the first 1.5 s (start-up). Written to bench/LEARN-CAPTURE.md; reports, never fails on timing.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, stats } from './measure.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
// One folder per run: two runs at once (a throughput run, a long memory run) keep their apps apart.
const OUT = join(ROOT, 'bench', 'out', `learn-capture-${process.pid}`);
const REGISTER = join(ROOT, 'dist', 'register.js');
const RSS = join(ROOT, 'bench', 'report-rss.mjs');
const QUICK = process.argv.includes('--quick');
const LONG = process.argv.includes('--long');
const PROFILE = process.argv.includes('--profile');
// --no-throughput, --no-memory: leave a measure out; --sizes=1000,10000: the memory runs' request counts.
const THROUGHPUT = !process.argv.includes('--no-throughput');
const MEMORY = !process.argv.includes('--no-memory');
// --out=<file>: where the report goes (bench/LEARN-CAPTURE.md by default).
const REPORT = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(ROOT, 'bench', 'LEARN-CAPTURE.md');
// --apps=hono: only these apps (express5, hono).
const ONLY = process.argv.find((a) => a.startsWith('--apps='))?.slice('--apps='.length).split(',');
const SIZES = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length).split(',').map(Number);
const ROUNDS = QUICK ? 1 : Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 3);
const SECONDS = QUICK ? 3 : 8;
const CONNECTIONS = 10;
const WARMUP = QUICK ? 2 : 6;
const log = (line) => process.stderr.write(`${line}\n`);

// ---- the apps ---------------------------------------------------------------------------

/** About 4 KiB of JSON, as an API's list answer would be. */
const ITEMS = `Array.from({ length: 24 }, (_, i) => ({ id: i, name: 'item ' + i, price: i * 1.25, tags: ['red', 'large'], createdAt: '2026-01-01T00:00:00.000Z', owner: { id: 'u' + i, email: 'u' + i + '@example.com' } }))`;
const SERVE_END = `process.on('SIGTERM', () => { server.close(); server.closeAllConnections?.(); });`;

const APPS = {
  express5: {
    dependencies: { express5: 'npm:express@^5.1.0' },
    code: `import express from 'express5';
const items = ${ITEMS};
const app = express();
app.use(express.json({ limit: '1mb' }));
let served = 0;
app.get('/items/:id', (req, res) => res.json({ id: req.params.id, served: ++served, items }));
app.post('/items', (req, res) => res.status(201).json({ received: req.body.items.length, first: req.body.items[0] }));
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
${SERVE_END}
`,
  },
  hono: {
    dependencies: { hono: '^4.13.19', '@hono/node-server': '^2.1.9' },
    code: `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const items = ${ITEMS};
const app = new Hono();
let served = 0;
app.get('/items/:id', (c) => c.json({ id: c.req.param('id'), served: ++served, items }));
app.post('/items', async (c) => { const body = await c.req.json(); return c.json({ received: body.items.length, first: body.items[0] }, 201); });
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('listening'));
${SERVE_END}
`,
  },
};

function writeApps() {
  rmSync(OUT, { recursive: true, force: true });
  const files = {};
  for (const [name, app] of Object.entries(APPS)) {
    mkdirSync(join(OUT, name), { recursive: true });
    writeFileSync(join(OUT, name, 'package.json'), JSON.stringify({ name: `bench-learn-${name}`, version: '1.0.0', type: 'module', private: true, dependencies: app.dependencies }, null, 2) + '\n');
    writeFileSync(join(OUT, name, 'app.mjs'), app.code);
    if (!ONLY || ONLY.includes(name)) files[name] = join(OUT, name, 'app.mjs');
  }
  return files;
}

/**
 * The request mix: GET an item list (about 4 KiB answered), POST a list (about 4 KiB sent). No
 * two bodies are the same (a counter in each), as in real traffic: nothing can be saved by
 * recognising a body seen before.
 */
function requests() {
  const items = Array.from({ length: 24 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.25, tags: ['red', 'large'], createdAt: '2026-01-01T00:00:00.000Z', owner: { id: `u${i}`, email: `u${i}@example.com` } }));
  let sent = 0;
  return [
    { method: 'GET', path: '/items/7' },
    { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ sent: ++sent, items }) }) },
  ];
}

const VARIANTS = {
  plain: { preload: false, env: {} },
  'docgen, learning off': { preload: true, env: {} },
  'docgen, learning on': { preload: true, env: { DOCGEN_LEARN: '1' } },
};

// ---- running one app ----------------------------------------------------------------------


/** Starts the app, runs autocannon against it (`duration` seconds, or `amount` requests), stops it; the requests per second and the peak RSS (MiB). */
async function measure(file, variant, load, nodeArgs = []) {
  const port = await freePort();
  const args = [...nodeArgs, ...(variant.preload ? ['--import', REGISTER] : []), '--import', RSS, file];
  const child = spawn(process.execPath, args, {
    cwd: dirname(file),
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), DOCGEN_OUTPUT: join(OUT, 'openapi.json'), OTEL_TRACES_EXPORTER: 'none', DOCGEN_QUIET: '1', ...variant.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => /listening/.test(String(c)) && resolve());
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before listening\n${stderr}`)));
  });
  // Throughput is measured after WARMUP seconds of the same load, for every variant alike: the JIT
  // has compiled the hot paths, and learning has spent its initial burst (src/learn/capture/budget.ts).
  if (load.duration) await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, requests: requests(), duration: WARMUP });
  const cpuBefore = cpuTime(child.pid);
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, requests: requests(), ...load });
  const cpuDuring = cpuTime(child.pid) - cpuBefore;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const rss = Number(/__maxrss (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${file}: ${result.non2xx} answers not 2xx, ${result.errors} errors\n${stderr}`);
  const learning = /performance learning: (\d+) exchanges learned, (\d+) skipped; .*share of the process's CPU time ([\d.]+)/.exec(stderr);
  return { rps: result.requests.average, requests: result.requests.total, rss, cpu: cpuDuring, ...(learning ? { learned: Number(learning[1]), skipped: Number(learning[2]), share: Number(learning[3]) } : {}) };
}

/** The process's CPU time so far (user and system), in microseconds, from /proc (Linux). */
function cpuTime(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}


// ---- the measures -------------------------------------------------------------------------

async function throughput(files) {
  const rows = [];
  for (const [name, file] of Object.entries(files)) {
    const samples = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, { rps: [], cpu: [] }]));
    // Interleaved (A B C A B C ...): machine noise spreads over all variants.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [variantName, variant] of Object.entries(VARIANTS)) {
        log(`throughput: ${name}, ${variantName}, round ${round + 1}`);
        const run = await measure(file, variant, { duration: SECONDS });
        samples[variantName].rps.push(run.rps);
        // The server's CPU time per request while it answered (start-up left out).
        samples[variantName].cpu.push(run.cpu / run.requests);
      }
    }
    rows.push({ name, results: Object.entries(samples).map(([variant, { rps, cpu }]) => ({ variant, ...rpsStats(rps), cpu: stats(cpu).median })) });
  }
  return rows;
}

function rpsStats(samples) {
  const { median, min, max } = stats(samples);
  return { rps: median, min, max };
}

async function memory(files) {
  const amounts = SIZES ?? (LONG ? [1000, 100_000, 1_000_000] : [1000, 10_000, 100_000]);
  const rows = [];
  for (const [name, file] of Object.entries(files)) {
    // --learning-only: no run of the app alone (a million requests take long enough once).
    for (const variantName of process.argv.includes('--learning-only') ? ['docgen, learning on'] : ['plain', 'docgen, learning on']) {
      // The app alone at the smallest and the largest size, for what the app's own memory does.
      for (const amount of variantName === 'plain' ? [amounts[0], amounts[amounts.length - 1]] : amounts) {
        log(`memory: ${name}, ${variantName}, ${amount} requests`);
        // With learning on, DOCGEN_PERFORMANCE_METRICS says how many exchanges were learned, how many
        // were skipped once the budget was spent, and learning's share of the process's CPU time.
        const variant = VARIANTS[variantName].preload ? { ...VARIANTS[variantName], env: { ...VARIANTS[variantName].env, DOCGEN_PERFORMANCE_METRICS: '1', DOCGEN_QUIET: '0' } } : VARIANTS[variantName];
        const { rss, requests: total, learned, skipped, share } = await measure(file, variant, { amount });
        rows.push({ name, variant: variantName, amount: total, rss, learned, skipped, share });
      }
    }
  }
  return rows;
}

/** A CPU profile of the capture variant under load; the functions with the most self time. */
async function profile(files) {
  const rows = [];
  for (const [name, file] of Object.entries(files)) {
    const dir = join(OUT, `profile-${name}`);
    mkdirSync(dir, { recursive: true });
    log(`profile: ${name}, learning on`);
    await measure(file, VARIANTS['docgen, learning on'], { duration: SECONDS }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    // One profile per thread (the module hooks' thread has its own): the main thread's is the largest.
    const profileFile = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
    const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(join(dir, profileFile), 'utf8'));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    let elapsed = 0;
    samples.forEach((id, i) => {
      elapsed += timeDeltas[i];
      // The first 1.5 s are the app's start-up (and docgen's), not its answers.
      if (elapsed < 1_500_000) return;
      const node = byId.get(id);
      const url = node.callFrame.url;
      const where = url.includes('/node_modules/') ? url.split('/node_modules/').pop().split('/')[0] : url.startsWith(`file://${ROOT}/dist/`) ? 'docgen' : url.startsWith('node:') ? 'node' : url === '' ? 'native/gc' : 'app';
      const key = `${node.callFrame.functionName || '(anonymous)'} [${where}]`;
      self.set(key, (self.get(key) ?? 0) + timeDeltas[i]);
      total += timeDeltas[i];
    });
    const docgen = [...self].filter(([key]) => key.endsWith('[docgen]')).reduce((sum, [, us]) => sum + us, 0);
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, us]) => ({ fn, share: us / total }));
    rows.push({ name, docgenShare: docgen / total, top, file: join(dir, profileFile) });
  }
  return rows;
}

// ---- the report ---------------------------------------------------------------------------

const files = writeApps();
const throughputRows = THROUGHPUT ? await throughput(files) : [];
const memoryRows = MEMORY ? await memory(files) : [];
const profileRows = PROFILE ? await profile(files) : [];

const out = [];
out.push('# What the capture of traffic costs', '');
out.push(`Produced by \`node bench/learn-capture.js${process.argv.slice(2).map((a) => ` ${a}`).join("")}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}. autocannon on the same machine, ${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP} s of the same load (not measured), ${ROUNDS} round(s) with the variants interleaved; medians (min-max). Each connection alternates GET /items/7 (about 4 KiB of JSON answered) and POST /items (about 4 KiB of JSON sent, a small JSON answer); no two bodies are the same.`, '');
out.push('"learning on" is docgen\'s preload with DOCGEN_LEARN=1: each exchange followed is captured, matched, its bodies parsed, and reduced to shapes by the learner, within learning\'s budget (5 % of the process\'s CPU time, a burst of 1 s: src/learn/capture/budget.ts; a saturated app is learned from a sample of its exchanges); the document and the learned store are written at exit. Budget (issue 14): learning on at least 0.90 x the app without docgen.', '');
out.push('## Requests per second', '', 'Requests per second depend on what else the machine runs; the server\'s CPU time per request while it answers (from /proc, start-up left out) much less: its ratio says the same where the server is bound by its CPU.', '', '| app | variant | requests/s (min-max) | x plain | server CPU µs/request | plain\'s CPU / this CPU |', '|---|---|---|---|---|---|');
for (const { name, results } of throughputRows) {
  const plain = results.find((r) => r.variant === 'plain');
  for (const r of results) out.push(`| ${name} | ${r.variant} | ${r.rps.toFixed(0)} (${r.min.toFixed(0)}-${r.max.toFixed(0)}) | ${(r.rps / plain.rps).toFixed(3)} | ${r.cpu.toFixed(0)} | ${(plain.cpu / r.cpu).toFixed(3)} |`);
}
out.push('', '## Peak memory: a long run against a short one', '', 'With learning on, DOCGEN_PERFORMANCE_METRICS=1: the exchanges learned, those skipped once the budget was spent, and learning\'s share of the process\'s CPU time (its own measure: the capture\'s CPU time on the request path and at exit).', '', '| app | variant | requests | peak RSS MiB | learned | skipped | learning\'s share of CPU |', '|---|---|---|---|---|---|---|');
for (const r of memoryRows) out.push(`| ${r.name} | ${r.variant} | ${r.amount} | ${r.rss.toFixed(1)} | ${r.learned ?? ''} | ${r.skipped ?? ''} | ${r.share ?? ''} |`);
if (profileRows.length) {
  out.push('', '## Where the time goes with learning on (self time, node --cpu-prof)', '');
  for (const r of profileRows) {
    out.push(`### ${r.name}: docgen's own functions ${(r.docgenShare * 100).toFixed(1)} % of the samples`, '', '| function [where] | share of samples |', '|---|---|');
    for (const t of r.top) out.push(`| ${t.fn} | ${(t.share * 100).toFixed(1)} % |`);
    out.push('');
  }
}
writeFileSync(REPORT, out.join('\n') + '\n');
if (!PROFILE) rmSync(OUT, { recursive: true, force: true });
process.stdout.write(out.join('\n') + '\n');
