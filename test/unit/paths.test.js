// Path conversion, framework syntax to OpenAPI, through path-to-regexp's parsers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePath } from '../../dist/paths/syntax.js';
import { joinTemplates, renderTemplate, scopeCovers, templateParams } from '../../dist/paths/template.js';

const render = (path, syntax) => {
  const parsed = parsePath(path, syntax);
  assert.ok(parsed.ok, `${path}: ${parsed.reason}`);
  return parsed.templates.map(renderTemplate);
};

test('Express 5 syntax (path-to-regexp v8)', () => {
  assert.equal(render('/users/:id', 'path-to-regexp-v8'), ['/users/{id}']);
  assert.equal(render('/geo/:lat-:lng', 'path-to-regexp-v8'), ['/geo/{lat}-{lng}']);
  assert.equal(render('/docs{/:section}', 'path-to-regexp-v8'), ['/docs', '/docs/{section}']);
  assert.equal(render('/a{/:b}{/:c}', 'path-to-regexp-v8'), ['/a', '/a/{c}', '/a/{b}', '/a/{b}/{c}']);
  assert.equal(render('/files/*path', 'path-to-regexp-v8'), ['/files/{path}']);
  assert.equal(render('/{*splat}', 'path-to-regexp-v8'), ['/', '/{splat}']);
  assert.equal(render('/users/', 'path-to-regexp-v8'), ['/users']);
  const [wild] = parsePath('/files/*path', 'path-to-regexp-v8').templates;
  assert.equal(templateParams(wild), [{ type: 'param', name: 'path', wildcard: true }]);
});

test('Express 4 syntax (path-to-regexp 0.1 paths through the v6 parser)', () => {
  assert.equal(render('/items/:id(\\d+)', 'express4'), ['/items/{id}']);
  const [item] = parsePath('/items/:id(\\d+)', 'express4').templates;
  assert.equal(templateParams(item), [{ type: 'param', name: 'id', pattern: '\\d+' }]);
  assert.equal(render('/rev/:rev?', 'express4'), ['/rev', '/rev/{rev}']);
  assert.equal(render('*', 'express4'), ['/{wildcard}']);
  assert.equal(render('/a/*/b/*', 'express4'), ['/a/{wildcard}/b/{wildcard2}']);
  assert.equal(render('/plant/:genus.:species', 'express4'), ['/plant/{genus}.{species}']);
  assert.equal(render('/geo/:lat-:lng', 'express4'), ['/geo/{lat}-{lng}']);
});

test('paths path-to-regexp rejects are reported with its reason, not thrown', () => {
  const v4 = parsePath('/ab?cd', 'express4');
  assert.is(v4.ok, false);
  assert.match(v4.reason, 'path-to-regexp rejects it');
  const v5 = parsePath('/a/:id(\\d+)', 'path-to-regexp-v8');
  assert.is(v5.ok, false);
  assert.match(v5.reason, 'Unexpected (');
});

test('too many optional parts are refused rather than exploding', () => {
  const path = Array.from({ length: 8 }, (_, i) => `{/:p${i}}`).join('');
  const parsed = parsePath(path, 'path-to-regexp-v8');
  assert.is(parsed.ok, false);
  assert.match(parsed.reason, 'optional combinations');
});

test('mount prefixes join like routers join them', () => {
  const t = (p) => parsePath(p, 'path-to-regexp-v8').templates[0];
  assert.is(renderTemplate(joinTemplates(t('/api'), t('/'))), '/api');
  assert.is(renderTemplate(joinTemplates(t('/'), t('/users'))), '/users');
  assert.is(renderTemplate(joinTemplates(t('/orgs/:org/'), t('/x'))), '/orgs/{org}/x');
  assert.ok(scopeCovers(t('/admin'), t('/admin/users')));
  assert.ok(scopeCovers(t('/orgs/:a'), t('/orgs/:b/x')));
  assert.not.ok(scopeCovers(t('/admin'), t('/administrator')));
  assert.ok(scopeCovers(t('/'), t('/anything')));
});

test.run();
