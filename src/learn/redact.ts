/**
 * Examples, when the user opted in (DOCGEN_LEARN_EXAMPLES=1): at most one per schema (a body's
 * media type, a parameter), redacted before it is kept, and picked by a stable order rather than
 * by arrival, so that the same multiset of exchanges gives the same example in any order.
 *
 * Without the opt-in nothing here runs and no value seen in traffic is kept anywhere.
 *
 * Redaction rules (the README's "Learn from traffic" section copies this table):
 *
 * | Rule            | What it matches                                                            | Written instead        |
 * |-----------------|----------------------------------------------------------------------------|------------------------|
 * | Field name      | a field or parameter whose name has a word among: password, passwd, pwd,   | `"<redacted>"` (text), |
 * |                 | pass, secret, token, auth, authorization, credential(s), cookie, session,  | `0` (number), `false`  |
 * |                 | sid, ssn, card, cvv, cvc, pin, iban, otp, signature, apikey, api_key,      | (boolean), everything  |
 * |                 | private_key, access_key, client_secret, refresh_token, id_token, jwt       | inside an object/array |
 * | Bearer/Basic    | `Bearer ...`, `Basic ...`, `Token ...`, `Digest ...` credentials in text   | `Bearer <redacted>`    |
 * | JWT             | three base64url parts starting `eyJ` (a JSON Web Token)                     | `<redacted:jwt>`       |
 * | Email address   | `name@domain.tld` anywhere in a text                                       | `user@example.com`     |
 * | Card number     | 13 to 19 digits (spaces or dashes between) that pass the Luhn check, in    | `<redacted:card>`      |
 * |                 | text or as a JSON number                                                   | (`0` as a number)      |
 * | Hex secret      | 32 or more hexadecimal digits in a row, a digit among them (keys, hashes)  | `<redacted:hex>`       |
 * | Base64 secret   | 32 or more base64/base64url characters mixing upper case, lower case and   | `<redacted:secret>`    |
 * |                 | digits (API keys, random tokens)                                           |                        |
 * | Object keys     | keys are redacted by the same text rules (an email used as a key)          | as above               |
 *
 * A value whose JSON text is longer than MAX_EXAMPLE_LENGTH, before or after redaction, gives no example.
 */
import { canonical, type JsonValue } from '../schemas/json-schema.js';

/** Longer examples are not kept (a documentation example, not a copy of a large body). */
export const MAX_EXAMPLE_LENGTH = 2048;

/**
 * Words of a field name that make its value a secret. A name is split into words at `_`, `-`,
 * `.`, spaces and lower-to-upper case changes (`apiKey` -> api, key); joined pairs are checked too.
 */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'auth', 'authorization', 'credential', 'credentials',
  'cookie', 'session', 'sid', 'ssn', 'card', 'cvv', 'cvc', 'pin', 'iban', 'otp', 'signature', 'jwt', 'apikey', 'privatekey',
  'accesskey', 'secretkey', 'clientsecret', 'refreshtoken', 'idtoken', 'accesstoken', 'creditcard', 'cardnumber', 'sessionid',
]);

export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  for (let i = 0; i + 1 < words.length; i++) if (SECRET_WORDS.has(words[i]! + words[i + 1]!)) return true;
  return false;
}

const CREDENTIAL = /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// The local part is bounded (RFC 5321: 64): an unbounded run before a missing `@` made this
// quadratic on long texts.
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
const DIGIT_GROUPS = /\d(?:[ -]?\d){12,18}/g;
const HEX_SECRET = /[0-9A-Fa-f]{32,}/g;
const BASE64_SECRET = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** A text with every secret-looking part replaced (the rules in the table above). */
export function redactText(text: string): string {
  let out = text.replace(CREDENTIAL, (_, scheme: string) => `${scheme} <redacted>`).replace(JWT, '<redacted:jwt>');
  if (out.includes('@')) out = out.replace(EMAIL, 'user@example.com');
  return out
    .replace(DIGIT_GROUPS, (digits) => (luhn(digits.replace(/[ -]/g, '')) ? '<redacted:card>' : digits))
    .replace(HEX_SECRET, (hex) => (/\d/.test(hex) ? '<redacted:hex>' : hex))
    .replace(BASE64_SECRET, (run) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? '<redacted:secret>' : run));
}

/** The Luhn check digit test card numbers pass (and most other long digit strings fail). */
export function luhn(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Everything under a secret field name: same types, no content. */
function blank(value: unknown): JsonValue {
  if (typeof value === 'string') return '<redacted>';
  if (typeof value === 'number') return 0;
  if (typeof value === 'boolean') return false;
  if (Array.isArray(value)) return value.map(blank);
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const key of Object.keys(value).sort()) out[redactText(key)] = blank((value as Record<string, unknown>)[key]);
    return { ...out };
  }
  return null;
}

function redactValue(value: unknown, name: string | undefined): JsonValue | undefined {
  if (name !== undefined && isSecretName(name)) return blank(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return Number.isInteger(value) && luhn(String(Math.abs(value))) ? 0 : value;
  }
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    // Keys sorted: two samples that differ only in key order give the same example text.
    for (const key of Object.keys(value).sort()) {
      const item = redactValue((value as Record<string, unknown>)[key], key);
      if (item === undefined) continue;
      let safeKey = redactText(key);
      // Two keys redacted to the same text (two emails) stay two keys.
      for (let n = 2; safeKey in out; n++) safeKey = `${redactText(key)}-${n}`;
      out[safeKey] = item;
    }
    return { ...out };
  }
  return undefined;
}

/**
 * The example docgen may keep for a value: redacted by field name (`name` is the parameter's or
 * the top field's name, if any) and by value pattern; undefined when it is too long.
 */
export function exampleOf(value: unknown, name?: string): JsonValue | undefined {
  // A value over the limit is not redacted only to be dropped: its size is looked at first, and
  // that walk stops at the limit.
  if (sizeOver(value, MAX_EXAMPLE_LENGTH)) return undefined;
  const redacted = redactValue(value, name);
  if (redacted === undefined) return undefined;
  return canonical(redacted).length <= MAX_EXAMPLE_LENGTH ? redacted : undefined;
}

/** Whether a value's JSON text is surely longer than `limit` (a lower bound, counted until it passes the limit). */
function sizeOver(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (Array.isArray(item)) {
      size += 1 + item.length;
      for (const element of item) stack.push(element);
    } else if (item && typeof item === 'object') {
      for (const key of Object.keys(item)) {
        size += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    } else size += 1;
    if (size > limit) return true;
  }
  return false;
}

interface ExampleScore {
  readonly leaves: number;
  readonly text: string;
}

/** Scores of the examples held in states: the one kept is compared with every new one. */
const scores = new WeakMap<object, ExampleScore>();

function scoreOf(example: JsonValue): ExampleScore {
  if (example === null || typeof example !== 'object') return { leaves: 1, text: canonical(example) };
  let score = scores.get(example);
  if (!score) scores.set(example, (score = { leaves: leaves(example), text: canonical(example) }));
  return score;
}

/**
 * Of two examples, the one to keep: the one that shows more (more fields and items), then the
 * shorter, then the first in code-unit order of its canonical text. A total order, so the pick
 * is the same whatever order the examples arrive in.
 */
export function preferredExample(a: JsonValue | undefined, b: JsonValue | undefined): JsonValue | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const scoreA = scoreOf(a);
  const scoreB = scoreOf(b);
  if (scoreA.leaves !== scoreB.leaves) return scoreA.leaves > scoreB.leaves ? a : b;
  if (scoreA.text.length !== scoreB.text.length) return scoreA.text.length < scoreB.text.length ? a : b;
  return scoreA.text <= scoreB.text ? a : b;
}

function leaves(value: JsonValue): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + leaves(item), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((sum, item) => sum + leaves(item), 0);
  return 1;
}
