/**
 * A body as the capture holds it while an exchange is under way (the bytes of a JSON, form or
 * multipart body, up to the size limit; of any other body only that there was one), and what it
 * becomes once the exchange is done: an `ObservedBody` of the contract, parsed as its media
 * type says. The bytes are dropped as soon as they are parsed.
 */
import type { ObservedBody } from '../exchange.js';
import { decodeContent } from './content-encoding.js';
import { mediaTypeOf, type MediaType } from './media-type.js';
import { multipartNames } from './multipart.js';

/** Collects the chunks of one body up to `limit` bytes; past it, it keeps nothing more. */
export class BodyBytes {
  readonly #limit: number;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #over = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A chunk as streams and `write()` take it: bytes, or a string in an encoding. */
  add(chunk: unknown, encoding?: unknown): void {
    if (this.#over) return;
    let bytes: Uint8Array;
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return;
      bytes = Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8');
    } else if (chunk instanceof Uint8Array) {
      bytes = chunk;
    } else {
      return;
    }
    if (bytes.byteLength === 0) return;
    this.#size += bytes.byteLength;
    if (this.#size > this.#limit) {
      this.#over = true;
      this.#chunks = [];
      return;
    }
    this.#chunks.push(bytes);
  }

  get size(): number {
    return this.#size;
  }

  get over(): boolean {
    return this.#over;
  }

  bytes(): Uint8Array {
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }
}

/** A body when its exchange is done. */
export type CapturedBody =
  /** No byte was sent. */
  | { readonly state: 'empty' }
  /** Bytes were sent, of a media type the capture does not read (`header`: the Content-Type). */
  | { readonly state: 'unread'; readonly header: string | undefined }
  /** Bytes the capture kept; `complete` false when the exchange ended before the body did. */
  | { readonly state: 'bytes'; readonly header: string | undefined; readonly encoding: string | undefined; readonly body: BodyBytes; readonly complete: boolean }
  /** Known to be larger than the limit before a byte was read (its Content-Length). */
  | { readonly state: 'too-large'; readonly header: string | undefined }
  /** Already read as the app read it (a Hono app's `json()`, `formData()`...). */
  | { readonly state: 'observed'; readonly observed: ObservedBody };

/** What a captured body is, for the learner. */
export function observeBody(captured: CapturedBody, limit: number): ObservedBody {
  if (captured.state === 'empty') return EMPTY;
  if (captured.state === 'observed') return captured.observed;
  const media = mediaTypeOf(captured.header);
  const mediaType = media?.type;
  if (captured.state === 'too-large') return skipped(mediaType, 'too-large');
  if (media === null) return skipped(undefined, 'unparsable');
  // No Content-Type: a recipient may take it as a stream of bytes (RFC 9110, 8.3).
  if (captured.state === 'unread' || media === undefined || media.reading === 'other') return { kind: 'other', mediaType: mediaType ?? 'application/octet-stream' };
  const { body } = captured;
  if (body.over) return skipped(mediaType, 'too-large');
  if (!captured.complete) return skipped(mediaType, 'stream');
  if (body.size === 0) return EMPTY;
  const decoded = decodeContent(body.bytes(), captured.encoding, limit);
  if (!decoded.ok) return skipped(mediaType, decoded.reason);
  return parseBody(decoded.bytes, media);
}

const EMPTY: ObservedBody = { kind: 'empty' };

function skipped(mediaType: string | undefined, reason: 'too-large' | 'stream' | 'unparsable'): ObservedBody {
  return { kind: 'skipped', mediaType, reason };
}

function parseBody(bytes: Uint8Array, media: MediaType): ObservedBody {
  const { type: mediaType } = media;
  if (media.reading === 'multipart') {
    const names = multipartNames(bytes, media.boundary);
    return names.ok ? { kind: 'multipart', mediaType, fields: names.fields, files: names.files } : skipped(mediaType, 'unparsable');
  }
  const text = textOf(bytes, media.charset);
  if (text === undefined) return skipped(mediaType, 'unparsable');
  if (media.reading === 'form') return { kind: 'form', mediaType, value: formFields(text) };
  try {
    // A byte order mark is no JSON text, but decoders tolerate it (RFC 8259, 8.1).
    return { kind: 'json', mediaType, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch {
    return skipped(mediaType, 'unparsable');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a body in its charset (UTF-8 unless it says otherwise); undefined when it is not. */
function textOf(bytes: Uint8Array, charset: string | undefined): string | undefined {
  try {
    if (charset === undefined || charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return utf8.decode(bytes);
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A form's fields as URLSearchParams reads them; a repeated name gives an array. No prototype: any name is a field. */
export function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else if (typeof seen === 'string') fields[name] = [seen, value];
    else seen.push(value);
  }
  return fields;
}
