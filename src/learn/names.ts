/**
 * Names seen in traffic that docgen may keep (object keys, query parameter names, multipart
 * field names) versus names that are values in disguise: an object used as a map keyed by user
 * ids, a query string `?1712345`, a key that is an email. A name is kept as a field name only
 * when it looks like one; anything else is treated as a value (never stored, never written) and
 * the object it came from is described with `additionalProperties`.
 */

/** Longer names than this are values (a token, a sentence), not field names. */
const MAX_NAME_LENGTH = 64;

/**
 * A field name: starts with a letter, `_` or `$`, then letters, digits, `_`, `$`, `.`, `-` and
 * the brackets of `filter[name]` keys. Unicode letters count (`名前`).
 */
const FIELD_NAME = /^[\p{L}_$][\p{L}\p{N}_$.\-[\]]*$/u;
/** Four digits in a row: a year, a date, a phone number, an id (`user_12345`). */
const DIGIT_RUN = /\p{N}{4}/u;
/** A long run of hexadecimal digits with a digit in it: a hash, an object id. */
const HEX = /^[0-9a-f]{12,}$/i;

/** Whether `name` looks like a value (an id, a date, an email...) rather than a field name. */
export function isValueLikeName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return true;
  if (!FIELD_NAME.test(name)) return true; // digits first, `@`, spaces, `/`, `:`...
  if (DIGIT_RUN.test(name)) return true;
  return HEX.test(name) && /\d/.test(name);
}

/**
 * An object key seen in traffic as docgen may print it: the key when it is a field name, `{}`
 * when it is a value (the way `unmatchedPath` writes a path segment that is a value).
 */
export function printableName(name: string): string {
  return isValueLikeName(name) ? '{}' : name;
}
