// The statement docgen appends to a framework's ES module, found with es-module-lexer: the
// rewritten modules are imported for real (Node's own loader), importers and the module's own
// code see what docgen assigns, and nothing in strings, templates or comments is touched.
// The real target files in node_modules are rewritten too, and keep their exports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { init, parse } from 'es-module-lexer';
import { MODULE_EVALUATED_KEY, withExportAccessors } from '../../dist/loading/esm-exports.js';
import { ROOT } from '../helpers/run-app.js';

const dir = mkdtempSync(join(tmpdir(), 'docgen-esm-'));
const received = new Map();
globalThis[Symbol.for(MODULE_EVALUATED_KEY)] = (url, accessors) => received.set(url, accessors);
let count = 0;

/** Writes `source` rewritten as a module file, imports it, and returns its namespace, the accessors docgen got, and the text. */
async function load(source, replaced) {
  const url = pathToFileURL(join(dir, `m${++count}.mjs`)).href;
  const rewritten = withExportAccessors(source, url, replaced);
  writeFileSync(new URL(url), rewritten);
  const namespace = await import(url);
  return { namespace, accessors: received.get(url), rewritten };
}

test('a const factory behind an export list: importers see the replacement (the validators\' shape)', async () => {
  const { namespace, accessors } = await load(
    'const zValidatorFunction = (target, schema) => `mw:${target}`;\nconst zValidator = zValidatorFunction;\n\nexport { zValidator };\n',
    ['zValidator'],
  );
  const original = accessors.zValidator;
  assert.is(original('json'), 'mw:json');
  accessors.zValidator = (...args) => `wrapped ${original(...args)}`;
  assert.is(namespace.zValidator('json'), 'wrapped mw:json');
});

test('a class exported under another name: importers and the module\'s own code see the replacement (Hono\'s HonoBase)', async () => {
  const { namespace, accessors } = await load(
    'var Hono = class Hono { kind() { return "base"; } };\nexport function make() { return new Hono(); }\nexport { Hono as HonoBase };\n',
    ['HonoBase'],
  );
  const Base = accessors.HonoBase;
  accessors.HonoBase = class extends Base { kind() { return 'replaced'; } };
  assert.is(new namespace.HonoBase().kind(), 'replaced');
  assert.is(namespace.make().kind(), 'replaced');
});

test('an exported const declaration becomes assignable; other exports are read through getters', async () => {
  const { namespace, accessors } = await load('export const resolver = (s) => ({ s }), other = 1;\nexport function describeRoute() { return resolver(2); }\nexport let counter = 0;\n', ['resolver']);
  accessors.resolver = (s) => ({ s, wrapped: true });
  assert.equal(namespace.resolver(1), { s: 1, wrapped: true });
  assert.equal(namespace.describeRoute(), { s: 2, wrapped: true });
  assert.is(accessors.other, 1);
  assert.is(accessors.counter, 0);
});

test('export-like text inside strings, templates and comments is left alone, and gets no accessor', async () => {
  const source = [
    'export const template = `',
    'export { fake };',
    'const zValidator = 1;',
    '`;',
    "const text = 'export { alsoFake }';",
    '/* export { commented } */',
    '// const zValidator = 2;',
    'const zValidator = () => "real";',
    'export {',
    '  zValidator, // trailing comment',
    '  text as "quoted name",',
    '};',
  ].join('\n');
  const { namespace, accessors, rewritten } = await load(source, ['zValidator']);
  assert.is(namespace.template, '\nexport { fake };\nconst zValidator = 1;\n');
  assert.ok(rewritten.startsWith(source.slice(0, source.indexOf('const zValidator = () =>'))), 'nothing before the real declaration changed');
  assert.equal(Object.keys(Object.getOwnPropertyDescriptors(accessors)).sort(), ['quoted name', 'template', 'zValidator']);
  assert.is(namespace['quoted name'], "export { alsoFake }");
  accessors.zValidator = () => 'wrapped';
  assert.is(namespace.zValidator(), 'wrapped');
});

test('a module without exports of its own (re-exports only, or CommonJS) is left as it is', () => {
  assert.is(withExportAccessors("export * from './a.js';\nexport { b } from './b.js';\n", 'file:///x.mjs'), undefined);
  assert.is(withExportAccessors('module.exports = { a: 1 };\n', 'file:///x.cjs'), undefined);
});

test('the real target files in node_modules: rewritten, they lex to the same exports, and replaced names go through docgen\'s binding', async () => {
  await init();
  const files = [
    ['hono/dist/hono-base.js', ['HonoBase']],
    ['@hono/zod-validator/dist/index.mjs', ['zValidator']],
    ['@hono/standard-validator/dist/index.mjs', ['sValidator']],
    ['hono-openapi/dist/index.js', ['validator', 'describeRoute', 'describeResponse', 'resolver']],
    ['@koa/router/dist/index.mjs', []],
  ];
  for (const [file, replaced] of files) {
    const path = join(ROOT, 'node_modules', file);
    const source = readFileSync(path, 'utf8');
    const rewritten = withExportAccessors(source, pathToFileURL(path).href, replaced);
    assert.ok(rewritten, file);
    const names = (text) => parse(text)[1].map((e) => e.name).sort();
    assert.equal(names(rewritten), names(source), file);
    for (const name of replaced) assert.ok(parse(rewritten)[1].some((e) => e.name === name && e.localName?.startsWith('__docgen_export_')), `${file}: ${name}`);
  }
});

test.run();
