// The page of `docgen generate --format html` in real headless Chromium (Debian's, through
// playwright-core): it renders every operation with the network cut, text from the app stays
// text, and "Try it out" reaches a real HTTP server, named in servers or, with none, the page's
// own origin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderHtml } from '../dist/output/html.js';
import { ensureChromium } from '../scripts/chromium.js';

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
    assert.equal(blocked, [], 'no request left the page');
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
