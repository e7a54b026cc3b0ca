/**
 * Recognizes a schema that is the same in both documents, all the way down its `$ref`s, so
 * comparing it can be skipped. Components are shared by many operations and most of them do
 * not change between two versions; without this a diff walks each of them once per operation.
 */
import { canonical, isObject, type Located, type OpenApiDocument } from './document.js';

export class UnchangedSchemas {
  readonly #oldDoc: OpenApiDocument;
  readonly #newDoc: OpenApiDocument;
  /** Local `$ref` targets that differ between the documents, or lead to one that does. */
  #dirty: Set<string> | undefined;
  readonly #texts = { old: new Map<string, string>(), new: new Map<string, string>() };
  readonly #refs = new Map<string, ReadonlySet<string>>();

  constructor(oldDoc: OpenApiDocument, newDoc: OpenApiDocument) {
    this.#oldDoc = oldDoc;
    this.#newDoc = newDoc;
  }

  /** True when both are at the same place, identical, and every `$ref` in them leads to identical schemas. */
  has(before: Located, after: Located): boolean {
    if (before.pointer !== after.pointer) return false;
    const text = this.#text('old', before);
    if (text !== this.#text('new', after)) return false;
    const dirty = (this.#dirty ??= this.#findDirty());
    for (const ref of this.#refsOf(before)) if (dirty.has(ref)) return false;
    return true;
  }

  #text(which: 'old' | 'new', at: Located): string {
    const texts = this.#texts[which];
    let text = texts.get(at.pointer);
    if (text === undefined) texts.set(at.pointer, (text = canonical(at.node)));
    return text;
  }

  /** The `$ref` strings anywhere inside the node (the same in both documents when their texts are). */
  #refsOf(at: Located): ReadonlySet<string> {
    let refs = this.#refs.get(at.pointer);
    if (!refs) this.#refs.set(at.pointer, (refs = collectRefs(at.node)));
    return refs;
  }

  /** Every reference target that changed, then, backwards along `$ref`s, everything that reaches one. */
  #findDirty(): Set<string> {
    const targets = new Set<string>();
    const referrers = new Map<string, string[]>();
    const pending = [...collectRefs(this.#oldDoc.root), ...collectRefs(this.#newDoc.root)];
    const dirty = new Set<string>();
    while (pending.length > 0) {
      const ref = pending.pop()!;
      if (targets.has(ref)) continue;
      targets.add(ref);
      const before = this.#oldDoc.lookup(ref);
      const after = this.#newDoc.lookup(ref);
      // An external reference is compared as text only; its target is out of reach.
      if (!ref.startsWith('#')) continue;
      if (!before || !after || canonical(before.node) !== canonical(after.node)) dirty.add(ref);
      for (const inner of new Set([...collectRefs(before?.node), ...collectRefs(after?.node)])) {
        const list = referrers.get(inner) ?? [];
        list.push(ref);
        referrers.set(inner, list);
        pending.push(inner);
      }
    }
    const queue = [...dirty];
    while (queue.length > 0) {
      for (const referrer of referrers.get(queue.pop()!) ?? []) {
        if (!dirty.has(referrer)) {
          dirty.add(referrer);
          queue.push(referrer);
        }
      }
    }
    return dirty;
  }
}

function collectRefs(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
  return into;
}
