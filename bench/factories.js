// The cost of reading the app's own validation factories (src/schemas/closures.ts: each
// middleware's closure read through node:inspector when the document is built, at exit).
// In-process: 1,000 closures of a `validate(schema)` factory over joi request parts, and 1,000
// of an `auth(right)` factory that hold no schema (read, and found to hold nothing). Whole
// process: an Express 5 app of 1,000 routes in 20 files, each route `auth(...)`,
// `validate(...)` and a handler, run by plain node and under docgen, wall time medians.
// Usage: npm run build && node bench/factories.js [runs]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stats } from './measure.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'bench', 'out-factories');
const REGISTER = join(ROOT, 'dist', 'register.js');
const RUNS = Number(process.argv[2] ?? 5);
const ROUTES = 1000;
const FILES = 20;
const require = createRequire(import.meta.url);
const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;

// In-process.
const Joi = require('joi');
const { ClosureReader } = await import(join(ROOT, 'dist', 'schemas', 'closures.js'));
const { factoryFindings } = await import(join(ROOT, 'dist', 'schemas', 'factories.js'));
const validate = (schema) => (req, res, next) => (schema.body.validate(req.body), next());
const auth = (...rights) => (req, res, next) => (rights.length ? next() : next());
const validators = Array.from({ length: ROUTES }, (_, i) => validate({ params: Joi.object({ id: Joi.string() }), body: Joi.object({ [`name${i}`]: Joi.string().required(), size: Joi.number().integer() }) }));
const guards = Array.from({ length: ROUTES }, (_, i) => auth(`right${i % 7}`));
const timed = (fns) => {
  const times = [];
  for (let run = 0; run <= RUNS; run++) {
    const reader = new ClosureReader();
    const started = performance.now();
    let found = 0;
    for (const fn of fns) if (factoryFindings(reader.read(fn))?.length) found++;
    const ms = performance.now() - started;
    reader.close();
    if (found !== (fns === validators ? ROUTES : 0)) throw new Error(`found ${found} schemas`);
    if (run > 0) times.push(ms); // the first run warms up
  }
  return stats(times);
};
const withSchema = timed(validators);
const withoutSchema = timed(guards);
console.log(`in-process, ${ROUTES} closures: validate(schema) read and converted ${fmt(withSchema)} ms (${((withSchema.median / ROUTES) * 1000).toFixed(0)} µs each); auth(right), nothing found ${fmt(withoutSchema)} ms (${((withoutSchema.median / ROUTES) * 1000).toFixed(0)} µs each)`);

// Whole process.
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'routes'), { recursive: true });
const expressPath = JSON.stringify(require.resolve('express5'));
const joiPath = JSON.stringify(require.resolve('joi'));
writeFileSync(join(OUT, 'middlewares.cjs'), [
  'exports.validate = (schema) => function validate(req, res, next) { for (const part of Object.keys(schema)) schema[part].validate(req[part]); next(); };',
  'exports.auth = (...rights) => function auth(req, res, next) { return rights.length ? next() : next(); };',
  '',
].join('\n'));
const perFile = ROUTES / FILES;
for (let g = 0; g < FILES; g++) {
  const out = [`const express = require(${expressPath});`, `const Joi = require(${joiPath});`, "const { auth, validate } = require('../middlewares.cjs');", 'const router = express.Router();'];
  for (let k = 0; k < perFile; k++) {
    out.push(`router.post('/items${k}/:id', auth('manage'), validate({ params: Joi.object({ id: Joi.string() }), body: Joi.object({ name: Joi.string().required(), size: Joi.number().integer() }) }), (req, res) => res.end());`);
  }
  out.push('module.exports = router;', '');
  writeFileSync(join(OUT, 'routes', `r${g}.cjs`), out.join('\n'));
}
const app = join(OUT, 'app.cjs');
writeFileSync(app, [
  `const express = require(${expressPath});`,
  'const app = express();',
  ...Array.from({ length: FILES }, (_, g) => `app.use('/g${g}', require('./routes/r${g}.cjs'));`),
  '',
].join('\n'));

function run(args, env = {}) {
  const walls = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [...args, app], { cwd: OUT, env: { ...process.env, NODE_OPTIONS: '', DOCGEN_OUTPUT: join(OUT, 'openapi.json'), DOCGEN_TRACE_OUTPUT: join(OUT, 'trace.json'), ...env }, encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (result.status !== 0) throw new Error(result.stderr);
    if (i > 0) walls.push(wall);
  }
  return stats(walls);
}
const plain = run([]);
const docgen = run(['--import', REGISTER]);
const document = JSON.parse(readFileSync(join(OUT, 'openapi.json'), 'utf8'));
const bodies = Object.values(document.paths).filter((item) => item.post?.requestBody).length;
if (bodies !== ROUTES) throw new Error(`${bodies} request bodies documented, not ${ROUTES}`);
console.log('| variant | wall ms (min-max) | x node |');
console.log('|---|---|---|');
console.log(`| node | ${fmt(plain)} | 1.000 |`);
console.log(`| docgen (${bodies} request bodies from validate()) | ${fmt(docgen)} | ${(docgen.median / plain.median).toFixed(3)} |`);
rmSync(OUT, { recursive: true, force: true });
