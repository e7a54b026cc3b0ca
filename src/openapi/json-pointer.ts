/**
 * JSON pointers (RFC 6901) into OpenAPI documents, and the local `$ref`s that name them. Shared
 * by every reader of documents: the diff, the validator, the test generator, the Markdown
 * renderer and the 3.0 downgrade.
 */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `child('/paths', '/a')` → `/paths/~1a`. */
export function child(pointer: string, ...tokens: readonly (string | number)[]): string {
  return pointer + tokens.map((token) => `/${escapeToken(token)}`).join('');
}

/** The value a pointer names, through own properties and array indexes only; else undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = unescapeToken(raw);
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(key)) node = node[Number(key)];
    else if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, key)) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

/**
 * The JSON pointer a same-document `$ref` names (`#/components/schemas/A` → `/components/schemas/A`),
 * or undefined for anything else (other files, URLs, `#anchor` fragments). Fragments may be
 * percent-encoded, as URI fragments are.
 */
export function localPointer(ref: string): string | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}
