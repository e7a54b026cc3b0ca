// The page of `docgen generate --format html` in real headless Chromium (Debian's, through
// playwright-core): it renders every operation with the network cut, every operation and model
// expands without a Swagger UI error (its `$ref`s resolve, from file:// too), text from the app
// stays text, and "Try it out" reaches a real HTTP server, named in servers or, with none, the
// page's own origin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderHtml } from '../dist/output/html.js';
import { renderMarkdown } from '../dist/output/markdown.js';
import { ensureChromium } from '../scripts/chromium.js';
import { docgen } from './helpers/cli.js';
import { ROOT } from './helpers/run-app.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'outputs');
const fixture = (name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const HOSTILE_SUMMARY = 'Add a book </script><script>window.__pwned=1</script>';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const HEALTH_STATUS = 299; // unusual on purpose: only the test server answers with it

const started = Date.now();
const context = { browser: undefined, server: undefined, origin: '', directory: '', apiRequests: [] };

/** `GET /books` for each operation of the fixture. */
const operationsOf = (document) =>
  Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)).sort();

test.before(async () => {
  context.directory = mkdtempSync(join(tmpdir(), 'docgen-html-'));
  const withServers = (origin) => ({ ...fixture('bookshop.json'), servers: [{ url: origin, description: 'The test server' }] });
  context.server = createServer((request, response) => {
    const url = new URL(request.url, context.origin);
    if (url.pathname === '/reference.html' || url.pathname === '/no-servers.html') {
      const document = url.pathname === '/reference.html' ? withServers(context.origin) : fixture('bookshop.json');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(renderHtml(document, {}));
    }
    context.apiRequests.push(`${request.method} ${url.pathname}`);
    if (request.method === 'GET' && url.pathname === '/health') {
      response.writeHead(HEALTH_STATUS, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ status: 'alive', from: 'the test server' }));
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => context.server.listen(0, '127.0.0.1', resolve));
  context.origin = `http://127.0.0.1:${context.server.address().port}`;
  context.browser = await chromium.launch({ executablePath: await ensureChromium(), args: CHROMIUM_ARGS });
});

test.after(async () => {
  await context.browser?.close();
  await new Promise((resolve) => (context.server ? context.server.close(resolve) : resolve()));
  rmSync(context.directory, { recursive: true, force: true });
  console.log(`  (browser test: ${((Date.now() - started) / 1000).toFixed(1)}s)`);
});

/**
 * A browser context whose requests may only go to `allowed` (a file: page, or the test server):
 * every other request is aborted and recorded. Page errors and console errors are recorded too.
 */
async function guardedPage(allowed, { offline }) {
  const browserContext = await context.browser.newContext();
  if (offline) await browserContext.setOffline(true);
  const blocked = [];
  await browserContext.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await browserContext.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
  return { page, blocked, errors, close: () => browserContext.close() };
}

/** `GET /books` for each operation Swagger UI shows. */
async function shownOperations(page) {
  await page.waitForSelector('.opblock', { timeout: 30_000 });
  return page.$$eval('.opblock', (blocks) =>
    blocks.map((block) => `${block.querySelector('.opblock-summary-method').textContent.trim()} ${block.querySelector('[data-path]').getAttribute('data-path')}`).sort(),
  );
}

/**
 * Expands every operation and every model of the Schemas section, as a reader clicking through
 * the page would, and waits until Swagger UI has resolved each one (it resolves `$ref`s of an
 * operation or model when it is opened). Returns the text of Swagger UI's error banners.
 */
async function expandEverything(page) {
  const blocks = page.locator('.opblock');
  const count = await blocks.count();
  for (let i = 0; i < count; i++) {
    await blocks.nth(i).locator('.opblock-summary-control').click();
    await blocks.nth(i).locator('.opblock-body').waitFor({ timeout: 30_000 });
  }
  const models = page.locator('section.models');
  if (await models.count()) {
    if (!(await models.evaluate((section) => section.classList.contains('is-open')))) await models.locator('h4 button').first().click();
    // A model's toggle: Swagger UI's own for 3.0, its JSON Schema 2020-12 accordion for 3.1.
    const toggles = models.locator('.model-container .model-box-control, article[data-json-schema-level="0"] > .json-schema-2020-12-head > .json-schema-2020-12-accordion');
    const total = await toggles.count();
    for (let i = 0; i < total; i++) await toggles.nth(i).click();
  }
  await page.waitForFunction(
    () => {
      const { specSelectors } = window.ui;
      const json = specSelectors.specJson().toJS();
      const wanted = [];
      for (const [path, item] of Object.entries(json.paths ?? {})) {
        for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) if (item[method]) wanted.push(['paths', path, method]);
      }
      for (const name of Object.keys(json.components?.schemas ?? json.definitions ?? {})) wanted.push(json.components ? ['components', 'schemas', name] : ['definitions', name]);
      return wanted.every((path) => specSelectors.specResolvedSubtree(path) !== undefined);
    },
    undefined,
    { timeout: 30_000 },
  );
  return page.$$eval('.swagger-ui .errors-wrapper .errors', (banners) => banners.map((banner) => banner.textContent.replace(/\s+/g, ' ').trim()));
}

/** Opens GET /health, presses "Try it out" then "Execute", returns the status Swagger UI shows. */
async function tryHealth(page) {
  const block = page.locator('.opblock-get', { has: page.locator('[data-path="/health"]') });
  await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').click();
  await block.locator('button.execute').click();
  const status = block.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  return {
    status: (await status.textContent()).trim(),
    requestUrl: (await block.locator('.request-url pre').textContent()).trim(),
    body: await block.locator('.live-responses-table tbody .response-col_description').first().textContent(),
  };
}

test('offline from file://: every operation rendered, nothing requested from the network', async () => {
  const file = join(context.directory, 'reference.html');
  const document = fixture('bookshop.json');
  writeFileSync(file, renderHtml(document, {}));
  const { page, blocked, errors, close } = await guardedPage((url) => url.startsWith('file:'), { offline: true });
  try {
    await page.goto(pathToFileURL(file).href);
    const expected = operationsOf(document);
    assert.is(expected.length, 7);
    assert.equal(await shownOperations(page), expected);
    assert.is(await page.locator('.opblock').count(), expected.length);
    assert.is(await page.title(), 'Bookshop <API> & friends');
    assert.is(await page.evaluate(() => window.__pwned), undefined);
    assert.ok(await page.getByText(HOSTILE_SUMMARY, { exact: true }).isVisible(), 'the hostile summary is shown as text');
    assert.ok(await page.locator('.info').getByText('Books and authors.').isVisible());
    assert.equal(await expandEverything(page), [], 'no Swagger UI error banner');
    assert.equal(blocked, [], 'no request left the page');
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

// examples/documented: celebrate (joi) validators, one of them a named component that the
// request body of POST /pets references. Generated as 3.1 and as 3.0, opened from disk.
for (const openapi of ['3.1', '3.0']) {
  test(`offline from file://: an app's OpenAPI ${openapi} document with $refs, every operation and model opens without a resolver error`, async () => {
    const base = join(context.directory, `pets-${openapi}`);
    const run = await docgen(['generate', join(ROOT, 'examples', 'documented', 'app.ts'), '--openapi', openapi, '-f', 'json,html', '-o', base, '--quiet'], { timeout: 60_000 });
    assert.is(run.code, 0, run.stderr);
    const document = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    assert.ok(document.openapi.startsWith(openapi), document.openapi);
    assert.equal(Object.keys(document.components.schemas), ['NewPet']);
    assert.match(JSON.stringify(document.paths['/pets'].post.requestBody), '"$ref":"#/components/schemas/NewPet"');
    const { page, blocked, errors, close } = await guardedPage((url) => url.startsWith('file:'), { offline: true });
    try {
      await page.goto(pathToFileURL(`${base}.html`).href);
      assert.equal(await shownOperations(page), operationsOf(document));
      assert.equal(await expandEverything(page), [], 'no Swagger UI error banner');
      // The referenced schema is used where it is referenced: POST /pets's example body is a NewPet.
      const post = page.locator('.opblock-post', { has: page.locator('[data-path="/pets"]') });
      const example = JSON.parse(await post.locator('.opblock-section-request-body .body-param__example').textContent());
      assert.equal(example, { name: 'string', kind: 'cat' });
      assert.equal(blocked, [], 'no request left the page');
      assert.equal(errors, []);
    } finally {
      await close();
    }
  });
}

/**
 * The groups of a Markdown reference, `[tag, ['GET /path', ...]]`: each `## ` group heading with
 * the operations it describes (`### GET /path`) or links to (`[GET /path](#...)`).
 */
function markdownGroups(md) {
  const notGroups = new Set(['Contents', 'Servers', 'Schemas', 'Webhooks', 'Routes not in this reference', 'Mounted apps docgen could not see into']);
  const unescape = (text) => text.replace(/\\([\\`*_[\]|~#])/g, '$1');
  const groups = [];
  for (const line of md.split('\n')) {
    const group = /^## (.+)$/.exec(line);
    if (group) {
      groups.push(notGroups.has(group[1]) ? undefined : [unescape(group[1]), []]);
      continue;
    }
    const current = groups.at(-1);
    const operation = /^### ([A-Z]+ \S+)$/.exec(line) ?? /^\[([A-Z]+ [^\]]+)\]\(#[^)]+\)/.exec(line);
    if (current && operation) current[1].push(unescape(operation[1]));
  }
  return groups.filter(Boolean);
}

test('HTML and Markdown of one document group the same operations under the same tags, in the same order', async () => {
  // bookshop.json has untagged operations; here also an operation with two tags (one repeated),
  // a tag used but not declared, and a declared tag that no operation uses.
  const document = fixture('bookshop.json');
  document.tags.push({ name: 'unused', description: 'No operation has this tag.' });
  document.paths['/books'].post.tags = ['books', 'admin', 'books'];
  document.paths['/health'].get.tags = ['ops'];
  const file = join(context.directory, 'groups.html');
  writeFileSync(file, renderHtml(document, {}));
  const { page, errors, close } = await guardedPage((url) => url.startsWith('file:'), { offline: true });
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.opblock');
    const shown = await page.$$eval('.opblock-tag-section', (sections) =>
      sections.map((section) => [
        section.querySelector('.opblock-tag').getAttribute('data-tag'),
        [...section.querySelectorAll('.opblock')].map((block) => `${block.querySelector('.opblock-summary-method').textContent.trim()} ${block.querySelector('[data-path]').getAttribute('data-path')}`),
      ]),
    );
    assert.equal(shown, [
      ['books', ['GET /books', 'POST /books']],
      ['admin', ['POST /books', 'DELETE /books/{id}']],
      ['unused', []],
      ['default', ['GET /authors/{authorId}/books', 'GET /books/{id}', 'PUT /uploads/{name}']],
      ['ops', ['GET /health']],
    ]);
    assert.equal(markdownGroups(renderMarkdown(document)), shown);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('Try it out: served by the app\'s server, requests go to the server in servers', async () => {
  const { page, blocked, errors, close } = await guardedPage((url) => url.startsWith(`${context.origin}/`), { offline: false });
  try {
    context.apiRequests.length = 0;
    await page.goto(`${context.origin}/reference.html`);
    assert.is((await shownOperations(page)).length, 7);
    assert.is(await page.locator('.servers select option').first().textContent(), `${context.origin} - The test server`);
    const result = await tryHealth(page);
    assert.is(result.status, String(HEALTH_STATUS));
    assert.ok(result.body.includes('the test server'), result.body);
    assert.is(result.requestUrl, `${context.origin}/health`);
    assert.equal(context.apiRequests, ['GET /health']);
    assert.is(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(blocked, []);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('Try it out: a document without servers sends requests to the page\'s own origin', async () => {
  const { page, blocked, errors, close } = await guardedPage((url) => url.startsWith(`${context.origin}/`), { offline: false });
  try {
    context.apiRequests.length = 0;
    await page.goto(`${context.origin}/no-servers.html`);
    assert.is((await shownOperations(page)).length, 7);
    assert.is(await page.locator('.servers input').first().inputValue(), context.origin, 'the {origin} variable starts as the page origin');
    const result = await tryHealth(page);
    assert.is(result.status, String(HEALTH_STATUS));
    assert.is(result.requestUrl, `${context.origin}/health`);
    assert.equal(context.apiRequests, ['GET /health']);
    assert.equal(blocked, []);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test.run();
