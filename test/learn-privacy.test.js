// Privacy (issue 14): no value seen in traffic reaches the store file or the document by default.
// Exchanges full of secrets go through the learner, the store (a real file) and into a
// document; none of the strings appears anywhere. With examples opted in, one example per
// schema is kept, and the secrets are still redacted by field name and by value pattern.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Learner } from '../dist/learn/learned.js';
import { saveLearnedStore } from '../dist/learn/store.js';
import { applyLearned } from '../dist/learn/to-openapi.js';
import { isSecretName, luhn, redactText } from '../dist/learn/redact.js';
import { exchange, json } from './helpers/learn.js';
import { assertValidOpenApi } from './helpers/validate.js';

const SECRETS = {
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  password: 'hunter2-Correct-Horse',
  email: 'alice.smith@corp.example',
  otherEmail: 'bob+billing@mail.example.net',
  card: '4111 1111 1111 1111',
  cardDigits: '4111111111111111',
  amex: '378282246310005',
  apiKey: 'sk_live_51H8xYzQkLmNoPqRsTuVwXyZ0123456789',
  hex: '8f14e45fceea167a5a36dedd4bea2543',
  sessionCookie: 's%3AKx7vQ2pLm9Z',
  pathId: '90210417',
  username: 'alice_smith_1987',
  freeText: 'Meet me at 221B Baker Street at noon',
  ssn: '078-05-1120',
  uuid: '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e',
  refresh: 'rt_AbCdEfGhIjKlMnOpQrStUvWxYz012345',
};

function secretTraffic() {
  return [
    exchange({
      method: 'post',
      path: '/users/{userId}/payments',
      pathParams: { userId: SECRETS.pathId },
      query: { api_key: SECRETS.apiKey, email: SECRETS.email, note: SECRETS.freeText, [SECRETS.hex]: '1' },
      headerNames: ['x-session-token'],
      credentials: [{ kind: 'bearer' }, { kind: 'apiKeyCookie', name: 'sid' }],
      requestBody: json({
        card: { number: SECRETS.card, cvv: '123', holder: 'Alice Smith' },
        cardNumber: Number(SECRETS.cardDigits),
        password: SECRETS.password,
        contact: `${SECRETS.email}, ${SECRETS.otherEmail}`,
        comment: SECRETS.freeText,
        auth: { token: SECRETS.jwt, refresh_token: SECRETS.refresh },
        ssn: SECRETS.ssn,
        byUser: { [SECRETS.email]: { id: SECRETS.uuid }, [SECRETS.pathId]: { id: SECRETS.hex } },
        title: 'Dragons',
      }),
      status: 201,
      responseBody: json({ id: SECRETS.uuid, receipt: `Bearer ${SECRETS.jwt}`, owner: { email: SECRETS.email, username: SECRETS.username }, amex: SECRETS.amex, signature: SECRETS.hex, apiKey: SECRETS.apiKey }),
    }),
    exchange({
      method: 'post',
      path: '/login',
      requestBody: { kind: 'form', mediaType: 'application/x-www-form-urlencoded', value: { username: SECRETS.username, password: SECRETS.password, remember: 'true' } },
      status: 302,
    }),
    exchange({ method: 'post', path: '/upload', requestBody: { kind: 'multipart', mediaType: 'multipart/form-data', fields: ['caption'], files: ['file'] }, status: 201, responseBody: json({ url: `https://cdn.example/${SECRETS.hex}.png` }) }),
    exchange({ method: 'get', path: null, unmatchedPath: `/users/${SECRETS.username}/${SECRETS.pathId}`, status: 404, responseBody: json({ error: `no user ${SECRETS.email}` }) }),
    exchange({ method: 'get', path: '/search', query: { q: SECRETS.freeText, token: SECRETS.refresh }, status: 400, responseBody: json({ error: `bad token ${SECRETS.refresh}` }) }),
  ];
}

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'app', version: '1' },
  paths: {
    '/users/{userId}/payments': { post: { operationId: 'pay', parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }], responses: { default: { description: 'Default response' } } } },
    '/login': { post: { operationId: 'login', responses: { default: { description: 'Default response' } } } },
    '/upload': { post: { operationId: 'upload', responses: { default: { description: 'Default response' } } } },
    '/search': { get: { operationId: 'search', responses: { default: { description: 'Default response' } } } },
  },
};

/** Learns the traffic, saves it to a real store file, applies it: the texts docgen would write. */
function outputs(examples) {
  const learner = new Learner({ examples });
  for (const e of secretTraffic()) learner.observe(e);
  const dir = mkdtempSync(join(tmpdir(), 'docgen-learn-privacy-'));
  const store = join(dir, 'openapi.learned.json');
  const saved = saveLearnedStore(store, learner.state, { examples, warn: (m) => assert.unreachable(m) });
  const result = applyLearned(DOCUMENT, saved.state, { examples });
  assert.equal(readdirSync(dir), ['openapi.learned.json']);
  return { store: readFileSync(store, 'utf8'), document: JSON.stringify(result.document, null, 2), contradictions: JSON.stringify(result.contradictions), result };
}

function assertNoSecret(text, where, allowed = []) {
  for (const [name, secret] of Object.entries(SECRETS)) {
    if (allowed.includes(name)) continue;
    for (const form of new Set([secret, secret.replace(/ /g, ''), encodeURIComponent(secret)])) {
      assert.not.ok(text.includes(form), `${where} holds the ${name} seen in traffic (${form})`);
    }
  }
}

test('by default, nothing seen in traffic reaches the store file, the document or the contradictions', async () => {
  const { store, document, contradictions, result } = outputs(false);
  assertNoSecret(store, 'the store');
  assertNoSecret(document, 'the document');
  assertNoSecret(contradictions, 'the contradictions');
  for (const text of [store, document]) {
    assert.not.match(text, '"example"');
    assert.not.match(text, 'Dragons');
    assert.not.match(text, 'Alice');
    assert.not.match(text, '123', 'not even a short value');
  }
  // What is kept is the structure: field names, types, formats, counts.
  assert.match(document, '"format": "email"');
  assert.match(document, '"cvv"');
  assert.match(store, '"unmatched"');
  await assertValidOpenApi(result.document);
});

test('with examples opted in: one example per schema, secrets redacted by field name and by value pattern', async () => {
  const { store, document, result } = outputs(true);
  // The username and free text, a uuid: values a user may show in examples; no secret.
  const shown = ['username', 'freeText', 'uuid', 'pathId'];
  assertNoSecret(store, 'the store', shown);
  assertNoSecret(document, 'the document', shown);
  const pay = result.document.paths['/users/{userId}/payments'].post;
  const body = pay.requestBody.content['application/json'].example;
  assert.equal(body, {
    auth: { refresh_token: '<redacted>', token: '<redacted>' },
    byUser: { '90210417': { id: '<redacted:hex>' }, 'user@example.com': { id: SECRETS.uuid } },
    card: { cvv: '<redacted>', holder: '<redacted>', number: '<redacted>' },
    cardNumber: 0,
    comment: SECRETS.freeText,
    contact: 'user@example.com, user@example.com',
    password: '<redacted>',
    ssn: '<redacted>',
    title: 'Dragons',
  });
  assert.equal(pay.responses['201'].content['application/json'].example, {
    amex: '<redacted:card>',
    apiKey: '<redacted>',
    id: SECRETS.uuid,
    owner: { email: 'user@example.com', username: SECRETS.username },
    receipt: 'Bearer <redacted>',
    signature: '<redacted>',
  });
  // Parameters: typed as their schema says, redacted by name.
  const byName = Object.fromEntries(pay.parameters.map((p) => [p.name, p]));
  assert.is(byName.userId.example, Number(SECRETS.pathId));
  assert.is(byName.api_key.example, '<redacted>');
  assert.is(byName.email.example, 'user@example.com');
  assert.equal(result.document.paths['/login'].post.requestBody.content['application/x-www-form-urlencoded'].example, { password: '<redacted>', remember: true, username: SECRETS.username });
  // A request answered 400 gives no example (nor schema) for the request side.
  assert.is(result.document.paths['/search'].get.parameters, undefined);
  // At most one example per schema, never an `examples` list.
  assert.not.match(document, '"examples"');
  assert.is(store.match(/"example"/g).length, document.match(/"example"/g).length);
  await assertValidOpenApi(result.document);
});

test('redaction rules, one by one', () => {
  assert.is(redactText(`value ${SECRETS.jwt} end`), 'value <redacted:jwt> end');
  assert.is(redactText(`Token ${SECRETS.jwt}`), 'Token <redacted>', 'a credential scheme word before it');
  assert.is(redactText('Authorization: Basic dXNlcjpwYXNz'), 'Authorization: Basic <redacted>');
  assert.is(redactText(`mail ${SECRETS.otherEmail}.`), 'mail user@example.com.');
  assert.is(redactText(`card ${SECRETS.card} and 4111-1111-1111-1111`), 'card <redacted:card> and <redacted:card>');
  assert.is(redactText('order 1234 5678 9012 3456'), 'order 1234 5678 9012 3456', 'fails Luhn: not a card');
  assert.is(redactText(`key ${SECRETS.hex}`), 'key <redacted:hex>');
  assert.is(redactText(`key ${SECRETS.apiKey}`), 'key <redacted:secret>');
  assert.is(redactText('the-quick-brown-fox-jumps-over-the-lazy-dog-2024'), 'the-quick-brown-fox-jumps-over-the-lazy-dog-2024', 'a long slug is no secret');
  assert.ok(luhn('4111111111111111') && luhn('378282246310005') && !luhn('4111111111111112'));
  for (const name of ['password', 'newPassword', 'api_key', 'apiKey', 'X-Api-Key', 'client_secret', 'refreshToken', 'authorization', 'cookie', 'sessionId', 'ssn', 'card', 'cardNumber', 'cvv', 'pin', 'otp']) assert.ok(isSecretName(name), name);
  for (const name of ['author', 'authorName', 'username', 'title', 'tokenizer', 'cardinality', 'passenger', 'spinner']) assert.not.ok(isSecretName(name), name);
});

test('redaction stays linear on long texts, and a body over the example limit is not redacted at all', () => {
  const text = `${'y'.repeat(100_000)} @ ${'z'.repeat(100_000)}`;
  const began = Date.now();
  assert.is(redactText(text), text);
  assert.ok(Date.now() - began < 1000, `${Date.now() - began} ms for 200 KB`);
  const learner = new Learner({ examples: true });
  learner.observe(exchange({ path: '/big', status: 200, responseBody: json({ text: 'x'.repeat(5000) }) }));
  learner.observe(exchange({ path: '/big', status: 200, responseBody: json({ text: 'short' }) }));
  assert.equal(learner.state.paths['/big'].get.responses['200'].content['application/json'].example, { text: 'short' });
});

test.run();
