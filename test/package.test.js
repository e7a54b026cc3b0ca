// The package as a user gets it: `npm pack`, then installed from the tarball into fresh
// projects outside this repository (so nothing of the repository's node_modules is found), under
// the alias users type (`docgen@npm:docgen-openapi`, here `docgen@file:<tarball>`) and under its
// own name. What the tarball holds, `npm publish --dry-run`, the install's size, and the README's
// commands run there: the preload on a JavaScript and a TypeScript app (with neither esbuild nor
// typescript installed, on every Node), `docgen generate` in JSON, YAML and HTML, `docgen validate`,
// and learning from traffic (`docgen learn`, `DOCGEN_LEARN=1` on every Node, `docgen verify`),
// whose capture parses media types and multipart headers and checks bodies with ajv inside the
// bundled preload.
// The installs reach the npm registry (express, and the package's own dependencies).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { nodeRuntimes } from '../scripts/runtimes.js';
import { FIXTURES, ROOT } from './helpers/run-app.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The budget of issue 16 for `npm install --omit=dev` of the package into an empty project. */
const INSTALL_BUDGET = 15 * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'docgen-package-'));
const runtimes = [{ name: `node${process.versions.node.split('.')[0]}`, path: process.execPath }, ...nodeRuntimes()];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180000, ...options, env: { ...process.env, NODE_OPTIONS: '', DOCGEN_CACHE: '0', ...options.env } });
  return { ...result, output: `${result.stdout}\n${result.stderr}` };
}

function npm(args, cwd) {
  const result = run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=warn'], { cwd });
  assert.is(result.status, 0, `npm ${args.join(' ')} failed in ${cwd}:\n${result.output}`);
  return result;
}

/**
 * npm's layout that hoists nothing: each package's dependencies under its own folder. With the
 * usual hoisting, the app's packages sit beside docgen and would hide one that docgen uses but
 * neither bundles nor declares (Express depends on path-to-regexp, content-type, content-disposition).
 */
const NESTED = ['--install-strategy=nested'];

/** A fresh project (a bare package.json, CommonJS) with `dependencies` installed. */
function project(name, dependencies, extraArgs = []) {
  const dir = join(work, name);
  cpSync(join(FIXTURES, 'package'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  const install = npm(['install', ...extraArgs, ...dependencies], dir);
  return { dir, install };
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

// dist/ is built by `npm test` before the suite; --ignore-scripts keeps `prepack` from building it again.
const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
const tarball = join(work, JSON.parse(packed.stdout)[0].filename);

test('npm pack --dry-run lists what a user needs and nothing else: no maps, no declarations, no sources, no fixtures', () => {
  const listed = JSON.parse(npm(['pack', '--dry-run', '--ignore-scripts', '--json'], ROOT).stdout)[0];
  assert.is(listed.name, 'docgen-openapi');
  // The chunks the preload shares with its learner are named by their content: each must be one
  // that another shipped file imports, and none may be left over from an earlier build.
  const chunks = listed.files.map((f) => f.path).filter((p) => /^dist\/chunk-\w+\.js$/.test(p));
  assert.ok(chunks.length > 0, 'the preload is split into chunks');
  const bundleFiles = ['dist/register.js', 'dist/register-learn.js', ...chunks].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
  for (const chunk of chunks) {
    const name = `./${chunk.slice('dist/'.length)}`;
    assert.ok(bundleFiles.some(({ file, text }) => file !== chunk && text.includes(name)), `${chunk} is imported by another shipped file`);
  }
  assert.equal(
    listed.files.map((f) => f.path).filter((p) => !chunks.includes(p)).sort(),
    [
      'README.md',
      'dist/THIRD-PARTY-LICENSES.md',
      'dist/cli/main.js',
      'dist/export-worker.js',
      'dist/hooks-thread.js',
      'dist/register-learn.js',
      'dist/register.js',
      'dist/swagger-ui/LICENSE',
      'dist/swagger-ui/NOTICE',
      'dist/swagger-ui/package.json',
      'dist/swagger-ui/swagger-ui-bundle.js',
      'dist/swagger-ui/swagger-ui-bundle.js.LICENSE.txt',
      'dist/swagger-ui/swagger-ui.css',
      'dist/typescript.cjs',
      'otel-collector.yaml',
      'package.json',
    ],
  );
  // Every entry point the manifest names is shipped.
  const shipped = new Set(listed.files.map((f) => f.path));
  for (const target of [...Object.values(manifest.exports), ...Object.values(manifest.bin)]) assert.ok(shipped.has(target.replace(/^\.\//, '')), `${target} is not in the tarball`);
});

test('the tarball holds no byte-identical copies (the preload once, for Node and Deno alike) and no source map comments', () => {
  const extracted = join(work, 'extracted');
  run('mkdir', ['-p', extracted]);
  const tar = run('tar', ['-xzf', tarball, '-C', extracted]);
  assert.is(tar.status, 0, tar.output);
  const files = filesUnder(join(extracted, 'package'));
  const byHash = new Map();
  for (const file of files) {
    const hash = sha256(file);
    assert.not.ok(byHash.has(hash), `${relative(extracted, file)} repeats ${byHash.get(hash) && relative(extracted, byHash.get(hash))}`);
    byHash.set(hash, file);
  }
  const preload = join(extracted, 'package/dist/register.js');
  assert.is(files.filter((file) => sha256(file) === sha256(preload)).length, 1);
  for (const file of files.filter((f) => /\.c?js$/.test(f))) {
    const tail = readFileSync(file, 'utf8').slice(-300);
    assert.not.match(tail, /\/\/# sourceMappingURL=/, `${relative(extracted, file)} points at a source map`);
  }
});

test('npm publish --dry-run passes', () => {
  const result = npm(['publish', '--dry-run', '--ignore-scripts'], ROOT);
  assert.match(result.output, `+ ${manifest.name}@${manifest.version}`);
});

test(`npm install --omit=dev of the packed package into an empty project: at most 15 MiB, and no install scripts`, () => {
  const dir = join(work, 'size');
  run('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'size', version: '1.0.0', private: true }));
  const install = npm(['install', '--omit=dev', tarball], dir);
  // npm 11 lists every package with an install or `prepare` script: docgen has none.
  assert.not.match(install.output, /install-scripts[^\n]*docgen/, install.output);
  const du = run('du', ['-sb', join(dir, 'node_modules')]);
  const bytes = Number(du.stdout.split(/\s/)[0]);
  console.log(`# du -sb node_modules after npm install --omit=dev ${manifest.name}: ${bytes} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`);
  assert.ok(bytes > 1024 * 1024, `implausibly small: ${bytes}`);
  assert.ok(bytes <= INSTALL_BUDGET, `${bytes} bytes > ${INSTALL_BUDGET}`);
  // Neither of the two large packages docgen uses is installed with it.
  assert.not.ok(existsSync(join(dir, 'node_modules/typescript')), 'typescript installed');
  assert.not.ok(existsSync(join(dir, 'node_modules/esbuild')), 'esbuild installed');
  assert.not.ok(existsSync(join(dir, 'node_modules/swagger-ui-dist')), 'swagger-ui-dist installed');
});

test('installed as the alias docgen: node --import docgen/register app.js, and npx docgen generate', () => {
  // Nested: Express's own dependencies (path-to-regexp among them) stay under
  // node_modules/express/, where docgen's bundles cannot borrow them for one they forgot.
  const { dir } = project('alias', [`docgen@file:${tarball}`, 'express@5'], NESTED);
  assert.not.ok(existsSync(join(dir, 'node_modules/path-to-regexp')), 'hoisted beside docgen');
  assert.is(JSON.parse(readFileSync(join(dir, 'node_modules/docgen/package.json'), 'utf8')).name, 'docgen-openapi');
  const app = run(process.execPath, ['--import', 'docgen/register', 'app.js'], { cwd: dir });
  assert.is(app.status, 0, app.output);
  assert.match(app.stdout, 'listening');
  const document = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
  assert.equal(Object.keys(document.paths).sort(), ['/orders', '/orders/{orderId}']);
  // JSDoc, read with docgen's own typescript: the project has none.
  assert.is(document.paths['/orders'].get.summary, 'Lists the orders.');
  assert.is(document.paths['/orders/{orderId}'].get['x-docgen-source'], 'app.js:9');

  const generate = run('npx', ['docgen', 'generate', 'app.js', '-o', 'generated', '-f', 'json', '-f', 'yaml'], { cwd: dir });
  assert.is(generate.status, 0, generate.output);
  assert.equal(JSON.parse(readFileSync(join(dir, 'generated.json'), 'utf8')).paths, document.paths);
  assert.match(readFileSync(join(dir, 'generated.yaml'), 'utf8'), /\/orders\/\{orderId\}:/);
  const validate = run('npx', ['docgen', 'validate', 'generated.yaml'], { cwd: dir });
  assert.is(validate.status, 0, validate.output);
  assert.match(validate.output, 'valid');
});

test('installed under its own name, with neither esbuild nor typescript: node --import docgen-openapi/register app.ts on every Node, and the HTML reference', () => {
  const { dir } = project('plain', [tarball, 'express@5']);
  assert.not.ok(existsSync(join(dir, 'node_modules/esbuild')) || existsSync(join(dir, 'node_modules/typescript')));
  for (const runtime of runtimes) {
    const app = run(runtime.path, ['--import', 'docgen-openapi/register', 'app.ts'], { cwd: dir });
    assert.is(app.status, 0, `${runtime.name}:\n${app.output}`);
    assert.is(app.stderr.split('\n').filter((line) => line && !line.startsWith('docgen:')).join('\n'), '', `${runtime.name}: only docgen's line on stderr`);
    const operation = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')).paths['/colours'].get;
    assert.is(operation.summary, 'Lists the colours.', runtime.name);
    assert.is(operation['x-docgen-source'], 'app.ts:22', runtime.name);
  }
  const html = run('npx', ['docgen', 'generate', 'app.ts', '-f', 'html', '-o', 'reference'], { cwd: dir });
  assert.is(html.status, 0, html.output);
  const page = readFileSync(join(dir, 'reference.html'), 'utf8');
  assert.match(page, 'SwaggerUIBundle(');
  assert.match(page, '/colours');
  assert.ok(statSync(join(dir, 'reference.html')).size > 1_000_000, 'Swagger UI inlined');
});

test('learning from traffic, installed as the alias: docgen learn from one real request, DOCGEN_LEARN=1 on every Node, docgen verify', () => {
  // Nested, so that Express's own content-type and content-disposition (it depends on both) sit
  // under node_modules/express/ and docgen's preload cannot borrow them: what it uses it ships.
  const { dir } = project('learn', [`docgen@file:${tarball}`, 'express@5'], NESTED);
  assert.not.ok(existsSync(join(dir, 'node_modules/content-type')) || existsSync(join(dir, 'node_modules/content-disposition')), 'hoisted beside docgen');
  assert.ok(existsSync(join(dir, 'node_modules/express/node_modules/content-type')), 'Express has its own');
  // One multipart upload answered with JSON: the capture reads the request's Content-Type and
  // each part's Content-Disposition (content-type, content-disposition, bundled into the preload).
  const learn = run('npx', ['docgen', 'learn', '--', 'node', 'learn.js'], { cwd: dir });
  assert.is(learn.status, 0, learn.output);
  assert.match(learn.stdout, 'answered 201');
  assert.match(learn.output, 'learned from 1 exchange in 1 process: wrote openapi.json; openapi.learned.json holds 1 operation from 1 exchange so far');
  const operation = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')).paths['/orders/{orderId}/photos'].post;
  assert.equal(operation['x-docgen-learned'], { exchanges: 1, accepted: 1 });
  assert.equal(operation.parameters.map((p) => [p.in, p.name, p.schema]), [['path', 'orderId', { type: 'integer' }]]);
  const upload = operation.requestBody.content['multipart/form-data'].schema;
  assert.equal(upload.properties, { caption: { type: 'string' }, photo: { contentMediaType: 'application/octet-stream' } });
  // The handler's code names the fields (in its order, all required); traffic gives their types.
  assert.equal(operation.responses['201'].content['application/json'].schema, {
    type: 'object',
    properties: { id: { type: 'integer' }, bytes: { type: 'integer' }, received: { type: 'string', format: 'date-time' } },
    required: ['id', 'bytes', 'received'],
  });
  const store = JSON.parse(readFileSync(join(dir, 'openapi.learned.json'), 'utf8'));
  assert.ok(JSON.stringify(store).includes('/orders/{orderId}/photos'), 'the learned store names the operation');

  // The preload alone, as the README's DOCGEN_LEARN=1 line, learns the same on every Node.
  for (const runtime of runtimes) {
    const output = `direct-${runtime.name}.json`;
    const direct = run(runtime.path, ['--import', 'docgen/register', 'learn.js'], { cwd: dir, env: { DOCGEN_LEARN: '1', DOCGEN_OUTPUT: output } });
    assert.is(direct.status, 0, `${runtime.name}:\n${direct.output}`);
    assert.equal(JSON.parse(readFileSync(join(dir, output), 'utf8')).paths['/orders/{orderId}/photos'].post, operation, runtime.name);
  }

  // The learned document as the contract: the same traffic agrees, an id answered as a string does not.
  const agrees = run('npx', ['docgen', 'verify', 'openapi.json', '--', 'node', 'learn.js'], { cwd: dir });
  assert.is(agrees.status, 0, agrees.output);
  assert.match(agrees.output, '1 exchange checked against openapi.json: 0 contradictions; 1 of 1 operation reached by the traffic');
  const contradicts = run('npx', ['docgen', 'verify', 'openapi.json', '--', 'node', 'learn.js'], { cwd: dir, env: { ORDER_ID: 'string' } });
  assert.is(contradicts.status, 1, contradicts.output);
  assert.match(contradicts.stdout, '✗ POST /orders/{orderId}/photos: response 201 application/json at /id: the schema wants type integer, seen string');
  assert.match(contradicts.output, '1 exchange checked against openapi.json: 1 contradiction');
});

test.run();
