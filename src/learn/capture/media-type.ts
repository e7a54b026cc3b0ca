/**
 * The media type of a captured body, from its `Content-Type` header, read with the
 * `content-type` package (jshttp's, the parser Express and Koa themselves use), and what the
 * capture does with it: JSON, forms and multipart bodies are read; any other type is described
 * by its type only, and its bytes are never kept.
 */
import { parse } from 'content-type';

/** How a body of this media type is read. */
export type BodyReading = 'json' | 'form' | 'multipart' | 'other';

export interface MediaType {
  /** The essence, lower case, without parameters: `application/json`. */
  readonly type: string;
  /** `charset`, lower case, when given. */
  readonly charset: string | undefined;
  /** `boundary`, for multipart bodies. */
  readonly boundary: string | undefined;
  readonly reading: BodyReading;
}

/** Apps send a handful of distinct Content-Type values: each is parsed once (up to this many). */
const MAX_CACHED = 256;
const cache = new Map<string, MediaType | null>();

/**
 * The header's media type; null when the header is not a media type (`garbage`, `text/`),
 * undefined when there is no header.
 */
export function mediaTypeOf(header: string | undefined): MediaType | null | undefined {
  if (header === undefined) return undefined;
  let known = cache.get(header);
  if (known === undefined) {
    known = parseMediaType(header);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(header, known);
  }
  return known;
}

function parseMediaType(header: string): MediaType | null {
  let parsed: { type: string; parameters: Record<string, string> };
  try {
    parsed = parse(header);
  } catch {
    return null;
  }
  const { type } = parsed;
  const slash = type.indexOf('/');
  // The package is lenient (it reads `garbage` as a type): a media type is `type/subtype`.
  if (slash <= 0 || slash === type.length - 1) return null;
  const charset = parsed.parameters.charset?.toLowerCase();
  const boundary = parsed.parameters.boundary;
  return { type, charset, boundary, reading: readingOf(type) };
}

function readingOf(type: string): BodyReading {
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  return 'other';
}

/** The reading of a body whose header is `header`, before any byte is kept: only JSON, forms and multipart bodies are. */
export function readingFor(header: string | undefined): BodyReading | undefined {
  return mediaTypeOf(header)?.reading;
}
