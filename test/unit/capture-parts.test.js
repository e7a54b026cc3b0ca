// The capture's parts, each on its own (src/learn/capture): the matcher from (method, path) to
// the document's template, fed templates by docgen's own path parsers; credentials by kind; the
// headers that may be parameters; media types; multipart field names; content codings undone
// with node:zlib within the limit; bodies parsed as their media type says; request targets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { parsePath } from '../../dist/paths/syntax.js';
import { renderTemplate } from '../../dist/paths/template.js';
import { RouteMatcher } from '../../dist/learn/capture/matcher.js';
import { credentialsOf, parameterHeaderNames } from '../../dist/learn/capture/credentials.js';
import { mediaTypeOf } from '../../dist/learn/capture/media-type.js';
import { multipartNames } from '../../dist/learn/capture/multipart.js';
import { decodeContent } from '../../dist/learn/capture/content-encoding.js';
import { BodyBytes, observeBody } from '../../dist/learn/capture/body.js';
import { splitTarget } from '../../dist/learn/capture/exchange-of.js';

/** Operations as collectOperations gives them: `['get', '/users/:id']` read in `syntax`. */
function matcherOf(routes, syntax = 'path-to-regexp-v8') {
  return new RouteMatcher(
    routes.map(([method, raw]) => {
      const parsed = parsePath(raw, syntax);
      if (!parsed.ok) throw new Error(parsed.reason);
      const template = parsed.templates[0];
      return { method, path: renderTemplate(template), template };
    }),
  );
}

const plain = (match) => match && { path: match.path, params: { ...match.params } };

test('a static segment before a parameter, whatever the order the app registered them in', () => {
  const matcher = matcherOf([['get', '/users/:id'], ['get', '/users/me'], ['get', '/users/:id/posts']]);
  assert.equal(plain(matcher.match('GET', '/users/me')), { path: '/users/me', params: {} });
  assert.equal(plain(matcher.match('GET', '/users/7')), { path: '/users/{id}', params: { id: '7' } });
  assert.equal(plain(matcher.match('GET', '/users/me/posts')), { path: '/users/{id}/posts', params: { id: 'me' } });
});

test('the method decides: a static path without it backs up to the parameter path that has it; HEAD is answered by GET', () => {
  const matcher = matcherOf([['get', '/users/me'], ['delete', '/users/:id'], ['get', '/users/:id']]);
  assert.equal(plain(matcher.match('DELETE', '/users/me')), { path: '/users/{id}', params: { id: 'me' } });
  assert.equal(plain(matcher.match('HEAD', '/users/me')), { path: '/users/me', params: {} });
  assert.is(matcher.match('POST', '/users/me'), undefined);
  assert.is(matcher.match('OPTIONS', '/users/7'), undefined);
});

test("parameter patterns are honoured (Express 4's :id(\\d+), Hono's :id{...}), constrained segments before plain ones", () => {
  const express4 = matcherOf([['get', '/orders/:id(\\d+)']], 'express4');
  assert.equal(plain(express4.match('GET', '/orders/12')), { path: '/orders/{id}', params: { id: '12' } });
  assert.is(express4.match('GET', '/orders/abc'), undefined);
  const files = matcherOf([['get', '/files/:name'], ['get', '/files/:name.json']]);
  assert.equal(plain(files.match('GET', '/files/a.json')), { path: '/files/{name}.json', params: { name: 'a' } });
  assert.equal(plain(files.match('GET', '/files/a.txt')), { path: '/files/{name}', params: { name: 'a.txt' } });
  // A pattern with groups of its own does not shift the parameters after it.
  const hono = matcherOf([['get', '/p/:a{(x|y)z}/:b{[0-9]+}']], 'hono');
  assert.equal(plain(hono.match('GET', '/p/yz/42')), { path: '/p/{a}/{b}', params: { a: 'yz', b: '42' } });
  assert.is(hono.match('GET', '/p/qz/42'), undefined);
});

test('several parameters in one segment, wildcards over several segments, the root, a trailing slash', () => {
  const matcher = matcherOf([['get', '/geo/:lat-:lng'], ['get', '/static/*path'], ['get', '/'], ['get', '/users']]);
  assert.equal(plain(matcher.match('GET', '/geo/1.5-2')), { path: '/geo/{lat}-{lng}', params: { lat: '1.5', lng: '2' } });
  assert.equal(plain(matcher.match('GET', '/static/css/site.css')), { path: '/static/{path}', params: { path: 'css/site.css' } });
  assert.is(matcher.match('GET', '/static'), undefined);
  assert.equal(plain(matcher.match('GET', '/')), { path: '/', params: {} });
  assert.equal(plain(matcher.match('GET', '/users/')), { path: '/users', params: {} });
});

test('parameter values are the raw strings of the path; a percent-encoded static segment still matches', () => {
  const matcher = matcherOf([['get', '/café/:id']]);
  assert.equal(plain(matcher.match('GET', '/caf%C3%A9/a%20b')), { path: '/café/{id}', params: { id: 'a%20b' } });
});

test('an unmatched path keeps only the segments some documented path has as static segments', () => {
  const matcher = matcherOf([['get', '/users/:id'], ['get', '/admin/orgs/:org/members']]);
  assert.is(matcher.shapeOf('/users/42/s3cr3t'), '/users/{}/{}');
  assert.is(matcher.shapeOf('/members/bob@example.com/admin'), '/members/{}/admin');
  assert.is(matcher.shapeOf('/'), '/');
  assert.is(matcher.shapeOf('/s3cr3t/'), '/{}');
});

test('credentials by kind, never by value; API key headers and session cookies by name', () => {
  const found = credentialsOf({
    authorization: 'Bearer s3cr3t',
    'x-api-key': 's3cr3t',
    'x-auth-token': 's3cr3t',
    cookie: 'theme=dark; __Host-session=s3cr3t; connect.sid=s3cr3t; sid=s3cr3t',
  });
  assert.equal(found, [
    { kind: 'bearer' },
    { kind: 'apiKeyHeader', name: 'x-api-key' },
    { kind: 'apiKeyHeader', name: 'x-auth-token' },
    { kind: 'apiKeyCookie', name: '__Host-session' },
    { kind: 'apiKeyCookie', name: 'connect.sid' },
    { kind: 'apiKeyCookie', name: 'sid' },
  ]);
  assert.not.match(JSON.stringify(found), 's3cr3t');
  assert.equal(credentialsOf({ authorization: 'basic czNjcjN0' }), [{ kind: 'basic' }]);
  // RealWorld's `Authorization: Token <jwt>`: an API key in the Authorization header.
  assert.equal(credentialsOf({ authorization: 'Token s3cr3t' }), [{ kind: 'apiKeyHeader', name: 'authorization' }]);
  assert.equal(credentialsOf({ cookie: 'theme=dark; lang=en' }), []);
});

test("the headers that may be an operation's parameters: not the standard ones, not credentials", () => {
  assert.equal(
    parameterHeaderNames(['Host', 'accept', 'user-agent', 'X-Tenant', 'x-request-id', 'x-api-key', 'authorization', 'sec-fetch-mode', 'x-forwarded-for', 'traceparent', 'if-none-match', 'x-tenant']),
    ['x-request-id', 'x-tenant'],
  );
});

test('media types: JSON (and +json), forms, multipart with its boundary, others; a header that is none', () => {
  assert.equal(mediaTypeOf('Application/JSON; charset=UTF-8'), { type: 'application/json', charset: 'utf-8', boundary: undefined, reading: 'json' });
  assert.is(mediaTypeOf('application/problem+json').reading, 'json');
  assert.is(mediaTypeOf('application/x-www-form-urlencoded').reading, 'form');
  assert.equal(mediaTypeOf('multipart/form-data; boundary="a b"'), { type: 'multipart/form-data', charset: undefined, boundary: 'a b', reading: 'multipart' });
  assert.is(mediaTypeOf('text/html').reading, 'other');
  assert.is(mediaTypeOf('garbage'), null);
  assert.is(mediaTypeOf(undefined), undefined);
});

const part = (boundary, disposition, content) => `--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${content}\r\n`;

test('multipart field names and file fields, from the parts\' headers; no content is read', () => {
  const b = 'XyZ';
  const body = Buffer.from(
    'preamble\r\n' +
      part(b, 'form-data; name="title"', 's3cr3t') +
      part(b, 'form-data; name="a;b"', '') +
      part(b, `form-data; name="doc"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`, '%PDF') +
      part(b, 'form-data; name="title"', 'again') +
      `--${b}--\r\n`,
  );
  assert.equal(multipartNames(body, b), { ok: true, fields: ['title', 'a;b'], files: ['doc'] });
  assert.equal(multipartNames(body.subarray(0, body.length - 10), b), { ok: false });
  assert.equal(multipartNames(body, 'other'), { ok: false });
  assert.equal(multipartNames(body, undefined), { ok: false });
});

test('content codings are undone within the limit; more than the limit is too large; an unknown coding is not read', () => {
  const text = Buffer.from(JSON.stringify({ a: 'x'.repeat(100) }));
  for (const [coding, bytes] of [['gzip', gzipSync(text)], ['x-gzip', gzipSync(text)], ['deflate', deflateSync(text)], ['deflate', deflateRawSync(text)], ['br', brotliCompressSync(text)]]) {
    const decoded = decodeContent(bytes, coding, 1000);
    assert.ok(decoded.ok, coding);
    assert.is(Buffer.from(decoded.bytes).toString(), text.toString(), coding);
  }
  assert.equal(decodeContent(gzipSync(text), 'gzip', 50), { ok: false, reason: 'too-large' });
  assert.equal(decodeContent(text, 'compress', 1000), { ok: false, reason: 'unparsable' });
  assert.equal(decodeContent(Buffer.from('not gzip'), 'gzip', 1000), { ok: false, reason: 'unparsable' });
  // Applied in order, undone in reverse.
  const twice = decodeContent(brotliCompressSync(gzipSync(text)), 'gzip, br', 1000);
  assert.is(Buffer.from(twice.bytes).toString(), text.toString());
  if (typeof zlib.zstdCompressSync === 'function') assert.is(Buffer.from(decodeContent(zlib.zstdCompressSync(text), 'zstd', 1000).bytes).toString(), text.toString());
});

const bytesOf = (value, limit = 1000) => {
  const body = new BodyBytes(limit);
  body.add(value);
  return body;
};
const observed = (header, value, encoding, limit = 1000) => observeBody({ state: 'bytes', header, encoding, body: bytesOf(value, limit), complete: true }, limit);

test('bodies parsed as their media type says; what cannot be is skipped with its reason', () => {
  assert.equal(observed('application/json', '\ufeff{"a":[1,2.5]}'), { kind: 'json', mediaType: 'application/json', value: { a: [1, 2.5] } });
  assert.equal(observed('application/x-www-form-urlencoded', 'a=1&b=x+y&a=2&__proto__=p'), { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: Object.assign(Object.create(null), { a: ['1', '2'], b: 'x y', ['__proto__']: 'p' }) });
  assert.equal(observed('application/json; charset=iso-8859-1', Buffer.from('{"n":"caf\xe9"}', 'latin1')), { kind: 'json', mediaType: 'application/json', value: { n: 'café' } });
  assert.equal(observed('application/json', Buffer.from([0x7b, 0xff, 0x7d])), { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' });
  assert.equal(observed('application/json', '{"a":'), { kind: 'skipped', mediaType: 'application/json', reason: 'unparsable' });
  assert.equal(observed('application/json', 'x'.repeat(20), undefined, 10), { kind: 'skipped', mediaType: 'application/json', reason: 'too-large' });
  assert.equal(observed('application/json', gzipSync('{"z":1}'), 'gzip'), { kind: 'json', mediaType: 'application/json', value: { z: 1 } });
  assert.equal(observed('garbage', '{}'), { kind: 'skipped', mediaType: undefined, reason: 'unparsable' });
  assert.equal(observeBody({ state: 'bytes', header: 'application/json', encoding: undefined, body: bytesOf('{"a":1}'), complete: false }, 1000), { kind: 'skipped', mediaType: 'application/json', reason: 'stream' });
  assert.equal(observeBody({ state: 'unread', header: undefined }, 1000), { kind: 'other', mediaType: 'application/octet-stream' });
  assert.equal(observeBody({ state: 'empty' }, 1000), { kind: 'empty' });
});

test('request targets: origin form, absolute form, no path, a fragment', () => {
  assert.equal(splitTarget('/a/b?x=1&y'), { path: '/a/b', query: 'x=1&y' });
  assert.equal(splitTarget('http://h:8080/a?q#f'), { path: '/a', query: 'q' });
  assert.equal(splitTarget('http://h'), { path: '/', query: '' });
  assert.equal(splitTarget('/p#frag'), { path: '/p', query: '' });
});

test.run();
