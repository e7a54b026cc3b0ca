// The transpile cache holds code docgen runs: it lives in the user's own cache folder, made 0700;
// a folder another user owns or can write to, or a link, is refused with a warning (the app
// still runs and is documented); an entry is run only when it is exactly what this transpile
// would produce. Each test runs a real TypeScript app under the preload with TMPDIR, HOME and
// XDG_CACHE_HOME pointed at fresh folders, and checks nothing lands in $TMPDIR/docgen-cache.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, operations, runApp } from './helpers/run-app.js';
import { readTrace, spansOf } from './helpers/trace.js';

const uid = process.getuid();
const asRoot = uid === 0;
const NOBODY = 65534;

/** A fresh TMPDIR, HOME and copy of the app (its own paths, so its own cache keys). */
function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'docgen-cache-test-'));
  const paths = { dir, tmp: join(dir, 'tmp'), home: join(dir, 'home'), xdg: join(dir, 'xdg'), app: join(dir, 'app') };
  mkdirSync(paths.tmp);
  mkdirSync(paths.home);
  cpSync(join(FIXTURES, 'loading', 'cache'), paths.app, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(paths.app, 'node_modules'));
  return paths;
}

/** The environment of a user with this scratch's folders, and nothing of the runner's cache settings. */
const envOf = (s, extra = {}) => ({ TMPDIR: s.tmp, HOME: s.home, XDG_CACHE_HOME: undefined, DOCGEN_CACHE_DIR: undefined, DOCGEN_CACHE: undefined, ...extra });

const run = (s, env) => runApp(join(s.app, 'app.ts'), { env });

function assertRanAndDocumented(result, path = '/cached') {
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout, 'app ran: hello\n', result.stderr);
  assert.equal(operations(result.document), [`GET ${path}`]);
}

function assertNothingInTemporaryFolder(s) {
  assert.not.ok(existsSync(join(s.tmp, 'docgen-cache')), '$TMPDIR/docgen-cache must not exist');
}

const loadSpan = (result) => spansOf(readTrace(result.cwd)).find((span) => span.name === 'docgen.load').attributes;

/** Transpiled code entries (`.js`); V8's code cache of docgen's typescript (`.v8`) is apart: codeCachesIn. */
const entriesIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith('.v8')) : []);
const codeCachesIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8')) : []);

/** The entry whose code holds `marker` (entries are named by a hash, so they are found by content). */
function entryWith(dir, marker) {
  const found = entriesIn(dir).filter((name) => readFileSync(join(dir, name), 'utf8').includes(marker));
  assert.is(found.length, 1, `one entry in ${dir} holds ${marker}: ${found}`);
  return join(dir, found[0]);
}

function assertRefusedOnce(result, dir, reason) {
  const warnings = result.stderr.split('\n').filter((line) => line.includes(`TypeScript cache folder ${dir} is not used`));
  assert.is(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /^docgen warning: /);
  assert.match(warnings[0], reason);
  assert.match(warnings[0], 'transpiling without a cache');
}

test('the cache is made 0700 in ~/.cache/docgen/transpile, entries 0600; processes started together share it; the next run takes its entries', async () => {
  const s = scratch();
  const env = envOf(s);
  // Three processes on an empty cache at once: each writes whole entries (temporary file, then rename).
  for (const result of await Promise.all([run(s, env), run(s, env), run(s, env)])) assertRanAndDocumented(result);
  const folder = join(s.home, '.cache', 'docgen', 'transpile');
  for (const dir of [join(s.home, '.cache', 'docgen'), folder]) {
    const stat = lstatSync(dir);
    assert.ok(stat.isDirectory(), dir);
    assert.is(stat.mode & 0o777, 0o700, dir);
    assert.is(stat.uid, uid, dir);
  }
  const entries = entriesIn(folder);
  assert.is(entries.length, 2, `${entries}`);
  for (const name of entries) {
    assert.match(name, /^[0-9a-f]{64}\.js$/);
    assert.is(lstatSync(join(folder, name)).mode & 0o777, 0o600, name);
  }
  // typescript, loaded at exit to read what the handlers send, is compiled once: V8's code cache of it.
  const caches = codeCachesIn(folder);
  assert.is(caches.length, 1, `${caches}`);
  assert.match(caches[0], /^[0-9a-f]{64}\.v8$/);
  assert.is(lstatSync(join(folder, caches[0])).mode & 0o777, 0o600);
  const made = lstatSync(join(folder, caches[0])).mtimeMs;
  const again = await run(s, env);
  assertRanAndDocumented(again);
  assert.is(lstatSync(join(folder, caches[0])).mtimeMs, made, 'the code cache is taken, not made again');
  assert.is(loadSpan(again)['docgen.load.cache_hits'], 2);
  assert.is(loadSpan(again)['docgen.load.transpiled'], 0);
  assert.is(again.stderr.includes('warning'), false, again.stderr);
  assertNothingInTemporaryFolder(s);
});

test('$XDG_CACHE_HOME/docgen/transpile when XDG_CACHE_HOME is set; with no usable home, $TMPDIR/docgen-<uid>/transpile', async () => {
  const s = scratch();
  assertRanAndDocumented(await run(s, envOf(s, { XDG_CACHE_HOME: s.xdg })));
  assert.is(entriesIn(join(s.xdg, 'docgen', 'transpile')).length, 2);
  assert.is(lstatSync(join(s.xdg, 'docgen', 'transpile')).mode & 0o777, 0o700);
  assert.not.ok(existsSync(join(s.home, '.cache')));

  const homeless = await run(s, envOf(s, { HOME: join(s.dir, 'no-such-home') }));
  assertRanAndDocumented(homeless);
  assert.is(homeless.stderr.includes('warning'), false, homeless.stderr);
  const byUid = join(s.tmp, `docgen-${uid}`, 'transpile');
  assert.is(entriesIn(byUid).length, 2);
  assert.is(lstatSync(byUid).mode & 0o777, 0o700);
  assert.is(lstatSync(join(s.tmp, `docgen-${uid}`)).mode & 0o777, 0o700);
  assertNothingInTemporaryFolder(s);
});

test('a cache folder others can write to is refused with one warning, the app runs and is documented: transpile/, docgen/, and DOCGEN_CACHE_DIR', async () => {
  const s = scratch();
  const cases = [
    { made: join(s.xdg, 'docgen', 'transpile'), refused: join(s.xdg, 'docgen', 'transpile'), env: envOf(s, { XDG_CACHE_HOME: s.xdg }) },
    { made: join(s.home, '.cache', 'docgen'), refused: join(s.home, '.cache', 'docgen'), env: envOf(s) },
    { made: join(s.dir, 'chosen'), refused: join(s.dir, 'chosen'), env: envOf(s, { DOCGEN_CACHE_DIR: join(s.dir, 'chosen') }) },
  ];
  for (const { made, refused, env } of cases) {
    mkdirSync(made, { recursive: true });
    chmodSync(made, 0o777); // as another user's mkdir, or a careless umask, may leave it
    const result = await run(s, env);
    assertRanAndDocumented(result);
    assertRefusedOnce(result, refused, /users other than its owner can write to it \(mode 777\).*; transpiling without a cache \(remove it, or `chmod go-w` it if no one else can have put files in it, or set DOCGEN_CACHE_DIR to another folder\)/);
    assert.equal(entriesIn(join(made, 'transpile')), [], `nothing written into ${made}`);
    assert.equal(entriesIn(s.tmp), [], 'no other folder taken instead');
  }
  assertNothingInTemporaryFolder(s);
});

(asRoot ? test : test.skip)('a cache folder owned by another user is refused, by root too, and the app runs and is documented', async () => {
  const s = scratch();
  const folder = join(s.xdg, 'docgen', 'transpile');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chownSync(folder, NOBODY, NOBODY);
  const result = await run(s, envOf(s, { XDG_CACHE_HOME: s.xdg }));
  assertRanAndDocumented(result);
  assertRefusedOnce(result, folder, new RegExp(`it belongs to another user \\(uid ${NOBODY}; this process runs as uid 0\\)`));
  assert.equal(entriesIn(folder), []);
  assertNothingInTemporaryFolder(s);
});
if (!asRoot) console.log(`skipped: a folder owned by another user can be made only as root (this runs as uid ${uid})`);

test('a symbolic link as the cache folder is refused, and nothing is written where it leads', async () => {
  const s = scratch();
  const elsewhere = join(s.dir, 'elsewhere');
  mkdirSync(elsewhere, { mode: 0o700 });
  mkdirSync(join(s.xdg, 'docgen'), { recursive: true, mode: 0o700 });
  const link = join(s.xdg, 'docgen', 'transpile');
  symlinkSync(elsewhere, link);
  const result = await run(s, envOf(s, { XDG_CACHE_HOME: s.xdg }));
  assertRanAndDocumented(result);
  assertRefusedOnce(result, link, /it is a symbolic link/);
  assert.equal(entriesIn(elsewhere), []);
  assertNothingInTemporaryFolder(s);
});

// Links where routes.ts's code is expected (it exports mount), then shows that it ran.
test('a DOCGEN_CACHE_DIR that cannot be made is said once, and the app runs and is documented', async () => {
  const s = scratch();
  const blocker = join(s.dir, 'a-file');
  writeFileSync(blocker, '');
  const result = await run(s, envOf(s, { DOCGEN_CACHE_DIR: join(blocker, 'cache') }));
  assertRanAndDocumented(result);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('TypeScript cache folder'));
  assert.is(warnings.length, 1, result.stderr);
  assert.match(warnings[0], `docgen warning: the TypeScript cache folder ${join(blocker, 'cache', 'transpile')} cannot be made (ENOTDIR); transpiling without a cache`);
  assertNothingInTemporaryFolder(s);
});

/** The app run once with DOCGEN_CACHE_DIR (a folder the old and new code both use), and routes.ts's entry. */
async function cachedApp() {
  const s = scratch();
  const env = envOf(s, { DOCGEN_CACHE_DIR: join(s.dir, 'chosen') });
  const folder = join(s.dir, 'chosen', 'transpile');
  assertRanAndDocumented(await run(s, env));
  return { s, env, folder, routes: entryWith(folder, 'function mount') };
}

const TAMPERED = "export function mount() {}\nconsole.log('TAMPERED entry ran');\nthrow new Error('a tampered cache entry ran');\n";

test('a tampered entry (same name, other content) is never run: it is transpiled again and replaced', async () => {
  const { s, env, routes: entry } = await cachedApp();
  const original = readFileSync(entry, 'utf8');
  // The code changed under its first line; then the whole file replaced.
  for (const tampered of [original.slice(0, original.indexOf('\n') + 1) + TAMPERED, TAMPERED]) {
    writeFileSync(entry, tampered);
    const result = await run(s, env);
    assert.not.match(result.stdout, 'TAMPERED');
    assert.not.match(result.stderr, 'tampered cache entry ran');
    assertRanAndDocumented(result);
    assert.is(loadSpan(result)['docgen.load.transpiled'], 1);
    assert.is(readFileSync(entry, 'utf8'), original, 'the entry is rewritten');
  }
  assertNothingInTemporaryFolder(s);
});

test("a foreign entry (another file's whole entry under this key's name) is never run", async () => {
  const { s, env, folder, routes } = await cachedApp();
  const original = readFileSync(routes, 'utf8');
  // app.ts's entry in routes.ts's place: it would print "app ran" twice, and export no mount.
  writeFileSync(routes, readFileSync(entryWith(folder, 'app ran'), 'utf8'));
  const result = await run(s, env);
  assertRanAndDocumented(result);
  assert.is(readFileSync(routes, 'utf8'), original);
  assertNothingInTemporaryFolder(s);
});

(asRoot ? test : test.skip)('an entry file owned by another user is not run, even one whose first line names its key and code', async () => {
  const { s, env, routes: entry } = await cachedApp();
  const key = entry.slice(entry.lastIndexOf('/') + 1, -'.js'.length);
  // Well formed, as transpile-cache.ts writes entries: only the owner check stands in the way.
  writeFileSync(entry, `//docgen-transpile-cache 1 ${key} ${createHash('sha256').update(TAMPERED).digest('hex')}\n${TAMPERED}`);
  chownSync(entry, NOBODY, NOBODY);
  const result = await run(s, env);
  assert.not.match(result.stdout, 'TAMPERED');
  assertRanAndDocumented(result);
  assert.is(lstatSync(entry).uid, uid, 'replaced by an entry of this user');
  assertNothingInTemporaryFolder(s);
});
if (!asRoot) console.log(`skipped: an entry owned by another user can be made only as root (this runs as uid ${uid})`);

test('after the source changes, the stale entry is not used: the new code runs and gets its own entry in the user cache', async () => {
  const s = scratch();
  const env = envOf(s, { XDG_CACHE_HOME: s.xdg });
  const folder = join(s.xdg, 'docgen', 'transpile');
  assertRanAndDocumented(await run(s, env));
  const stale = entryWith(folder, '"/cached"');
  const routes = join(s.app, 'routes.ts');
  writeFileSync(routes, readFileSync(routes, 'utf8').replace("'/cached'", "'/changed'"));
  const result = await run(s, env);
  assertRanAndDocumented(result, '/changed');
  assert.is(loadSpan(result)['docgen.load.transpiled'], 1);
  assert.is(loadSpan(result)['docgen.load.cache_hits'], 1);
  assert.ok(existsSync(stale));
  assert.is.not(entryWith(folder, '"/changed"'), stale);
  assertNothingInTemporaryFolder(s);
});

test("another docgen version does not take this one's entries", async () => {
  const s = scratch();
  const env = envOf(s, { DOCGEN_CACHE_DIR: join(s.dir, 'chosen') });
  // docgen as another version: its dist/ and a package.json with another version.
  const other = join(s.dir, 'docgen-other');
  cpSync(join(ROOT, 'dist'), join(other, 'dist'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(other, 'package.json'), JSON.stringify({ ...manifest, version: `${manifest.version}-other` }));
  symlinkSync(join(ROOT, 'node_modules'), join(other, 'node_modules'));
  assertRanAndDocumented(await run(s, env));
  const first = await runApp(join(s.app, 'app.ts'), { env, register: join(other, 'dist', 'register.js') });
  assertRanAndDocumented(first);
  assert.is(loadSpan(first)['docgen.load.cache_hits'], 0);
  assert.is(loadSpan(first)['docgen.load.transpiled'], 2);
  const second = await runApp(join(s.app, 'app.ts'), { env, register: join(other, 'dist', 'register.js') });
  assert.is(loadSpan(second)['docgen.load.cache_hits'], 2);
  assertNothingInTemporaryFolder(s);
});

test.run();
