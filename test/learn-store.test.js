// The learned store (src/learn/store.ts): accumulates across processes and runs, written
// atomically under a lock by real concurrent Node processes without losing anything, recovers
// stale locks, never silently drops a file it cannot read, keeps no examples unless the run
// opted in, and starts fresh when removed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyLearned, Learner, mergeLearned, serializeLearned } from '../dist/learn/learned.js';
import { learnedStorePath, readLearnedStore, removeLearnedStore, saveLearnedStore } from '../dist/learn/store.js';
import { FIXTURES, NODE, ROOT } from './helpers/run-app.js';
import { denoRuntime } from '../scripts/runtimes.js';
import { workerExchanges } from './fixtures/learn/exchanges.mjs';

const WORKER = join(FIXTURES, 'learn', 'store-worker.mjs');
const WORKERS = 8;

function folder() {
  return mkdtempSync(join(tmpdir(), 'docgen-learn-store-'));
}

function learned(index, options) {
  const learner = new Learner(options);
  for (const exchange of workerExchanges(index)) learner.observe(exchange);
  return learner.state;
}

/** What `rounds` runs of WORKERS workers learned, merged in this process. */
function expected(rounds, options) {
  let state = emptyLearned();
  for (let round = 0; round < rounds; round++) for (let i = 0; i < WORKERS; i++) state = mergeLearned(state, learned(i, options));
  return serializeLearned(state);
}

function runWorker(store, index, start, examples, runtime = { path: NODE, args: [] }) {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.path, [...runtime.args, WORKER, store, String(index), String(start), ...(examples ? ['examples'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${index} exited ${code}: ${err}`))));
  });
}

const quiet = { examples: false, warn: (message) => assert.unreachable(`unexpected warning: ${message}`) };

test('the store sits beside the document', () => {
  assert.is(learnedStorePath('/srv/app/openapi.json'), '/srv/app/openapi.learned.json');
  assert.is(learnedStorePath('docs/api.yaml'), 'docs/api.learned.json');
  assert.is(learnedStorePath('/srv/app/openapi-2.json'), '/srv/app/openapi-2.learned.json');
  assert.is(learnedStorePath('spec'), 'spec.learned.json');
});

test(`${WORKERS} Node processes saving at the same moment, three runs in a row: nothing is lost, the bytes are those of the merge`, async () => {
  const store = join(folder(), 'openapi.learned.json');
  for (let round = 1; round <= 3; round++) {
    // All workers start saving at the same instant, once they are all loaded.
    const start = Date.now() + 1500;
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(store, i, start, false)));
    for (const result of results) assert.equal(result, { written: true, warnings: [] });
    assert.is(readFileSync(store, 'utf8'), expected(round), `round ${round}: the store is not the merge of every worker`);
  }
  const state = readLearnedStore(store, quiet);
  assert.is(state.paths['/articles'].get.exchanges, 3 * WORKERS * 50);
  for (let i = 0; i < WORKERS; i++) assert.is(state.paths[`/worker-${i}`].post.exchanges, 3, `worker ${i}'s operation`);
  assert.equal(readdirSync(join(store, '..')).sort(), ['openapi.learned.json'], 'no lock or temporary file left');
});

const deno = denoRuntime();
if (!deno) {
  test.skip('Node and Deno processes saving at once (Deno is not available here)', () => {});
} else {
  test('Node and Deno processes saving at the same moment: nothing is lost', async () => {
    const store = join(folder(), 'openapi.learned.json');
    const start = Date.now() + 3000;
    const runtimes = Array.from({ length: WORKERS }, (_, i) => (i % 2 ? { path: deno.path, args: ['run', '-A', `--config=${join(ROOT, 'deno.json')}`] } : undefined));
    const results = await Promise.all(runtimes.map((runtime, i) => runWorker(store, i, start, false, runtime)));
    for (const result of results) assert.equal(result, { written: true, warnings: [] });
    assert.is(readFileSync(store, 'utf8'), expected(1));
  });
}

test("a lock left by a process that is gone is broken at once; one held too long is stale after staleLockMs", () => {
  const dir = folder();
  const store = join(dir, 'openapi.learned.json');
  const dead = spawnSync(NODE, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(`${store}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), time: Date.now(), nonce: 'x' }));
  let began = Date.now();
  assert.is(saveLearnedStore(store, learned(0), quiet).written, true);
  assert.ok(Date.now() - began < 1000, 'waited for a dead process');
  assert.not.ok(existsSync(`${store}.lock`));
  // A live process (this one) whose lock is two minutes old.
  writeFileSync(`${store}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() - 120_000, nonce: 'y' }));
  began = Date.now();
  assert.is(saveLearnedStore(store, learned(1), quiet).written, true);
  assert.ok(Date.now() - began < 1000);
  // An empty lock (its writer killed between create and write), a few seconds old.
  writeFileSync(`${store}.lock`, '');
  const old = new Date(Date.now() - 5000);
  utimesSync(`${store}.lock`, old, old);
  assert.is(saveLearnedStore(store, learned(2), quiet).written, true);
  assert.is(readFileSync(store, 'utf8'), serializeLearned([0, 1, 2].map((i) => learned(i)).reduce(mergeLearned)));
  assert.equal(readdirSync(dir), ['openapi.learned.json']);
});

test('a lock held by a live process: the wait is bounded, said in a warning, and the store is still written', () => {
  const store = join(folder(), 'openapi.learned.json');
  const lock = JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), nonce: 'held' });
  writeFileSync(`${store}.lock`, lock);
  const warnings = [];
  const began = Date.now();
  const result = saveLearnedStore(store, learned(3), { examples: false, warn: (m) => warnings.push(m), lockTimeoutMs: 300 });
  assert.ok(Date.now() - began >= 300 && Date.now() - began < 2000);
  assert.is(result.written, true);
  assert.is(warnings.length, 1);
  assert.match(warnings[0], `is held by process ${process.pid} on ${hostname()} for more than 300 ms; the learned store is written without it`);
  assert.is(readFileSync(`${store}.lock`, 'utf8'), lock, "another process's lock is not removed");
  assert.is(readFileSync(store, 'utf8'), serializeLearned(learned(3)));
});

for (const [what, content, reason] of [
  ['corrupt', '{"format": "docgen-learned", "version": 1, "paths": {', /not JSON/],
  ['foreign', '{"openapi": "3.1.0", "paths": {}}', /not a docgen learned store/],
  ['damaged', '{"format": "docgen-learned", "version": 1, "paths": {"/a": {"get": {"exchanges": -3, "accepted": 0}}}, "unmatched": {}}', /\/paths\/~1a\/get\/exchanges: expected a count/],
]) {
  test(`a ${what} store: a clear warning, never a crash; it is moved aside, not silently discarded`, () => {
    const dir = folder();
    const store = join(dir, 'openapi.learned.json');
    writeFileSync(store, content);
    const warnings = [];
    const warn = (m) => warnings.push(m);
    assert.equal(readLearnedStore(store, { warn }), emptyLearned());
    assert.is(warnings.length, 1);
    assert.match(warnings[0], reason);
    assert.match(warnings[0], 'it is left as it is and nothing is read from it');
    assert.is(readFileSync(store, 'utf8'), content, 'reading changes nothing');

    const result = saveLearnedStore(store, learned(4), { examples: false, warn });
    assert.is(result.written, true);
    assert.is(warnings.length, 2);
    assert.match(warnings[1], `it was moved to ${store}.unreadable and a new store is started with this run's learning`);
    assert.is(readFileSync(`${store}.unreadable`, 'utf8'), content, 'the unreadable file is kept, byte for byte');
    assert.is(readFileSync(store, 'utf8'), serializeLearned(learned(4)));
    // A second unreadable file does not replace the first one moved aside.
    writeFileSync(store, 'garbage');
    saveLearnedStore(store, learned(4), { examples: false, warn });
    assert.is(readFileSync(`${store}.unreadable`, 'utf8'), content);
    assert.is(readFileSync(`${store}.unreadable-2`, 'utf8'), 'garbage');
  });
}

test("a newer docgen's store is left untouched, and the warning says this run's learning is not saved", () => {
  const store = join(folder(), 'openapi.learned.json');
  const newer = '{"format": "docgen-learned", "version": 99, "paths": {}, "unmatched": {}}';
  writeFileSync(store, newer);
  const warnings = [];
  const result = saveLearnedStore(store, learned(5), { examples: false, warn: (m) => warnings.push(m) });
  assert.is(result.written, false);
  assert.is(serializeLearned(result.state), serializeLearned(learned(5)), 'the caller still gets what this run learned');
  assert.is(readFileSync(store, 'utf8'), newer);
  assert.match(warnings.join('\n'), 'written by a newer docgen (format version 99; this docgen reads 1)');
});

test('examples stay in the store only while runs opt in; removing the store starts fresh', () => {
  const store = join(folder(), 'openapi.learned.json');
  saveLearnedStore(store, learned(6, { examples: true }), { examples: true, warn: quiet.warn });
  assert.match(readFileSync(store, 'utf8'), '"example"');
  saveLearnedStore(store, learned(7), quiet);
  assert.not.match(readFileSync(store, 'utf8'), '"example"', 'a run without the opt-in drops every example');
  assert.is(readFileSync(store, 'utf8'), serializeLearned(mergeLearned(learned(6), learned(7))));
  removeLearnedStore(store, quiet);
  assert.not.ok(existsSync(store));
  removeLearnedStore(store, quiet); // nothing to remove: no warning
  saveLearnedStore(store, learned(1), quiet);
  assert.is(readFileSync(store, 'utf8'), serializeLearned(learned(1)));
});

test('an unwritable folder: a warning, nothing thrown', () => {
  const dir = folder();
  writeFileSync(join(dir, 'file'), '');
  const warnings = [];
  const result = saveLearnedStore(join(dir, 'file', 'openapi.learned.json'), learned(0), { examples: false, warn: (m) => warnings.push(m), lockTimeoutMs: 100 });
  assert.is(result.written, false);
  assert.ok(warnings.length >= 1);
  assert.match(warnings.at(-1), 'could not be written');
});

test.run();
