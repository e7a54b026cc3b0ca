// tsconfig `paths` aliases as tsx resolves them: the nearest tsconfig.json, its extends chain,
// baseUrl or the declaring config's folder, exact names before the longest `*` prefix, never for
// relative specifiers or importers inside node_modules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aliasTargets, withoutCommentsAndTrailingCommas } from '../../dist/loading/tsconfig-paths.js';

const project = mkdtempSync(join(tmpdir(), 'docgen-tsconfig-paths-'));
mkdirSync(join(project, 'configs'));
mkdirSync(join(project, 'src', 'deep'), { recursive: true });
mkdirSync(join(project, 'node_modules', 'dep'), { recursive: true });
mkdirSync(join(project, 'other'));
writeFileSync(join(project, 'configs', 'base.json'), '{ "compilerOptions": { "paths": { "@/*": ["../src/*"], "@/lib/*": ["../lib/*"], "db": ["../src/db.ts"] } } }');
writeFileSync(join(project, 'tsconfig.json'), '{\n  // comment\n  "extends": "./configs/base.json", /* block */\n  "compilerOptions": { "strict": true, },\n}\n');
writeFileSync(join(project, 'other', 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "..", "paths": { "~/*": ["src/*"] } } }');
const importer = join(project, 'src', 'deep', 'file.ts');

test('paths from the extended config, relative to that config; the longest prefix wins; an exact name', () => {
  assert.equal(aliasTargets('@/app', importer), [join(project, 'src', 'app')]);
  assert.equal(aliasTargets('@/lib/db', importer), [join(project, 'lib', 'db')]);
  assert.equal(aliasTargets('db', importer), [join(project, 'src', 'db.ts')]);
  assert.equal(aliasTargets('dbx', importer), []);
});

test('baseUrl decides where substitutions are; a nearer tsconfig.json wins', () => {
  assert.equal(aliasTargets('~/a/b', join(project, 'other', 'x.ts')), [join(project, 'src', 'a', 'b')]);
  assert.equal(aliasTargets('~/a/b', importer), []);
});

test('relative specifiers, URLs and importers in node_modules are never aliased', () => {
  assert.equal(aliasTargets('./@/app', importer), []);
  assert.equal(aliasTargets('node:fs', importer), []);
  assert.equal(aliasTargets('@/app', join(project, 'node_modules', 'dep', 'index.ts')), []);
});

test('JSONC: comments and trailing commas go, strings stay as written', () => {
  assert.equal(JSON.parse(withoutCommentsAndTrailingCommas('{ "a": "//x, /*y*/", // c\n "b": [1, 2,], }')), { a: '//x, /*y*/', b: [1, 2] });
});

test.run();
