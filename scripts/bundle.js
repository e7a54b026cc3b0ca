// Bundles what docgen's package ships, after tsc has built dist/ (issue 16: an install of at most
// 15 MiB that holds what a user needs and nothing else):
//
// - dist/register.js, dist/hooks-thread.js and dist/export-worker.js: the preload, the module
//   hooks thread and the trace export worker, one self-contained ES module each (the learner
//   apart, in dist/register-learn.js and chunks it shares with the preload). Loading ~60 small
//   ES modules cost a cold process about 50 ms of resolving and linking (bench/RESULTS.md); one
//   file costs a fraction. Self-contained, they run in a process that resolves nothing around
//   them: a Deno-first project (deno.json npm: imports, no node_modules) preloads dist/register.js
//   itself. The OpenTelemetry SDK and exporter live only in the export worker.
// - dist/cli/main.js: the `docgen` command. Its dependencies (the OpenAPI schema validator, ajv,
//   yaml) stay installed packages: the validator reads its JSON schemas from its own folder.
// - dist/typescript.cjs: the typescript package's one file docgen loads, minified (9.1 MB to
//   3.6 MB; the package is 24 MB installed): its parser for JSDoc, typed handlers and syntax
//   errors, its transpileModule for apps without esbuild (src/loading/bundled-typescript.ts).
//   Each bundle is told where it is relative to itself (DOCGEN_TYPESCRIPT_PATH).
// - esbuild is never bundled nor installed: docgen uses the app's own, when it has one
//   (src/loading/app-packages.ts).
// - dist/swagger-ui/: the two files of swagger-ui-dist the HTML reference inlines (2 of its 12 MB),
//   with its licence and notice.
// - dist/THIRD-PARTY-LICENSES.md: the licence of every package bundled into the files above.
//
// tsc's per-module files stay in dist/ for tests that import a module; package.json's `files`
// ships only what is listed above.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const require = createRequire(join(root, 'package.json'));
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

/** Loaded from the app at run time (src/loading/app-packages.ts); typescript from dist/typescript.cjs. */
const APP_PACKAGES = ['esbuild', 'typescript'];
const typescriptDefines = (path) => ({
  DOCGEN_TYPESCRIPT_PATH: JSON.stringify(path),
  DOCGEN_TYPESCRIPT_VERSION: JSON.stringify(versionOf('typescript')),
});

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies bundled into an ES module still call require() for built-ins.
  banner: { js: "import { createRequire as __docgenRequire } from 'node:module'; const require = __docgenRequire(import.meta.url);" },
  define: {
    DOCGEN_BUNDLED_OTEL_SDK_VERSION: JSON.stringify(versionOf('@opentelemetry/sdk-trace-node')),
    ...typescriptDefines('./typescript.cjs'),
  },
  // Bundled packages' licences go to THIRD-PARTY-LICENSES.md, not into each file.
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  allowOverwrite: true,
};

// Chunk names change with their content: the previous build's must not linger (and ship).
for (const name of existsSync(dist) ? readdirSync(dist) : []) if (/^chunk-\w+\.js$/.test(name)) rmSync(join(dist, name));

// The preload and its learner (src/learn-work.ts, which the preload imports only when learning),
// split: the modules both use go to shared chunks, so an app that does not learn never parses
// the learner or ajv.
const preload = await build({
  ...common,
  external: APP_PACKAGES,
  entryPoints: { register: join(root, 'src/register.ts'), 'register-learn': join(root, 'src/learn-work.ts') },
  splitting: true,
  outdir: dist,
});

const workers = await build({
  ...common,
  external: APP_PACKAGES,
  entryPoints: { 'hooks-thread': join(root, 'src/loading/hooks-thread.ts'), 'export-worker': join(root, 'src/tracing/export-worker.ts') },
  outdir: dist,
});

const cli = await build({
  ...common,
  define: { ...common.define, ...typescriptDefines('../typescript.cjs') },
  external: [...APP_PACKAGES, ...Object.keys(manifest.dependencies ?? {})],
  entryPoints: { 'cli/main': join(root, 'src/cli/main.ts') },
  outdir: dist,
});

const typescript = await build({
  entryPoints: [require.resolve('typescript')],
  outfile: join(dist, 'typescript.cjs'),
  bundle: true,
  minify: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// tsc's source maps and declarations of the files the bundles replaced describe other code.
for (const file of ['register', 'learn-work', 'cli/main']) for (const suffix of ['.js.map', '.d.ts', '.d.ts.map']) rmSync(join(dist, file + suffix), { force: true });
// The byte-identical Deno copy of the preload that earlier builds made.
rmSync(join(dist, 'deno'), { recursive: true, force: true });

copySwaggerUi();
writeThirdPartyLicenses([preload.metafile, workers.metafile, cli.metafile, typescript.metafile]);

function copySwaggerUi() {
  // swagger-ui-dist is a devDependency: a dev install (npm ci) that lacks it fails here, loudly.
  const from = dirname(require.resolve('swagger-ui-dist/package.json'));
  const to = join(dist, 'swagger-ui');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of ['package.json', 'swagger-ui-bundle.js', 'swagger-ui-bundle.js.LICENSE.txt', 'swagger-ui.css', 'LICENSE', 'NOTICE']) {
    cpSync(join(from, file), join(to, file));
  }
}

/** The licence of every package bundled into the shipped files; packages with the same text share one section. */
function writeThirdPartyLicenses(metafiles) {
  const folders = new Map();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) folders.set(join(root, input.slice(0, match.index + match[0].length)), match[1]);
    }
  }
  const byText = new Map();
  for (const [folder, name] of [...folders].sort(([, a], [, b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(folder).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
    if (!licenceFile) throw new Error(`${name} (${relative(root, folder)}) is bundled but has no licence file: add its licence text to scripts/bundle.js`);
    // A notice file goes along with the licence (typescript's ThirdPartyNoticeText.txt).
    const noticeFile = readdirSync(folder).find((file) => /^(notice|thirdpartynoticetext)(\.(md|txt))?$/i.test(file));
    const text = [licenceFile, ...(noticeFile ? [noticeFile] : [])].map((file) => readFileSync(join(folder, file), 'utf8').trim()).join('\n\n');
    if (!byText.has(text)) byText.set(text, []);
    byText.get(text).push(`${pkg.name}@${pkg.version} (${pkg.license})`);
  }
  const sections = [...byText].map(([text, names]) => `## ${names.join(', ')}\n\n${text}\n`);
  const header =
    '# Third-party licences\n\nThe files in dist/ bundle these packages (scripts/bundle.js); Swagger UI, which the HTML reference inlines, ' +
    'is in dist/swagger-ui/ with its own licence and notice.\n';
  writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.md'), [header, ...sections].join('\n'));
}

if (!existsSync(join(dist, 'register.js'))) throw new Error('the preload was not built');
