// Determinism (issue 14): the same multiset of exchanges, in any order, split among any number
// of workers and merged in any grouping, through the store or not, gives a byte-identical store
// and document, with examples off and on. Property-style: seeded shuffles, so a failing case is
// replayed from the seed printed with it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyLearned, Learner, mergeLearned, serializeLearned } from '../dist/learn/learned.js';
import { saveLearnedStore } from '../dist/learn/store.js';
import { applyLearned } from '../dist/learn/to-openapi.js';
import { exchange, json, random, shuffle, split } from './helpers/learn.js';

const PATHS = ['/articles', '/articles/{slug}', '/users/{id}', '/search'];

/** A varied corpus: bodies of overlapping shapes, every kind of body, statuses, credentials, query keys. */
function corpus(seed, size) {
  const next = random(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const scalar = () => pick([null, true, 3, 4.5, -1, 'x', 'ann@example.org', '2024-05-01', '2024-05-01T10:00:00Z', 'https://example.org/a', '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e', `w${Math.floor(next() * 50)}`]);
  const value = (depth = 0) => {
    const r = next();
    if (depth > 2 || r < 0.35) return scalar();
    if (r < 0.55) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
    const out = {};
    for (const key of ['id', 'title', 'tags', 'author', 'meta', String(1000 + Math.floor(next() * 5)), 'password']) if (next() < 0.45) out[key] = value(depth + 1);
    return out;
  };
  return Array.from({ length: size }, () => {
    const path = pick(PATHS);
    const status = pick([200, 200, 201, 204, 302, 400, 404, 422, 500]);
    const bodyKind = pick(['json', 'json', 'form', 'multipart', 'other', 'skipped', 'empty']);
    const requestBody =
      bodyKind === 'json' ? json(value(), pick(['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json']))
      : bodyKind === 'form' ? { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { n: String(Math.floor(next() * 9)), q: pick(['a', 'b', '2024-01-01']), ...(next() < 0.5 ? { tag: ['x', 'y'] } : {}) } }
      : bodyKind === 'multipart' ? { kind: 'multipart', mediaType: 'multipart/form-data; boundary=b', fields: pick([['caption'], ['caption', 'tag', 'tag'], []]), files: pick([['file'], ['file', 'file'], []]) }
      : bodyKind === 'other' ? { kind: 'other', mediaType: pick(['text/plain', 'image/png']) }
      : bodyKind === 'skipped' ? { kind: 'skipped', mediaType: pick(['application/json', undefined]), reason: pick(['too-large', 'stream', 'unparsable']) }
      : { kind: 'empty' };
    const query = {};
    for (const key of ['limit', 'offset', 'tag', 'q']) if (next() < 0.4) query[key] = key === 'tag' && next() < 0.5 ? ['a', 'b'] : pick(['1', '20', 'x', 'true', '2.5']);
    return exchange({
      method: pick(['get', 'get', 'post', 'delete']),
      path: next() < 0.05 ? null : path,
      unmatchedPath: '/nope/{}',
      pathParams: path.includes('{') ? { [path.includes('slug') ? 'slug' : 'id']: pick(['1', '42', 'how-to', '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e']) } : {},
      query,
      headerNames: next() < 0.3 ? ['x-tenant'] : [],
      credentials: pick([[], [{ kind: 'bearer' }], [{ kind: 'basic' }], [{ kind: 'apiKeyCookie', name: 'sid' }, { kind: 'bearer' }]]),
      requestBody,
      status,
      responseBody: status === 204 ? { kind: 'empty' } : pick([json(value()), json(value()), { kind: 'other', mediaType: 'text/html' }, { kind: 'empty' }]),
    });
  });
}

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'app', version: '1' },
  paths: Object.fromEntries(
    PATHS.map((path) => [
      path,
      Object.fromEntries(['get', 'post', 'delete'].map((method) => [method, { operationId: `${method}${path.replace(/\W/g, '')}`, ...(path.includes('{') ? { parameters: [{ name: path.includes('slug') ? 'slug' : 'id', in: 'path', required: true, schema: { type: 'string' } }] } : {}), responses: { default: { description: 'Default response' } } }])),
    ]),
  ),
};

function learnAll(exchanges, examples) {
  const learner = new Learner({ examples });
  for (const e of exchanges) learner.observe(e);
  return learner.state;
}

for (const examples of [false, true]) {
  test(`any order, any split among workers, any merge grouping: byte-identical store and document (examples ${examples ? 'on' : 'off'})`, () => {
    const exchanges = corpus(examples ? 11 : 10, 400);
    const referenceState = learnAll(exchanges, examples);
    const reference = serializeLearned(referenceState);
    const referenceDocument = JSON.stringify(applyLearned(DOCUMENT, referenceState, { examples }).document);
    if (examples) assert.match(reference, '"example"');
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed * 7919);
      const workers = split(shuffle(exchanges, next), 1 + Math.floor(next() * 8), next).map((part) => learnAll(part, examples));
      // Merged in a random grouping: repeatedly join two random states.
      const pool = [...workers];
      while (pool.length > 1) {
        const a = pool.splice(Math.floor(next() * pool.length), 1)[0];
        const b = pool.splice(Math.floor(next() * pool.length), 1)[0];
        pool.push(next() < 0.5 ? mergeLearned(a, b) : mergeLearned(b, a));
      }
      const merged = pool[0] ?? emptyLearned();
      assert.is(serializeLearned(merged), reference, `seed ${seed}: the merged state differs`);
      assert.is(JSON.stringify(applyLearned(DOCUMENT, merged, { examples }).document), referenceDocument, `seed ${seed}: the document differs`);
    }
  });
}

test('through the store file: workers saving in any order give the same bytes as one process that saw everything', () => {
  const exchanges = corpus(12, 300);
  const reference = serializeLearned(learnAll(exchanges, false));
  for (let seed = 1; seed <= 8; seed++) {
    const next = random(seed);
    const store = join(mkdtempSync(join(tmpdir(), 'docgen-learn-det-')), 'openapi.learned.json');
    for (const part of split(shuffle(exchanges, next), 2 + Math.floor(next() * 6), next)) {
      saveLearnedStore(store, learnAll(part, false), { examples: false, warn: (m) => assert.unreachable(m) });
    }
    assert.is(readFileSync(store, 'utf8'), reference, `seed ${seed}`);
  }
});

test("the learned state's size grows with the API, not with the number of requests", () => {
  // A realistic API: fixed structures, values that change every time (ids, texts, optional
  // fields, maps keyed by ids, query values).
  const traffic = (seed, size) => {
    const next = random(seed);
    return Array.from({ length: size }, (_, i) => {
      const id = Math.floor(next() * 1e9);
      const article = { slug: `post-${id}`, title: `Title ${id}`, favoritesCount: id % 100, createdAt: new Date(1.7e12 + id).toISOString(), ...(next() < 0.5 ? { description: 'text' } : {}), votes: { [String(id)]: next() < 0.5, [String(id + 1)]: true } };
      return exchange({
        path: i % 2 ? '/articles/{slug}' : '/articles',
        pathParams: i % 2 ? { slug: `post-${id}` } : {},
        query: i % 2 ? {} : { limit: String(id % 50), ...(next() < 0.3 ? { tag: `t${id}` } : {}) },
        credentials: next() < 0.5 ? [{ kind: 'bearer' }] : [],
        status: next() < 0.9 ? 200 : 404,
        responseBody: json(i % 2 ? { article } : { articles: [article, article], articlesCount: id }),
      });
    });
  };
  const small = serializeLearned(learnAll(traffic(13, 1000), false));
  const large = serializeLearned(learnAll(traffic(14, 50000), false));
  const shape = (text) => text.replace(/\d+/g, '0');
  assert.is(shape(large), shape(small), 'the same structure: only counts differ');
  assert.ok(large.length < small.length + 400, `1,000 exchanges: ${small.length} bytes; 50,000: ${large.length} bytes`);
});

test('fuzzed traffic (random query and header names, media types, keys) keeps the state bounded, in any order', () => {
  const fuzz = (seed, size) => {
    const next = random(seed);
    const word = () => Math.floor(next() * 1e9).toString(36).replace(/\d/g, 'x');
    return Array.from({ length: size }, () =>
      exchange({
        method: 'post',
        path: '/search',
        query: { [word()]: '1', q: 'a' },
        headerNames: [`x-${word()}`],
        requestBody: json({ [word()]: 1, fixed: true }, `application/${word()}+json`),
        status: 200,
        responseBody: { kind: 'other', mediaType: `text/${word()}` },
      }),
    );
  };
  const small = serializeLearned(learnAll(fuzz(1, 1000), false));
  const large = serializeLearned(learnAll(fuzz(2, 20000), false));
  assert.is(large.replace(/\d+/g, '0'), small.replace(/\d+/g, '0'), 'the same bounded state: only counts differ');
  assert.ok(large.length < 4000, `${large.length} bytes`);
  const op = JSON.parse(large).paths['/search'].post;
  assert.equal(op.tooManyNames, { headers: true, query: true });
  assert.equal(Object.keys(op.requestBody), ['*/*']);
  assert.equal(Object.keys(op.responses['200'].content), ['*/*']);
  const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/search': { post: { operationId: 's', responses: { default: { description: 'Default response' } } } } } };
  const result = applyLearned(doc, learnAll(fuzz(2, 2000), false)).document.paths['/search'].post;
  assert.equal(result['x-docgen-learned'].tooManyNames, ['headers', 'query']);
  assert.is(result.parameters, undefined, 'no partial list that would look complete');
  assert.equal(Object.keys(result.requestBody.content), ['*/*']);
  // A declared required header cannot be said missing when header names were dropped.
  const declared = structuredClone(doc);
  declared.paths['/search'].post.parameters = [{ name: 'x-tenant', in: 'header', required: true, schema: { type: 'string' } }];
  assert.equal(applyLearned(declared, learnAll(fuzz(2, 2000), false)).contradictions, []);
  // Which names are dropped does not depend on arrival order or on how workers split the traffic.
  const exchanges = fuzz(3, 300);
  const reference = serializeLearned(learnAll(exchanges.slice(0, 150), false));
  for (let seed = 1; seed <= 10; seed++) {
    const next = random(seed);
    const parts = split(shuffle(exchanges.slice(0, 150), next), 1 + Math.floor(next() * 5), next).map((part) => learnAll(part, false));
    assert.is(serializeLearned(parts.reduce(mergeLearned, emptyLearned())), reference, `seed ${seed}`);
  }
  assert.match(reference, '"tooManyNames"', '150 exchanges pass the bound');
});

test.run();
