// Words from JSDoc and types from the syntax, for a route registered at a file and line.
// Build first: npx tsc -p .   Timing: node test/fixtures/jsdoc/bench.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { docsForRegistration, sourceDocsStats, typesForRegistration } from '../dist/jsdoc/index.js';
import { parseDocComment } from '../dist/jsdoc/parse-comment.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'jsdoc');
const routes = join(fixtures, 'routes.js');
const typed = join(fixtures, 'typed.ts');
const hono = join(fixtures, 'hono.ts');
const scratch = mkdtempSync(join(tmpdir(), 'docgen-jsdoc-test-'));

/** The 1-based line of the only line of `file` that contains `needle`. */
function lineOf(file, needle) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  assert.is(found.length, 1, `${needle} should be on exactly one line of ${file}`);
  return found[0];
}
const docs = (needle, handler, file = routes, method) => docsForRegistration(file, lineOf(file, needle), handler, method);
const summary = (needle, handler, file = routes, method) => docs(needle, handler, file, method)?.summary;
const types = (needle, handler, file = typed, method) => typesForRegistration(file, lineOf(file, needle), handler, method);
const empty = { tags: [], deprecated: false, params: [], responses: [], examples: [] };

test('a multi-line comment with every tag', () => {
  assert.equal(docs("app.get('/orgs/:orgId/users'", '<anonymous>'), {
    summary: 'List users.',
    description: 'Returns the users the caller may see, newest first.\n\nSecond paragraph, with `code` and a list:\n- one\n- two',
    tags: ['Users', 'Admin', 'Reports'],
    deprecated: true,
    params: [
      { name: 'role', in: 'query', description: 'Only users with this role', required: true, type: 'string' },
      { name: 'limit', in: 'query', description: 'How many users,\nat most 100', required: false },
      { name: 'offset', in: 'query', description: 'Where to start', required: false, type: 'number' },
      { name: 'orgId', in: 'path', description: 'The organisation', required: true, type: 'string' },
      { name: 'x-trace-id', in: 'header', description: 'Trace to join', required: true },
      { name: 'session', in: 'cookie', description: 'Session cookie', required: true },
      { name: 'verbose', description: 'A parameter whose location the builder decides', required: true },
      // `@param {object} req` documents the handler's argument; `req.query.sort` reads through it.
      { name: 'sort', in: 'query', description: 'Sort order, through the argument', required: true },
    ],
    responses: [
      { status: '200', description: 'The users' },
      { status: '4XX', description: 'Client error\nwith details' },
      { status: 'default', description: 'Anything else' },
    ],
    examples: ['GET /orgs/1/users?limit=5', "```js\n// fetch them\nconst users = await fetch('/orgs/1/users');\n@decorator inside a fence stays in the example\n```"],
  });
});

test('a comment documents its own registration only', () => {
  assert.equal(docs("app.post('/orgs/:orgId/users'", 'createUser'), { ...empty, summary: 'Create a user' });
  assert.is(docs("app.put('/orgs/:orgId/users/:id'", '<anonymous>'), undefined);
  assert.is(docs("app.get('/header-is-not-docs'", undefined), undefined, 'a file header comment is no route docs');
  assert.is(docs("app.get('/detached'", undefined), undefined, 'a blank line detaches a comment');
});

test('// and /* */ comments, /**/ and banners are not docs; a lint directive may stand between', () => {
  assert.is(docs("app.delete('/line-comment'", undefined), undefined);
  assert.is(docs("app.patch('/block-comment'", undefined), undefined);
  assert.is(docs("app.get('/empty-block'", undefined), undefined);
  assert.is(docs("app.get('/banner'", undefined), undefined);
  assert.is(summary("app.get('/directive'", undefined), 'Above a lint directive.');
});

test("the named handler's comment when the registration has none", () => {
  assert.is(summary("app.get('/users/:id',", 'getUser'), "Get a user by its handler's comment only if the registration has none.");
  assert.equal(docs("app.get('/users/:id/profile'", 'getUser'), {
    ...empty,
    summary: 'Get a user.',
    tags: ['Users'],
    // `@param req` and `@param res` are the function's arguments, not the operation's parameters.
    params: [{ name: 'id', in: 'path', description: 'The user id', required: true }],
  });
  assert.is(summary("app.get('/users/:id/settings'", 'showSettings'), 'Settings page.', 'const arrow');
  assert.is(summary("app.get('/users/:id/avatar'", 'avatar'), 'The avatar image.', 'object literal method');
  assert.is(summary("app.get('/users/:id/avatar'", undefined), 'The avatar image.', 'by the property passed');
  assert.is(summary("app.get('/users/:id/bound'", 'bound listAll'), 'Everyone (a bound function is named `bound listAll`).');
  assert.is(summary("app.get('/items'", 'list'), 'In a class.');
  assert.is(summary("app.get('/unique'", 'unique'), 'Top level one wins over members.');
  assert.is(docs("app.get('/show'", 'show'), undefined, 'two class methods named show: ambiguous');
  assert.is(docs("app.get('/inline-named'", 'unique'), undefined, 'the inline function is the handler, not the declared namesake');
  // A name declared nowhere: the function the registration passes, else nothing.
  assert.is(summary("app.get('/users/:id/settings'", 'noSuchFunction'), 'Settings page.');
  assert.is(docs("app.put('/orgs/:orgId/users/:id'", 'noSuchFunction'), undefined);
});

test('chains: each link its own line, the statement comment for the first line only', () => {
  assert.is(docs('.get(listItems)', 'listItems'), undefined);
  assert.equal(docs('.post(addItem)', 'addItem'), { ...empty, summary: 'Add an item.', tags: ['Items'] });
  assert.is(docs('.put((req, res) => res.end());', '<anonymous>'), undefined);
  assert.is(docs(".get('/a'", undefined), undefined, 'the comment above `router` on its own line documents no link');
  assert.is(summary(".get('/b'", undefined), 'Route b');
  assert.is(summary("router.route('/same-line')", undefined), 'Same line, one chain.');
  assert.is(docs(".get('/closing-line'", undefined), undefined, 'a link on the last line of a call over several lines');
});

test('registrations inside callbacks and functions, two on one line', () => {
  assert.is(docs(".forEach((path) => app.get(path", undefined), undefined);
  assert.is(summary("app.get('/inside'", undefined), 'Inside a function.');
  assert.is(summary("app.get('/one', one)", 'one'), 'First of two on one line');
  assert.is(summary("app.get('/one', one)", 'two'), 'Second of two');
  assert.is(docs("app.get('/after-trail'", undefined), undefined, 'a comment trailing the line above');
});

test('JavaScript (.cjs) and TypeScript files; a relative path', () => {
  const legacy = join(fixtures, 'legacy.cjs');
  assert.equal(docs("router.get('/health'", undefined, legacy), { ...empty, summary: 'Health check.', tags: ['Ops'], responses: [{ status: '204', description: 'Alive' }] });
  assert.is(summary("app.get('/users/:id', (req", undefined, typed), 'Get a user.');
  assert.is(summary("app.get('/named'", 'listBooks', hono), 'Books, by a named handler.');
  assert.is(docsForRegistration(relative(process.cwd(), routes), lineOf(routes, "app.get('/directive'"), undefined)?.summary, 'Above a lint directive.');
});

test('one parse per file: lookups after the first are hits', () => {
  const copy = join(scratch, 'cached.js');
  copyFileSync(routes, copy);
  const before = sourceDocsStats();
  assert.is(summary("app.get('/directive'", undefined, copy), 'Above a lint directive.');
  const first = sourceDocsStats();
  assert.is(first.misses - before.misses, 1);
  assert.is(first.hits - before.hits, 0);
  assert.is(first.files - before.files, 1);
  assert.ok(first.parseMs > before.parseMs);
  writeFileSync(copy, '/** Changed on disk: not read again. */\n'); // the cache answers
  assert.is(summary("app.get('/directive'", undefined, routes), 'Above a lint directive.');
  assert.is(docsForRegistration(copy, lineOf(routes, "app.get('/directive'"), undefined)?.summary, 'Above a lint directive.');
  assert.is(typesForRegistration(copy, 1, undefined), undefined);
  const after = sourceDocsStats();
  assert.is(after.files - first.files, 0);
  assert.is(after.misses - first.misses, 0, 'routes.js was parsed by the earlier tests');
  assert.is(after.hits - first.hits, 3);
  assert.is(after.failures, before.failures);
});

test('an unreadable file: undefined, one failure, not tried again', () => {
  const missing = join(scratch, 'missing.ts');
  const before = sourceDocsStats();
  assert.is(docsForRegistration(missing, 1, undefined), undefined);
  assert.is(typesForRegistration(missing, 1, undefined), undefined);
  assert.is(docsForRegistration(scratch, 1, undefined), undefined, 'a directory');
  const after = sourceDocsStats();
  assert.is(after.failures - before.failures, 2);
  assert.is(after.misses - before.misses, 2);
  assert.is(after.hits - before.hits, 1);
  assert.is(after.files, before.files);
});

test('a line with no registration and no handler name: undefined', () => {
  assert.is(docsForRegistration(routes, 1, undefined), undefined);
  assert.is(docsForRegistration(routes, 100_000, undefined), undefined);
});

test('comment text: @summary, @description, unstarred lines, CRLF, odd tags', () => {
  assert.equal(parseDocComment('/** @summary Short\n * @description Long\n *   indented */'), { ...empty, summary: 'Short', description: 'Long\n  indented' });
  assert.equal(parseDocComment('/**\n * Body text\n * more\n * @summary Given\n */'), { ...empty, summary: 'Given', description: 'Body text\nmore' });
  assert.equal(parseDocComment('/**\r\n * Title\r\n *\r\n * Text\r\n * @tags a,b, a\r\n */'), { ...empty, summary: 'Title', description: 'Text', tags: ['a', 'b'] });
  assert.equal(parseDocComment('/**\n    Unstarred title\n    @example\n    f(\n      1,\n    )\n */'), { ...empty, summary: 'Unstarred title', examples: ['f(\n  1,\n)'] });
  assert.equal(parseDocComment('/** Title. @tag not-a-tag-mid-line */'), { ...empty, summary: 'Title. @tag not-a-tag-mid-line' });
  const parsed = parseDocComment(
    [
      '/**',
      ' * @param {Array<{ a: string }>} query.ids - Nested braces in the type',
      ' * @param [path.id] Optional path parameter is reported as written',
      ' * @param',
      ' * @param query. Empty name',
      ' * @param {string',
      ' * @response 2xx Success',
      ' * @response abc Not a status',
      ' * @response 200',
      ' * @deprecated',
      ' */',
    ].join('\n'),
  );
  assert.equal(parsed.params, [
    { name: 'ids', in: 'query', description: 'Nested braces in the type', required: true, type: 'Array<{ a: string }>' },
    { name: 'id', in: 'path', description: 'Optional path parameter is reported as written', required: false },
  ]);
  assert.equal(parsed.responses, [
    { status: '2XX', description: 'Success' },
    { status: '200', description: '' },
  ]);
  assert.is(parsed.deprecated, true);
  assert.is(parsed.summary, undefined);
});

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: "The user's id." },
    name: { type: 'string' },
    email: { type: 'string' },
    role: { enum: ['admin', 'member', 'guest'] },
    tags: { type: 'array', items: { type: 'string' } },
    scores: { type: 'array', items: { type: 'number' } },
    nickname: { type: ['string', 'null'] },
    links: { type: 'object', additionalProperties: { type: 'string' } },
    pair: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: false, minItems: 2, maxItems: 2 },
  },
  required: ['id', 'name', 'role', 'tags', 'scores', 'nickname', 'links', 'pair'],
};
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

test("types: express Request<Params, ResBody, ReqBody, Query> with the file's own types", () => {
  assert.equal(types("app.get('/users/:id', (req", '<anonymous>'), {
    params: idParams,
    responseBody: userSchema,
    query: { type: 'object', properties: { limit: { type: 'number' }, active: { type: 'boolean' }, sort: { enum: ['asc', 'desc'] } } },
  });
  assert.equal(types("app.post('/users'", undefined), {
    responseBody: {
      ...userSchema,
      properties: { ...userSchema.properties, permissions: { type: 'array', items: { enum: ['read', 'write'] } } },
      required: [...userSchema.required, 'permissions'],
    },
    requestBody: { type: 'object', properties: { name: { type: 'string' }, role: { enum: ['admin', 'member', 'guest'] } }, required: ['name'] },
  });
});

test('types: enums, Record with literal keys, index signatures, unions, intersections', () => {
  assert.equal(types("app.get('/colors'", undefined), {
    responseBody: {
      type: 'object',
      properties: {
        color: { enum: ['red', 'green'] },
        level: { enum: [0, 1] },
        flags: { type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'boolean' } }, required: ['a', 'b'] },
        loose: { type: 'object', additionalProperties: { type: 'number' } },
      },
      required: ['color', 'level', 'flags', 'loose'],
    },
  });
  assert.equal(types("app.get('/mixed'", undefined), {
    responseBody: {
      anyOf: [
        { type: 'object', properties: { kind: { const: 'one' }, one: { type: 'number' } }, required: ['kind', 'one'] },
        { type: 'object', properties: { kind: { const: 'two' }, two: { type: 'string' } }, required: ['kind', 'two'] },
        { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] }] },
      ],
    },
  });
});

test('types: what cannot be read is left out, never guessed', () => {
  // Imported, generic and Partial<...>: only the params survive.
  assert.equal(types("app.get('/refused/:id'", undefined), { params: idParams });
  // Merged interfaces, a recursive type, Date; any/unknown, a method, an enum with a computed member.
  assert.is(types("app.get('/refused-more'", undefined), undefined);
  assert.is(types("app.get('/refused-any'", undefined), undefined);
  // Not express's Request (and no express type at all in the file).
  const other = join(fixtures, 'not-express.ts');
  assert.is(types("app.get('/not-express'", undefined, other), undefined);
  assert.is(types("app.get('/local-generic'", undefined, other), undefined);
  // The global Request is not read; express's Response<T> beside it is.
  assert.equal(types("app.get('/global'", undefined), { responseBody: userSchema });
  assert.equal(types("app.get('/response-only'", undefined), { responseBody: { type: 'array', items: userSchema } });
  // JavaScript has no types to read.
  assert.is(types("app.get('/orgs/:orgId/users'", undefined, routes), undefined);
});

test('types: named handlers, RequestHandler<...>, a namespace import; each caller its own copy', () => {
  assert.equal(types("app.put('/users/:id'", 'updateUser'), { params: idParams, responseBody: userSchema });
  assert.equal(types("app.delete('/users/:id'", 'removeUser'), { params: idParams, responseBody: { type: 'object', properties: { deleted: { const: true } }, required: ['deleted'] } });
  assert.equal(types("app.patch('/users/:id'", 'patchUser'), { params: idParams, responseBody: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } });
  const first = types("app.put('/users/:id'", 'updateUser');
  first.responseBody.properties.id.description = 'changed';
  assert.is(types("app.put('/users/:id'", 'updateUser').responseBody.properties.id.description, "The user's id.");
});

test('types: two registrations on one line are told apart by the method', () => {
  const got = { responseBody: { type: 'object', properties: { got: { const: true } }, required: ['got'] } };
  const posted = { responseBody: { type: 'object', properties: { posted: { const: true } }, required: ['posted'] } };
  assert.equal(types("app.route('/pair')", undefined, typed, 'GET'), got);
  assert.equal(types("app.route('/pair')", undefined, typed, 'post'), posted);
});

test("types: Hono's returned c.json(...) where a type is written", () => {
  const book = { type: 'object', properties: { id: { type: 'number' }, title: { type: 'string' } }, required: ['id', 'title'] };
  assert.equal(types(".get('/books/:id'", undefined, hono), { responseBody: book, responseStatus: 200 });
  // The 400 branch is not the success body; the 200 one is typed through its variable.
  assert.equal(types(".get('/books',", undefined, hono), { responseBody: { type: 'array', items: book }, responseStatus: 200 });
  assert.equal(types(".post('/books'", undefined, hono), { responseBody: book, responseStatus: 201 });
  assert.equal(types("app.get('/named'", 'listBooks', hono), { responseBody: { type: 'array', items: book }, responseStatus: 200 });
  assert.is(types(".put('/books/:id'", undefined, hono), undefined, 'no type written');
  assert.is(types(".delete('/books/:id'", undefined, hono), undefined, 'one success branch has no type');
  assert.is(types(".patch('/books/:id'", undefined, hono), undefined, 'two success statuses');
  assert.is(types(".get('/const'", undefined, hono), undefined, '`as const` is no type');
});

test('a chain of 5,000 links: no deep recursion, each link its own comment', () => {
  const file = join(scratch, 'deep.ts');
  const lines = ["import { Hono } from 'hono';", 'const app = new Hono()'];
  for (let i = 0; i < 5000; i++) lines.push(`  /** Link ${i} */`, `  .get('/r${i}', (c) => c.json<{ n: ${i} }>({ n: ${i} }))`);
  writeFileSync(file, lines.join('\n') + ';\n');
  assert.is(summary(".get('/r4321'", undefined, file), 'Link 4321');
  assert.equal(types(".get('/r17'", undefined, file), { responseBody: { type: 'object', properties: { n: { const: 17 } }, required: ['n'] }, responseStatus: 200 });
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test('a file with no JSDoc, no typed handler and no send or read is read but not parsed: typescript is never loaded', () => {
  const plain = join(scratch, 'plain.js');
  // Handlers that send or read nothing docgen reads (handler-responses.ts): nothing to parse for.
  writeFileSync(plain, "// a comment, not docs\napp.get('/a', function a(req, res, next) { next(); });\n/* nor this */\napp.post('/b', (req, res, next) => next());\n");
  // A process of its own: this one has loaded typescript already.
  const script = `import { docsForRegistration, typesForRegistration, sourceDocsStats } from ${JSON.stringify(new URL('../dist/jsdoc/index.js', import.meta.url).href)};
    const found = [docsForRegistration(${JSON.stringify(plain)}, 2, 'a'), typesForRegistration(${JSON.stringify(plain)}, 4, undefined)];
    console.log(JSON.stringify({ found, stats: sourceDocsStats() }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  const { found, stats } = JSON.parse(run.stdout);
  assert.equal(found, [null, null]);
  assert.equal([stats.skipped, stats.files, stats.failures, stats.typescriptLoadMs], [1, 0, 0, 0]);
});

test.run();
