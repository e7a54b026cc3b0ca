// `docgen validate`: the official schema (3.0 and 3.1, JSON and YAML) with readable errors,
// then the lint rules, each at the JSON pointer of what it is about; and the text report.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { renderReport, validateDocument } from '../dist/validate/index.js';
import { docgen } from './helpers/cli.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'validate');
// YAML is a superset of JSON: one parser reads both kinds of fixture.
const load = (name) => parse(readFileSync(join(FIXTURES, name), 'utf8'));
const brief = (findings) => findings.map((f) => [f.severity, f.location, f.rule]);

test('a valid 3.1 document (YAML) has no findings', async () => {
  const report = await validateDocument(load('valid-3.1.yaml'));
  assert.equal(report, { version: '3.1', valid: true, schemaErrors: [], findings: [] });
});

test('a valid 3.0 document (JSON) has no findings', async () => {
  const report = await validateDocument(load('valid-3.0.json'));
  assert.equal(report, { version: '3.0', valid: true, schemaErrors: [], findings: [] });
});

test("what docgen writes is valid; it only lacks summaries", async () => {
  const report = await validateDocument(load('docgen-output.json'));
  assert.is(report.valid, true);
  assert.equal(report.schemaErrors, []);
  assert.equal(brief(report.findings), [
    ['warning', '/paths/~1orgs~1{org}~1items~1{id}/get', 'operation-summary'],
    ['warning', '/paths/~1files~1{path}/get', 'operation-summary'],
  ]);
});

test('schema errors are readable and located at the offending value', async () => {
  const report = await validateDocument(load('schema-invalid.json'));
  assert.is(report.version, '3.0');
  assert.is(report.valid, false);
  assert.equal(
    report.schemaErrors.map((f) => [f.location, f.message]),
    [
      ['/info', "missing required property 'version'"],
      ['/paths/authors', "unexpected property 'authors' (path templates start with '/')"],
      ['/paths/~1books/get/parameters/0/in', 'must be one of "path", "query", "header", "cookie", not "querystring"'],
      ['/paths/~1books/get/parameters/1', "must have one of the properties 'schema', 'content'"],
      ['/paths/~1books/get/responses/200', "missing required property 'description'"],
    ],
  );
  assert.ok(report.schemaErrors.every((f) => f.rule === 'schema' && f.severity === 'error'));
});

test("oneOf noise: the alternative that was meant is the one reported", async () => {
  const doc = (version, parameter, components = {}) => ({
    openapi: version,
    info: { title: 't', version: '1' },
    paths: { '/a/{x}': { get: { summary: 's', parameters: [parameter], responses: { 200: { description: 'ok' } } } } },
    components,
  });
  // 3.0: four location alternatives plus a Reference Object; the path one was meant.
  const pathParam = await validateDocument(doc('3.0.3', { name: 'x', in: 'path', schema: { type: 'string' } }));
  assert.equal(pathParam.schemaErrors.map((f) => [f.location, f.message]), [['/paths/~1a~1{x}/get/parameters/0', "missing required property 'required'"]]);
  // 3.0 security schemes are $ref'd alternatives: the apiKey one fits best.
  const scheme = await validateDocument(doc('3.0.3', { name: 'x', in: 'path', required: true, schema: {} }, { securitySchemes: { k: { type: 'apiKey', in: 'head' } } }));
  assert.equal(scheme.schemaErrors.map((f) => [f.location, f.message]), [
    ['/components/securitySchemes/k', "missing required property 'name'"],
    ['/components/securitySchemes/k/in', 'must be one of "header", "query", "cookie", not "head"'],
  ]);
  // Type alternatives merge into one message.
  const types = await validateDocument(doc('3.0.3', { name: 'x', in: 'path', required: true, schema: {} }, { schemas: { A: { additionalProperties: 'no' } } }));
  assert.equal(types.schemaErrors.map((f) => f.message), ['must be of type object or boolean, not "no"']);
  // 3.1: an empty Responses Object.
  const empty = await validateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: {} } } } });
  assert.equal(empty.schemaErrors.map((f) => [f.location, f.message]), [['/paths/~1a/get/responses', "must declare at least one response (a status code or 'default')"]]);
});

test('documents that are not OpenAPI 3.0/3.1 get one schema error', async () => {
  const swagger = await validateDocument(load('swagger-2.0.json'));
  assert.equal(swagger, {
    version: undefined,
    valid: false,
    schemaErrors: [{ rule: 'schema', severity: 'error', location: '/swagger', message: 'Swagger "2.0" documents are not supported; convert it to OpenAPI 3.0 or 3.1 first' }],
    findings: [],
  });
  const cases = [
    [{ info: {}, paths: {} }, '', "missing the 'openapi' field: not an OpenAPI 3.0/3.1 document"],
    [{ openapi: '3.2.0', info: {}, paths: {} }, '/openapi', 'OpenAPI "3.2.0" is not supported: the version must be 3.0.x or 3.1.x'],
    [{ openapi: 3.1, info: {}, paths: {} }, '/openapi', 'OpenAPI 3.1 is not supported: the version must be 3.0.x or 3.1.x'],
    [[], '', 'the document must be an object, not an array'],
    ['openapi: 3.1.0', '', 'the document must be an object, not string'],
  ];
  for (const [document, location, message] of cases) {
    const report = await validateDocument(document);
    assert.equal(report.schemaErrors.map((f) => [f.location, f.message]), [[location, message]]);
    assert.is(report.valid, false);
  }
  // A 3.0/3.1 prefix with a malformed rest is left to the official schema.
  const short = await validateDocument({ openapi: '3.1', info: { title: 't', version: '1' }, paths: {} });
  assert.equal(short.schemaErrors.map((f) => [f.location, f.message]), [['/openapi', 'must match the pattern ^3\\.1\\.\\d+(-.+)?$, not "3.1"']]);
});

const TYPES = 'must be one of "array", "boolean", "integer", "null", "number", "object", "string"';

test('3.1: every Schema Object is checked against the OpenAPI 3.1 dialect, each error at its JSON pointer', async () => {
  const report = await validateDocument(load('schema-objects-3.1.yaml'));
  assert.is(report.valid, false);
  assert.equal(report.schemaErrors.map((f) => [f.location, f.message]), [
    ['/paths/~1pets~1{petId}/parameters/0/schema/type', `${TYPES}, not "integr"`],
    ['/paths/~1pets~1{petId}/get/parameters/0/content/application~1json/schema/items/type', `${TYPES}, not "strng"`],
    ['/paths/~1pets~1{petId}/get/responses/200/headers/X-Rate-Limit/schema/minimum', 'must be of type number, not "10"'],
    ['/paths/~1pets~1{petId}/put/requestBody/content/multipart~1form-data/encoding/photo/headers/X-Photo-Id/schema/type/1', `${TYPES}, not "nul"`],
    ['/paths/~1pets~1{petId}/put/callbacks/replaced/{$request.body#~1callback}/post/requestBody/content/application~1json/schema/required', 'must be of type array, not "name"'],
    ['/webhooks/petAdded/post/requestBody/content/application~1json/schema/properties/id/minLength', 'must be >= 0'],
    ['/components/schemas/Pet/properties/name/pattern', 'must be a valid regex, not "^[a-z\\\\_]+("'],
    ['/components/schemas/Pet/properties/tags/items/type', `${TYPES}, not "strng"`],
    ['/components/schemas/Pet/properties/kind/discriminator', "missing required property 'propertyName'"],
    ['/components/schemas/Pet/xml/wrapped', 'must be of type boolean, not "yes"'],
    ['/components/parameters/Limit/schema/maximum', 'must be of type number, not "ten"'],
    ['/components/headers/X-Trace/schema/type', `${TYPES}, not "strin"`],
    ['/components/requestBodies/NewPet/content/application~1json/schema/additionalProperties', 'must be of type object or boolean, not "no"'],
    ['/components/responses/Problem/content/application~1problem+json/schema/externalDocs', "missing required property 'url'"],
    ['/components/pathItems/Shared/get/parameters/0/schema/maxItems', 'must be of type integer, not 1.5'],
  ]);
  assert.ok(report.schemaErrors.every((f) => f.rule === 'schema' && f.severity === 'error'));
  assert.not.ok(report.findings.some((f) => f.rule.startsWith('schema')), 'no dialect warning: the default dialect is known');
});

test('3.1: the dialect the document declares; one docgen cannot check is a warning, not a silent pass', async () => {
  const doc = (extra, schema) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    ...extra,
    paths: { '/a': { get: { summary: 's', responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } } } },
  });
  const oasOnly = { type: 'object', discriminator: { mapping: {} }, properties: { n: { type: 'strng' } } };
  const at = '/paths/~1a/get/responses/200/content/application~1json/schema';
  // The OpenAPI dialect, named or by default (its dated identifier too): discriminator needs a propertyName.
  for (const extra of [{}, { jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base' }, { jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/2024-11-10' }]) {
    const report = await validateDocument(doc(extra, oasOnly));
    assert.equal(report.schemaErrors.map((f) => f.location), [`${at}/properties/n/type`, `${at}/discriminator`], JSON.stringify(extra));
  }
  // Plain JSON Schema 2020-12: discriminator is an unknown keyword there, the type still a mistake.
  const plain = await validateDocument(doc({ jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema' }, oasOnly));
  assert.equal(plain.schemaErrors.map((f) => [f.location, f.message]), [[`${at}/properties/n/type`, `${TYPES}, not "strng"`]]);
  // A dialect docgen does not know: a warning where it is declared, the document not called invalid.
  const draft7 = 'http://json-schema.org/draft-07/schema#';
  const unknown = await validateDocument(doc({ jsonSchemaDialect: draft7 }, oasOnly));
  assert.equal(unknown.schemaErrors, []);
  assert.is(unknown.valid, true);
  assert.equal(unknown.findings.map((f) => [f.severity, f.location, f.rule]), [['warning', '/jsonSchemaDialect', 'schema-dialect-unknown']]);
  assert.match(unknown.findings[0].message, draft7);
  // A Schema Object's own $schema wins over the document's dialect, both ways.
  const own = await validateDocument(doc({ jsonSchemaDialect: draft7 }, { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'strng' }));
  assert.equal(own.schemaErrors.map((f) => f.location), [`${at}/type`]);
  assert.equal(own.findings, []);
  const ownUnknown = await validateDocument(doc({}, { $schema: draft7, type: 'strng' }));
  assert.equal(ownUnknown.schemaErrors, []);
  assert.equal(ownUnknown.findings.map((f) => [f.location, f.rule]), [[`${at}/$schema`, 'schema-dialect-unknown']]);
});

test('3.0: the 3.0 Schema Object rules hold everywhere a schema can be, `type: strng` included', async () => {
  const wrong = (type) => ({ type: 'object', properties: { n: { type } } });
  const report = await validateDocument({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        parameters: [{ name: 'q', in: 'query', schema: { type: 'strng' } }],
        post: {
          summary: 's',
          requestBody: { content: { 'application/json': { schema: wrong('integr') } } },
          responses: { 200: { description: 'ok', headers: { 'X-A': { schema: { type: 'strng' } } }, content: { 'application/json': { schema: { type: 'array', items: { type: 'null' } } } } } },
        },
      },
    },
    components: { schemas: { A: wrong('strng') }, parameters: { P: { name: 'p', in: 'query', content: { 'application/json': { schema: { type: 'strng' } } } } } },
  });
  const TYPES_30 = 'must be one of "array", "boolean", "integer", "number", "object", "string"';
  assert.equal(report.schemaErrors.map((f) => [f.location, f.message]), [
    ['/paths/~1a/parameters/0/schema/type', `${TYPES_30}, not "strng"`],
    ['/paths/~1a/post/requestBody/content/application~1json/schema/properties/n/type', `${TYPES_30}, not "integr"`],
    ['/paths/~1a/post/responses/200/headers/X-A/schema/type', `${TYPES_30}, not "strng"`],
    ['/paths/~1a/post/responses/200/content/application~1json/schema/items/type', `${TYPES_30}, not "null"`],
    ['/components/schemas/A/properties/n/type', `${TYPES_30}, not "strng"`],
    ['/components/parameters/P/content/application~1json/schema/type', `${TYPES_30}, not "strng"`],
  ]);
});

test('docgen validate: a 3.1 schema with "type": "strng" fails, naming the pointer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'docgen-validate-'));
  const file = join(dir, 'api.json');
  const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Pet: { type: 'object', properties: { name: { type: 'strng' } } } } } };
  writeFileSync(file, JSON.stringify(document));
  const run = await docgen(['validate', file]);
  assert.is(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^error\s+\/components\/schemas\/Pet\/properties\/name\/type\s+schema\s+must be one of "array", .*not "strng"$/m);
  assert.match(run.stdout, 'api.json (OpenAPI 3.1): invalid');
});

test('limits are counted in words: "at least 1 item", "at most 1 property", never "1 items"', async () => {
  const report = await validateDocument({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        get: {
          summary: 's',
          parameters: [{ name: 'q', in: 'query', content: { 'application/json': { schema: {} }, 'text/plain': { schema: {} } } }],
          responses: { 200: { description: 'ok' } },
        },
      },
    },
    components: { schemas: { A: { type: 'object', required: [] }, B: { type: 'string', enum: [] } } },
  });
  assert.equal(report.schemaErrors.map((f) => [f.location, f.message]), [
    ['/paths/~1a/get/parameters/0/content', 'must have at most 1 property'],
    ['/components/schemas/A/required', 'must have at least 1 item'],
    ['/components/schemas/B/enum', 'must have at least 1 item'],
  ]);
});

test('each lint rule fires at the right location, errors first', async () => {
  const report = await validateDocument(load('lint.yaml'));
  assert.equal(report.schemaErrors, []);
  assert.is(report.valid, false);
  assert.equal(brief(report.findings), [
    ['error', '/paths/~1books~1{id}/get/responses/200/$ref', 'unresolved-ref'],
    ['error', '/paths/~1books~1{id}/put/operationId', 'duplicate-operation-id'],
    ['error', '/webhooks/ping/post/operationId', 'duplicate-operation-id'],
    ['error', '/paths/~1authors~1{authorId}~1books~1{slug}/get', 'path-param-undeclared'],
    ['error', '/paths/~1books~1{id}/parameters/1', 'path-param-unused'],
    ['error', '/security/1/ghost', 'security-scheme-undefined'],
    ['error', '/paths/~1books~1{id}/put/security/0/oauth', 'security-scheme-undefined'],
    ['warning', '/paths/~1health/get', 'operation-responses'],
    ['warning', '/paths/~1books~1{id}/put', 'operation-summary'],
    ['warning', '/components/schemas/Orphan', 'unused-component'],
    ['warning', '/components/schemas/Lonely', 'unused-component'],
    ['warning', '/components/parameters/Unused', 'unused-component'],
    ['warning', '/components/responses/Gone', 'unused-component'],
    ['warning', '/components/requestBodies/Spare', 'unused-component'],
    ['warning', '/components/headers/Trace', 'unused-component'],
    ['warning', '/components/examples/Sample', 'unused-component'],
    ['warning', '/components/securitySchemes/basic', 'unused-component'],
    ['warning', '/paths/~1authors~1{authorId}~1books~1{slug}/get/responses/200/content/application~1json/schema/$ref', 'external-ref'],
  ]);
  const message = (rule) => report.findings.find((f) => f.rule === rule).message;
  assert.is(message('duplicate-operation-id'), 'operationId "getBook" is already used at /paths/~1books~1{id}/get/operationId');
  assert.is(message('path-param-undeclared'), 'GET /authors/{authorId}/books/{slug}: path parameter "slug" is not declared (no parameter with in: path)');
  assert.is(message('path-param-unused'), 'path parameter "edition" is not in the path "/books/{id}"');
  assert.is(message('security-scheme-undefined'), 'security scheme "ghost" is not defined in components.securitySchemes');
});

test('lint rules: $ref parameters, shared path items, 3.0 responses, component libraries', async () => {
  const base = { openapi: '3.0.3', info: { title: 't', version: '1' } };
  // A $ref'd path-level parameter declares {id}; a path item shared by $ref is checked once.
  const shared = await validateDocument({
    ...base,
    paths: {
      '/a/{id}': { $ref: '#/components/x-items/Item' },
      '/b/{id}': { $ref: '#/components/x-items/Item' },
    },
    components: {
      'x-items': { Item: { parameters: [{ $ref: '#/components/parameters/Id' }], get: { operationId: 'item', responses: { 200: { description: 'ok' } } } } },
      parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
    },
  });
  assert.equal(brief(shared.findings), [['warning', '/components/x-items/Item/get', 'operation-summary']]);
  // 3.0 requires responses (a schema error), so the 3.1-only warning stays quiet.
  const noResponses = await validateDocument({ ...base, paths: { '/a': { get: { summary: 's' } } } });
  assert.equal(noResponses.schemaErrors.map((f) => f.message), ["missing required property 'responses'"]);
  assert.equal(noResponses.findings, []);
  // Without paths or webhooks the document is a library of components: none is "unused".
  const library = await validateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { A: { type: 'string' } } } });
  assert.equal(library, { version: '3.1', valid: true, schemaErrors: [], findings: [] });
});

test('the document is not modified, and reports are deterministic', async () => {
  const document = load('lint.yaml');
  const before = structuredClone(document);
  const first = await validateDocument(document);
  assert.equal(document, before);
  assert.equal(await validateDocument(document), first);
});

test('the text report: one aligned line per finding, then the counts', async () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': { get: { operationId: 'same', responses: { 200: { description: 'ok' } } } },
      '/b': { get: { operationId: 'same', summary: 'b', responses: { 200: { description: 'ok' } } } },
    },
  };
  const report = await validateDocument(document);
  assert.is(
    renderReport(report, 'api.yaml', { color: false }),
    [
      'api.yaml (OpenAPI 3.1): invalid',
      'error    /paths/~1b/get/operationId  duplicate-operation-id  operationId "same" is already used at /paths/~1a/get/operationId',
      'warning  /paths/~1a/get              operation-summary       GET /a has no summary',
      '1 error, 1 warning',
    ].join('\n'),
  );
  const colored = renderReport(report, 'api.yaml', { color: true });
  assert.ok(colored.includes('\u001b[31merror  \u001b[0m') && colored.includes('\u001b[33mwarning\u001b[0m'));
  assert.is(colored.split('\n').at(-1), '1 error, 1 warning');

  const clean = await validateDocument(load('valid-3.0.json'));
  assert.is(renderReport(clean, 'valid-3.0.json', { color: false }), 'valid-3.0.json (OpenAPI 3.0): valid\n0 errors, 0 warnings');
  const swagger = await validateDocument(load('swagger-2.0.json'));
  assert.is(
    renderReport(swagger, 'old.json', { color: false }),
    'old.json (not OpenAPI 3.0/3.1): invalid\nerror    /swagger  schema  Swagger "2.0" documents are not supported; convert it to OpenAPI 3.0 or 3.1 first\n1 error, 0 warnings',
  );
});

test('the text report escapes control characters from the document', async () => {
  const report = await validateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a\u001b[2J': { get: { responses: { 200: { description: 'ok' } } } } } });
  const text = renderReport(report, 'x\n.yaml', { color: false });
  assert.not.ok(text.includes('\u001b'));
  assert.ok(text.includes('/paths/~1a\\u001b[2J/get'));
  assert.ok(text.startsWith('x\\u000a.yaml'));
});

test.run();
