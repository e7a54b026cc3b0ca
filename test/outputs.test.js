// The output formats of `docgen generate`: YAML out and JSON/YAML in, the OpenAPI 3.0 downgrade
// (checked against the official 3.0 schema), the Markdown reference and the offline HTML page.
// The page in a real browser: test/html-browser.test.js.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { toYaml, parseDocumentText } from '../dist/output/yaml.js';
import { downgradeTo30 } from '../dist/openapi/downgrade.js';
import { renderMarkdown } from '../dist/output/markdown.js';
import { renderHtml } from '../dist/output/html.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'outputs');
const fixture = (name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const HOSTILE = '</script><script>window.__pwned=1</script>';

/** A document shaped like what docgen writes today (src/openapi/document.ts). */
const docgenDocument = () => ({
  openapi: '3.1.0',
  info: { title: 'orders', version: '0.3.0' },
  paths: {
    '/orders/{orderId}': {
      get: {
        operationId: 'getOrder',
        parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string', pattern: '^(?:\\d+)$' } }],
        responses: { default: { description: 'Default response' } },
        'x-docgen-source': 'src/orders.ts:14',
        'x-docgen-middleware': ['jsonParser', 'authenticate'],
      },
    },
  },
  'x-docgen-app': { framework: 'koa', index: 0, of: 1, created: 'src/app.ts:2' },
  'x-docgen-incomplete': true,
});

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The script elements of a page as an HTML parser splits them: inside a script, `</script` ends
 * it, except after `<!--` then `<script`, where it only leaves that "double escaped" state.
 */
function scriptElements(page) {
  const elements = [];
  const opener = /<script\b[^>]*>/gi;
  let match;
  while ((match = opener.exec(page))) {
    let i = opener.lastIndex;
    let state = 'data';
    const at = (pattern) => pattern.test(page.slice(i, i + 10));
    for (; i < page.length; i++) {
      if (state !== 'double' && at(/^<\/script[\s/>]/i)) break;
      if (state === 'data' && at(/^<!--/)) state = 'escaped';
      else if (state !== 'data' && at(/^-->/)) state = 'data';
      else if (state === 'escaped' && at(/^<script[\s/>]/i)) state = 'double';
      else if (state === 'double' && at(/^<\/script[\s/>]/i)) state = 'escaped';
    }
    elements.push({ open: match[0], text: page.slice(opener.lastIndex, i) });
    opener.lastIndex = i + '</script>'.length;
  }
  return elements;
}

async function validate(document) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  return { ...result, version: validator.version };
}

// --- YAML ------------------------------------------------------------------------------------

test('toYaml: parses back to the same object, key order included', () => {
  for (const document of [fixture('bookshop.json'), fixture('rich-3.1.json'), docgenDocument()]) {
    const back = parseYaml(toYaml(document));
    assert.equal(back, JSON.parse(JSON.stringify(document)));
    assert.equal(Object.keys(back), Object.keys(document));
    assert.equal(Object.keys(back.paths), Object.keys(document.paths));
  }
});

test('toYaml: byte-identical across runs, no anchors or aliases, long lines not folded', () => {
  const shared = { type: 'string', description: 'word '.repeat(60).trim() };
  const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { A: shared, B: shared } } };
  const first = toYaml(document);
  assert.is(toYaml(structuredClone(document)), first);
  assert.is(toYaml(document), first);
  assert.not.match(first, /[&*]a\d|&\w+ |\*\w+$/m);
  assert.equal(parseYaml(first).components.schemas.B, shared);
  assert.ok(first.includes(`description: ${shared.description}\n`), 'the 300-character description stays on one line');
});

test('toYaml: strings that YAML 1.1 readers take for booleans or numbers stay strings', () => {
  const document = { enum: ['on', 'off', 'yes', 'No', 'y'], code: '200', version: '1.0', plain: 'books' };
  const yaml = toYaml(document);
  assert.match(yaml, /- "on"\n/);
  assert.match(yaml, /- "No"\n/);
  assert.match(yaml, /code: "200"\n/);
  assert.match(yaml, /plain: books\n/);
  assert.equal(parseYaml(yaml), document);
});

test('parseDocumentText: JSON by a leading {, YAML otherwise', () => {
  assert.equal(parseDocumentText('  \n{"openapi": "3.1.0", "on": "yes"}', 'a.json'), { openapi: '3.1.0', on: 'yes' });
  assert.equal(parseDocumentText('\ufeff{"a": 1}', 'bom.json'), { a: 1 });
  assert.equal(parseDocumentText('openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\non: yes\n', 'a.yaml'), { openapi: '3.1.0', info: { title: 'T', version: '1' }, on: 'yes' });
  const yaml = toYaml(fixture('bookshop.json'));
  assert.equal(parseDocumentText(yaml, 'bookshop.yaml'), fixture('bookshop.json'));
});

test('parseDocumentText: JSON syntax errors carry the code, the source and the line/column', () => {
  const cases = [
    ['{\n  "openapi": "3.1.0",\n  "info": {"title": "x",}\n}', 3, 25],
    ['{\n  "a": tru\n}', 2, 11],
    ['{"a": 1} trailing', 1, 10],
    ['{\n  "a": "unterminated\n}', 2, 21],
  ];
  for (const [text, line, column] of cases) {
    try {
      parseDocumentText(text, 'api.json');
      assert.unreachable(`${text} parsed`);
    } catch (error) {
      assert.is(error.code, 'DOCGEN_INVALID_DOCUMENT', text);
      assert.is(error.line, line, `${text}: ${error.message}`);
      assert.is(error.column, column, `${text}: ${error.message}`);
      assert.ok(error.message.startsWith(`api.json: invalid JSON at line ${line}, column ${column}`), error.message);
    }
  }
});

test('parseDocumentText: YAML syntax errors and non-documents', () => {
  try {
    parseDocumentText('openapi: 3.1.0\npaths:\n  /a: [1, 2\ninfo: {}\n', 'api.yaml');
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'DOCGEN_INVALID_DOCUMENT');
    assert.is(error.line, 4);
    assert.match(error.message, /^api\.yaml: invalid YAML at line 4, column 1: /);
  }
  try {
    parseDocumentText('a: 1\na: 2\n', 'dup.yaml');
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'DOCGEN_INVALID_DOCUMENT');
    assert.match(error.message, /^dup\.yaml: invalid YAML at line 2, column 1: Map keys must be unique/);
  }
  for (const [text, what] of [['', 'empty'], ['- 1\n', 'a list'], ['just text', 'a string']]) {
    try {
      parseDocumentText(text, 'x.yaml');
      assert.unreachable();
    } catch (error) {
      assert.is(error.code, 'DOCGEN_INVALID_DOCUMENT');
      assert.ok(error.message.includes(`x.yaml: not an OpenAPI document (the top level is ${what}`), error.message);
    }
  }
});

// --- OpenAPI 3.0 -----------------------------------------------------------------------------

test('downgrade: the validator is strict enough to matter (3.1 keywords fail as 3.0)', async () => {
  const rich = fixture('rich-3.1.json');
  const asIs = await validate(rich);
  assert.ok(asIs.valid, 'the fixture is valid 3.1');
  assert.is(asIs.version, '3.1');
  const relabelled = await validate({ ...rich, openapi: '3.0.3', webhooks: undefined, jsonSchemaDialect: undefined });
  assert.is(relabelled.version, '3.0');
  assert.not.ok(relabelled.valid, 'a 3.1 document relabelled 3.0 is rejected');
});

test('downgrade: a rich 3.1 document becomes valid OpenAPI 3.0.3, input untouched', async () => {
  const input = deepFreeze(fixture('rich-3.1.json'));
  const { document, warnings } = downgradeTo30(input);
  assert.equal(input, fixture('rich-3.1.json'));
  const result = await validate(document);
  assert.is(result.version, '3.0');
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  assert.is(document.openapi, '3.0.3');
  assert.is(document.jsonSchemaDialect, undefined);
  assert.is(document.webhooks, undefined);
  assert.ok(warnings.some((w) => w.includes('webhooks') && w.includes('newPet')), warnings.join('\n'));
  assert.equal(document.info.license, { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' });
  assert.is(document.info.description, 'Every 3.1 feature the 3.0 conversion handles');
  assert.is(document.info['x-audience'], 'internal');
  assert.is(document.components.pathItems, undefined);
  assert.is(document['x-docgen-app'].framework, 'express');

  const pet = document.components.schemas.Pet.properties;
  assert.equal(pet.tag, { type: 'string', nullable: true });
  assert.equal(pet.kind, { enum: ['pet'] });
  assert.equal(pet.name, { type: 'string', example: 'Rex' });
  assert.equal(pet.id, { type: 'integer', format: 'int64', minimum: 1, maximum: 1000000, exclusiveMaximum: true });
  assert.equal(pet.score, { type: 'number', minimum: 5 }, 'minimum 5 is stricter than > 0');
  assert.equal(pet.owner, { anyOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true });
  assert.equal(pet.extra, { allOf: [{ $ref: '#/components/schemas/Owner' }], readOnly: true, 'x-note': 'kept' });
  assert.equal(pet.weird, { anyOf: [{ type: 'string' }, { type: 'integer' }] });
  assert.equal(pet.nothing, { enum: [null], nullable: true });
  assert.equal(pet.tags, { type: 'array', uniqueItems: true, items: {} });
  assert.is(document.components.schemas.Pet.patternProperties, undefined);
  assert.is(document.components.schemas.Pet['x-model'], true);
  assert.equal(document.components.schemas.Owner.example, { name: 'Ann' });
  assert.ok(warnings.some((w) => w.includes('prefixItems')), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes('several types')), warnings.join('\n'));

  // Path items referenced from components.pathItems are copied into the paths.
  assert.is(document.paths['/pets'].get.operationId, 'listPets');
  assert.equal(document.paths['/pets'].get.parameters[0].schema, { type: 'integer', maximum: 50, exclusiveMaximum: true });
  assert.equal(document.paths['/pets'].post.responses, { default: { description: 'Default response' } });
  const byId = document.paths['/pets/{id}'];
  assert.equal(byId.parameters[0].schema, { type: 'integer', minimum: 0, exclusiveMinimum: true });
  assert.equal(byId.get.responses['200'].content['application/json'].schema, {
    allOf: [{ $ref: '#/components/schemas/Pet' }],
    description: 'The pet asked for',
  });
  assert.equal(byId.get.responses['404'], { $ref: '#/components/responses/NotFound' });
  assert.is(byId.get['x-docgen-source'], 'src/app.ts:20');
  const upload = byId.put.requestBody.content;
  assert.equal(upload['application/octet-stream'].schema, { type: 'string', format: 'binary' });
  assert.equal(upload['application/json'].schema.properties.photo, { type: 'string', format: 'byte' });
  assert.equal(upload['application/json'].examples.small.value, { photo: 'iVBORw0=', caption: null }, 'example data is not converted');

  assert.equal(document.security, [{ bearer: [] }]);
  assert.equal(Object.keys(document.components.securitySchemes), ['bearer']);
  assert.ok(warnings.some((w) => w.includes('mutualTLS')), warnings.join('\n'));
});

test('downgrade: docgen\'s own documents and the bookshop fixture validate as 3.0', async () => {
  for (const input of [docgenDocument(), fixture('bookshop.json')]) {
    const { document, warnings } = downgradeTo30(input);
    const result = await validate(document);
    assert.ok(result.valid && result.version === '3.0', JSON.stringify(result.errors, null, 2));
    assert.equal(warnings, []);
  }
  const { document } = downgradeTo30(fixture('bookshop.json'));
  assert.equal(document.components.schemas.Book.properties.price, { type: 'number', nullable: true });
  assert.equal(document.paths['/uploads/{name}'].put.requestBody.content['image/png'].schema, { type: 'string', format: 'binary' });
  assert.equal(downgradeTo30(docgenDocument()).document['x-docgen-middleware'], undefined);
  assert.equal(downgradeTo30(docgenDocument()).document.paths['/orders/{orderId}'].get['x-docgen-middleware'], ['jsonParser', 'authenticate']);
});

test('downgrade: 3.0 documents pass through as copies; other versions are refused', () => {
  const input = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
  const { document, warnings } = downgradeTo30(input);
  assert.equal(document, input);
  assert.is.not(document, input);
  assert.equal(warnings, []);
  assert.throws(() => downgradeTo30({ swagger: '2.0' }), /only 3\.1 documents/);
});

// --- Markdown --------------------------------------------------------------------------------

const markdown = () => renderMarkdown(fixture('bookshop.json'));
const sectionOf = (md, heading) => {
  const start = md.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  const level = heading.split(' ')[0];
  const rest = md.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end === -1 ? rest : rest.slice(0, end);
};

test('markdown: title, version, description, docgen notes and a table of contents that links', () => {
  const md = markdown();
  assert.ok(md.startsWith('# Bookshop &lt;API&gt; &amp; friends\n\nVersion `1.4.0` · OpenAPI `3.1.0` · License: MIT\n'), md.slice(0, 200));
  assert.ok(md.includes('Generated by docgen from an app built with express, created at `src/app.ts:3`.'));
  const contents = sectionOf(md, '## Contents');
  assert.ok(contents.includes('- [books](#books)\n  - [GET /books](#get-books) — List books\n  - [POST /books](#post-books)'), contents);
  assert.ok(contents.includes('  - [GET /authors/{authorId}/books](#get-authorsauthoridbooks) — Books by an author'), contents);
  // Every link of the contents points at a heading, with GitHub's anchors.
  const anchors = new Set(
    [...md.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-'),
    ),
  );
  for (const [, anchor] of contents.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(anchors.has(anchor), `#${anchor} has no heading`);
});

test('markdown: operations grouped as Swagger UI groups them, in a stable order', () => {
  const md = markdown();
  const headings = [...md.matchAll(/^(##|###) (.+)$/gm)].map(([, level, text]) => `${level} ${text}`);
  const groups = headings.slice(headings.indexOf('## books'), headings.indexOf('## Schemas'));
  // The declared tags in their order, then "default" for the untagged; document order within.
  assert.equal(groups, [
    '## books',
    '### GET /books',
    '### POST /books',
    '## admin',
    '### DELETE /books/{id}',
    '## default',
    '### GET /authors/{authorId}/books',
    '### GET /books/{id}',
    '### GET /health',
    '### PUT /uploads/{name}',
  ]);
  assert.is(renderMarkdown(fixture('bookshop.json')), md, 'deterministic');
  // Several tags: described under the first, linked from the others; a declared tag with no
  // operation keeps its heading (Swagger UI shows it too).
  const document = fixture('bookshop.json');
  document.paths['/books'].post.tags = ['books', 'admin'];
  document.tags.push({ name: 'unused' });
  const twice = renderMarkdown(document);
  assert.is((twice.match(/^### POST \/books$/gm) ?? []).length, 1);
  assert.match(sectionOf(twice, '## admin'), /^\n\[POST \/books\]\(#post-books\) — Add a book .*: described under \[books\]\(#books\)\.\n\n### DELETE \/books\/\{id\}\n/);
  assert.is(sectionOf(twice, '## unused'), '\nNo operations.\n');
  assert.match(sectionOf(twice, '## Contents'), /\n- \[admin\]\(#admin\)\n {2}- \[POST \/books\]\(#post-books\) — Add a book .*\n {2}- \[DELETE \/books\/\{id\}\]\(#delete-booksid\)\n- \[unused\]\(#unused\)\n/);
});

test('markdown: an operation with parameters, request body, responses, source and middleware', () => {
  const listBooks = sectionOf(markdown(), '### GET /books');
  assert.ok(listBooks.includes('**List books**'));
  assert.ok(listBooks.includes('Registered at `src/app.ts:12`'), listBooks);
  assert.ok(listBooks.includes('Middleware: `jsonParser` → `requestLog`'), listBooks);
  assert.ok(listBooks.includes('| Name | In | Required | Type | Description |'), listBooks);
  assert.ok(listBooks.includes('| `limit` | query | no | integer (int32), default: `20` | How many to return |'), listBooks);
  assert.ok(listBooks.includes('| `sort` | query | no | string, one of: `"asc"`, `"desc"` |'), listBooks);
  assert.ok(listBooks.includes('| `tags` | query | no | array of string |'), listBooks);
  assert.ok(listBooks.includes('| `X-Request-Id` | header | no | string (uuid) | Correlates logs |'), 'a $ref parameter is resolved');
  assert.ok(listBooks.includes('| 200 | A page of books | `application/json`: array of [Book](#book) |'), listBooks);
  assert.ok(listBooks.includes('| default | Something went wrong (Error) | `application/json`: [Error](#error) |'), listBooks);

  const createBook = sectionOf(markdown(), '### POST /books');
  assert.ok(createBook.includes('#### Request body\n\nRequired.\n\nThe book to add\n\n`application/json`: [Book](#book)'), createBook);
  assert.ok(createBook.includes('| `id` | integer (int64) | yes | Read-only. |'), createBook);
  assert.ok(createBook.includes('| `price` | number or null | no |'), createBook);
  assert.ok(createBook.includes('| `author` | [Author](#author) | no |'), createBook);
  assert.ok(createBook.includes('Security: `bearer`'), createBook);
  assert.ok(createBook.includes('| 201 | Created | `application/json`: [Book](#book) |'), createBook);

  const byId = sectionOf(markdown(), '### GET /books/{id}');
  assert.ok(byId.includes('| `id` | path | yes | integer (int64) |'), 'path-level parameters apply');
  assert.ok(sectionOf(markdown(), '### DELETE /books/{id}').includes('**Deprecated.**'));
  const upload = sectionOf(markdown(), '### PUT /uploads/{name}');
  assert.ok(upload.includes('Optional.\n\n`image/png`: string\n\n```json\n{\n  "type": "string",\n  "contentMediaType": "image/png"\n}\n```'), upload);
});

test('markdown: app text is escaped for tables and HTML', () => {
  const md = markdown();
  assert.not.ok(/<script|<\/script|<API>/i.test(md), 'no raw tags from the app');
  assert.ok(md.includes('A hostile string from the app: &lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; and `a < b` in code.'), 'code spans keep their text');
  assert.ok(md.includes('| `authorId` | path | yes | string, pattern: `^[a-z]+$` | The author \\| id |'), 'pipes in cells are escaped; the pattern is kept');
  assert.ok(md.includes('| `title` | string | yes | Title \\| subtitle |'));
  assert.ok(md.includes('Filters with a | pipe and &lt;script&gt;alert(1)&lt;/script&gt; inside.'));
  assert.ok(md.includes('| GET /files/\\* | a regular expression path \\| can\'t be templated | `src/app.ts:40` |'));

  const nasty = renderMarkdown({
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    paths: {
      '/x': {
        get: {
          summary: 'line one\nline *two*',
          parameters: [{ name: 'a|b`c', in: 'query', description: 'first\nsecond | third `x|y` <b>', schema: { type: 'string', enum: ['p|q', '<i>'] } }],
          responses: { 200: { description: 'ok\n\nmore' } },
        },
      },
    },
  });
  assert.ok(nasty.includes('**line one line \\*two\\***'), nasty);
  assert.ok(nasty.includes('| ``a\\|b`c`` | query | no | string, one of: `"p\\|q"`, `"<i>"` | first<br>second \\| third `x\\|y` &lt;b&gt; |'), nasty);
  assert.ok(nasty.includes('| 200 | ok<br><br>more |'), nasty);
});

test('markdown: docgen\'s own documents, and documents with little in them', () => {
  const md = renderMarkdown(docgenDocument());
  assert.ok(md.includes('> **Incomplete:**'), md);
  assert.ok(md.includes('## default\n\n### GET /orders/{orderId}'), md);
  assert.ok(md.includes('Registered at `src/orders.ts:14`  \nMiddleware: `jsonParser` → `authenticate`'), md);
  assert.ok(md.includes('| `orderId` | path | yes | string, pattern: `^(?:\\d+)$` |'), md);
  assert.ok(md.includes('| default | Default response |'), md);
  for (const document of [{}, { openapi: '3.0.3' }, { paths: { '/': { get: {} } } }, null]) {
    const text = renderMarkdown(document);
    assert.ok(text.startsWith('# API reference\n'), text);
  }
  assert.ok(renderMarkdown({ paths: { '/': { get: {} } } }).includes('### GET /'));
});

// --- HTML ------------------------------------------------------------------------------------

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const html = () => renderHtml(fixture('bookshop.json'), {});

test('html: one page with Swagger UI inlined and nothing loaded from the network', () => {
  const page = html();
  const bundle = readFileSync(join(swaggerUi, 'swagger-ui-bundle.js'), 'utf8');
  assert.ok(page.length > bundle.length, 'the bundle is inlined');
  assert.ok(page.includes(bundle.slice(0, 2000)) && page.includes(bundle.slice(-2000)), 'its first and last 2000 characters are there');
  assert.ok(page.includes(readFileSync(join(swaggerUi, 'swagger-ui.css'), 'utf8').slice(0, 2000)), 'the style too');
  assert.not.match(page, /\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.not.match(page, /url\(\s*["']?\s*(?:https?:)?\/\//i);
  assert.not.match(page, /@import/i);
  assert.not.match(page, /sourceMappingURL/);
  assert.match(page, /validatorUrl: null/);
  assert.match(page, /spec: spec/);
  assert.not.match(page, /\burl: ["']http/);
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'/);
});

test('html: text from the app cannot close the script element', () => {
  const page = html();
  assert.not.ok(page.includes(HOSTILE));
  assert.ok(page.includes('\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e'));
  // Read the way an HTML parser reads it, the page has its four script elements and no more.
  const scripts = scriptElements(page);
  assert.equal(scripts.map((s) => s.open), ['<script type="application/json" id="docgen-openapi">', '<script type="text/plain" id="swagger-ui-notices">', '<script>', '<script>']);
  assert.is(page.match(/<\/script/gi).length, 4, 'no </script but their end tags');
  assert.not.ok(page.includes('<!--'));
  assert.ok(page.endsWith('</script>\n</body>\n</html>\n'));
  // The embedded JSON is the document, unchanged.
  assert.equal(JSON.parse(scripts[0].text), fixture('bookshop.json'));
  assert.ok(page.includes('<title>Bookshop &lt;API&gt; &amp; friends</title>'));
  assert.ok(renderHtml({ info: { title: 'x' } }, { title: 'My <docs>' }).includes('<title>My &lt;docs&gt;</title>'));
  const separators = renderHtml({ info: { title: 'a\u2028b\u2029c' } }, {});
  assert.ok(separators.includes('a\\u2028b\\u2029c'));
});

test('html: swagger-ui-bundle.js needed escaping for <!-- (and has no </script)', () => {
  const bundle = readFileSync(join(swaggerUi, 'swagger-ui-bundle.js'), 'utf8');
  assert.not.match(bundle, /<\/script/i, 'if this fails, the bundle now has </script: the page escapes it as <\\/script');
  assert.ok(bundle.includes('<!--'), 'the bundle has <!-- in regular expressions');
  const page = html();
  assert.ok(page.includes('/<\\x21--/'), 'rewritten as <\\x21-- inside its regular expression');
});

test.run();
