/**
 * Bodies sent with a `Content-Encoding` (gzip, deflate, br, and zstd where the runtime has it)
 * are decoded with node:zlib before they are read, never to more than the size limit: a body
 * that decodes to more is too large, one that does not decode (or uses another coding) is not
 * read.
 */
import { builtins } from '../../runtime/builtins.js';

export type Decoded = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: 'too-large' | 'unparsable' };

type Decoder = (bytes: Uint8Array, options: { maxOutputLength: number }) => Uint8Array;

/**
 * `header` lists the codings in the order they were applied (`gzip, br`): they are undone in
 * the reverse order. `identity` and an empty header leave the bytes as they are.
 */
export function decodeContent(bytes: Uint8Array, header: string | undefined, limit: number): Decoded {
  if (header === undefined) return { ok: true, bytes };
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let current = bytes;
  for (let i = codings.length - 1; i >= 0; i--) {
    const decoders = decodersFor(codings[i]!);
    if (decoders.length === 0) return { ok: false, reason: 'unparsable' };
    const decoded = decodeWithFirst(decoders, current, limit);
    if (!decoded.ok) return decoded;
    current = decoded.bytes;
  }
  return { ok: true, bytes: current };
}

function decodeWithFirst(decoders: readonly Decoder[], bytes: Uint8Array, limit: number): Decoded {
  for (const decode of decoders) {
    try {
      return { ok: true, bytes: decode(bytes, { maxOutputLength: Math.max(1, limit) }) };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return { ok: false, reason: 'too-large' };
    }
  }
  return { ok: false, reason: 'unparsable' };
}

function decodersFor(coding: string): Decoder[] {
  const zlib = builtins.zlib;
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return [zlib.gunzipSync];
    // HTTP's deflate is the zlib format; some servers send raw deflate data instead.
    case 'deflate':
      return [zlib.inflateSync, zlib.inflateRawSync];
    case 'br':
      return [zlib.brotliDecompressSync];
    case 'zstd': {
      const zstd = (zlib as unknown as { zstdDecompressSync?: Decoder }).zstdDecompressSync;
      return zstd ? [zstd] : [];
    }
    default:
      return [];
  }
}
