/**
 * `docgen generate --format html`: one self-contained page, Swagger UI with the document, that
 * works offline. Swagger UI's script and style are read from dist/swagger-ui/, where the build
 * copies the two files the page needs from swagger-ui-dist (scripts/bundle.js: the package is 12 MB,
 * so an install of docgen does not carry it), and inlined; the document is embedded as JSON and handed over with `spec` (never `url`), and the
 * online validator is off, so opening the page loads nothing from the network. Only "Try it
 * out" makes requests, to the document's servers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HtmlOptions {
  /** The page title; the document's info.title by default. */
  title?: string;
}

interface SwaggerUiAssets {
  readonly script: string;
  readonly style: string;
  readonly notices: string;
  readonly version: string;
}

let assets: SwaggerUiAssets | undefined;

export function renderHtml(document: unknown, options: HtmlOptions = {}): string {
  const ui = (assets ??= loadSwaggerUi());
  const title = options.title ?? documentTitle(document) ?? 'API reference';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="docgen (Swagger UI ${escapeHtml(ui.version)})">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>
${ui.style}
</style>
<style>body { margin: 0; } .swagger-ui .info { margin: 30px 0 20px; }</style>
</head>
<body>
<div id="swagger-ui"></div>
<script type="application/json" id="docgen-openapi">${jsonInScript(document)}</script>
<script type="text/plain" id="swagger-ui-notices">
${ui.notices}
</script>
<script>
${ui.script}
</script>
<script>
${START_SCRIPT}
</script>
</body>
</html>
`;
}

/**
 * Nothing but inline script and style, images and fonts from data: URLs; requests (Try it out)
 * may go anywhere. A stray reference to a remote asset fails instead of reaching the network.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'connect-src *',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Swagger UI needs a server to send "Try it out" requests to. A document without servers gets
 * one in the page (never in the embedded document): a `{origin}` variable that starts as the
 * page's own origin when the page is served over HTTP (say by the app itself), else as
 * http://localhost:3000; it can be edited in the page. `docgen generate --server` avoids this.
 *
 * The base URI of `$ref`s. Swagger UI resolves an embedded document against the page's URL. For
 * OpenAPI 3.1 its resolver (swagger-client's ApiDOM dereference of Schema Objects) first looks a
 * `$ref` up as a JSON Schema `$id`, and falls back to the JSON Pointer after `#` only when one of
 * its resolvers can read the base URI; in a browser that is the HTTP resolver alone. Opened from
 * disk, the base is a file: URL, so every `#/components/...` failed with "Could not resolve
 * reference: Evaluation failed on URI" (3.0 documents take another path and were not affected).
 * Off http(s), the resolver is given an http base instead, under the reserved .invalid domain
 * (RFC 2606): docgen's documents only hold same-document references, found in the document
 * already loaded, so nothing is fetched; Swagger UI shows no URL for an embedded document.
 */
const START_SCRIPT = `(function () {
  'use strict';
  var spec = JSON.parse(document.getElementById('docgen-openapi').textContent);
  var served = /^https?:$/.test(location.protocol);
  if (typeof spec.openapi === 'string' && (!Array.isArray(spec.servers) || spec.servers.length === 0)) {
    var here = served ? location.origin : 'http://localhost:3000';
    spec.servers = [{
      url: '{origin}',
      description: 'The document names no server: edit the address to where the app runs',
      variables: { origin: { default: here, description: 'Scheme, host and port of the app' } }
    }];
  }
  var RESOLVER_BASE = 'https://docgen.invalid/openapi.json';
  // Called with the system the presets built, so the resolvers it wraps are Swagger UI's own.
  function resolveOffHttp(system) {
    var fn = {};
    var resolve = system.fn.resolve;
    var resolveSubtree = system.fn.resolveSubtree;
    if (served) return {};
    if (typeof resolve === 'function') fn.resolve = function (options) { return resolve(Object.assign({}, options, { baseDoc: RESOLVER_BASE })); };
    if (typeof resolveSubtree === 'function') fn.resolveSubtree = function (object, path, options) { return resolveSubtree(object, path, Object.assign({}, options, { baseDoc: RESOLVER_BASE })); };
    return { fn: fn };
  }
  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: '#swagger-ui',
    validatorUrl: null,
    queryConfigEnabled: false,
    deepLinking: true,
    displayOperationId: true,
    displayRequestDuration: true,
    showExtensions: true,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [resolveOffHttp],
    layout: 'BaseLayout'
  });
})();`;

/**
 * dist/swagger-ui/, beside the folder of this module (dist/output/ for the module, dist/cli/ for
 * the bundled command); in a checkout built with tsc alone, the swagger-ui-dist package.
 */
function swaggerUiFolder(): string {
  const built = fileURLToPath(new URL('../swagger-ui/', import.meta.url));
  if (existsSync(join(built, 'package.json'))) return built;
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    throw new Error(`Swagger UI's files are missing from docgen's install (${built}): reinstall docgen, or in its repository run npm run build`);
  }
}

function loadSwaggerUi(): SwaggerUiAssets {
  const root = swaggerUiFolder();
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');
  const pkg = JSON.parse(read('package.json')) as { version?: string };
  const licenses = read('swagger-ui-bundle.js.LICENSE.txt');
  const notices = `${read('NOTICE').trim()}\nSwagger UI is licensed under the Apache License 2.0 (LICENSE in the swagger-ui-dist package).\nThe script below bundles code under these licenses:\n\n${licenses}`;
  return {
    script: scriptText(read('swagger-ui-bundle.js')),
    style: styleText(read('swagger-ui.css')),
    notices: scriptText(notices),
    version: pkg.version ?? 'unknown',
  };
}

/**
 * Makes JavaScript safe inside <script>…</script>. The HTML parser ends the element at the
 * first `</script`; and after a `<!--`, a `<script` puts it in a state where that `</script`
 * no longer ends anything, so the rest of the page would become script. swagger-ui-bundle.js
 * 5.35 has no `</script`, but it has `<!--` in two regular expressions (a syntax highlighter's
 * and an HTML tokenizer's) and `<script>` in a string. Both are rewritten with escapes that
 * mean the same in strings, template literals, regular expressions and comments, where such
 * text can appear in minified code: `<\/script` and `<\x21--`.
 */
function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\x21--');
}

/** The same for <style>: `<\/style` is `</style` in CSS. The source map comment is dropped (no file to load). */
function styleText(css: string): string {
  return css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '').replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The document as JSON in a data block. `<`, `>` and `&` become \u escapes, so no text from
 * the app (a description holding `</script><script>…`) can end the element or start a comment;
 * U+2028/2029 too, for any reader that takes the text as JavaScript.
 */
function jsonInScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function documentTitle(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const info = (document as { info?: unknown }).info;
  if (typeof info !== 'object' || info === null) return undefined;
  const title = (info as { title?: unknown }).title;
  return typeof title === 'string' && title.trim() ? title : undefined;
}
