/**
 * The field names of a `multipart/form-data` body (RFC 7578) read from its captured bytes: the
 * parts are found by their boundary, and each part's `Content-Disposition` header is read with
 * the `content-disposition` package. No part's content is decoded or kept: only which names
 * were sent, and which of them carried a file.
 */
import { parse } from 'content-disposition';

export type MultipartNames = { readonly ok: true; readonly fields: string[]; readonly files: string[] } | { readonly ok: false };

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const DASH = 0x2d;

export function multipartNames(body: Uint8Array, boundary: string | undefined): MultipartNames {
  if (!boundary) return { ok: false };
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  // Between parts the delimiter follows a line break; the first may open the body (a preamble before it is ignored).
  const between = Buffer.concat([CRLF, delimiter]);
  let at = bytes.subarray(0, delimiter.length).equals(delimiter) ? 0 : bytes.indexOf(between);
  if (at === -1) return { ok: false };
  if (at > 0) at += CRLF.length;
  const fields: string[] = [];
  const files: string[] = [];
  for (;;) {
    at += delimiter.length;
    // `--boundary--` closes the body.
    if (bytes[at] === DASH && bytes[at + 1] === DASH) return { ok: true, fields: unique(fields), files: unique(files) };
    const lineEnd = bytes.indexOf(CRLF, at);
    if (lineEnd === -1) return { ok: false };
    const headersEnd = bytes.indexOf(HEADERS_END, lineEnd);
    // A part with no header at all has its blank line right after the delimiter's.
    const headerText = headersEnd === -1 ? undefined : bytes.toString('utf8', lineEnd + CRLF.length, headersEnd);
    if (headerText === undefined) return { ok: false };
    const disposition = dispositionOf(headerText);
    if (disposition === null) return { ok: false };
    if (disposition) (disposition.file ? files : fields).push(disposition.name);
    const next = bytes.indexOf(between, headersEnd + HEADERS_END.length);
    if (next === -1) return { ok: false };
    at = next + CRLF.length;
  }
}

/** The part's name and whether it is a file; undefined for a part without a name; null when the header is malformed. */
function dispositionOf(headers: string): { name: string; file: boolean } | undefined | null {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    let parameters: Record<string, string>;
    try {
      parameters = parse(line.slice(colon + 1).trim()).parameters;
    } catch {
      return null;
    }
    const name = parameters.name;
    if (name === undefined) return undefined;
    return { name, file: parameters.filename !== undefined || parameters['filename*'] !== undefined };
  }
  return undefined;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
