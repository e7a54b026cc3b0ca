/**
 * One request and its response as docgen saw them, reduced to what learning needs: the
 * contract between the capture on the request path (src/learn/capture, which reads the
 * framework's and Node's objects) and the learner (src/learn, which keeps shapes and counts).
 *
 * An `Exchange` holds values (a query string's content, a body) only for as long as the learner
 * takes to reduce them to shapes: it is never stored, logged or traced. Nothing seen in traffic
 * reaches a file unless the user opted in to examples (DOCGEN_LEARN_EXAMPLES=1), and then
 * redacted.
 */

/** A parsed or described body. `value`s are read once by the learner and dropped. */
export type ObservedBody =
  /** JSON (`application/json`, `application/*+json`), parsed. */
  | { readonly kind: 'json'; readonly mediaType: string; readonly value: unknown }
  /** `application/x-www-form-urlencoded`, parsed as URLSearchParams would (repeated keys give arrays). */
  | { readonly kind: 'form'; readonly mediaType: string; readonly value: Readonly<Record<string, string | readonly string[]>> }
  /**
   * `multipart/form-data`: part names only, one entry per part (a name sent twice is listed
   * twice, and becomes an array). `fields`: the parts without a filename; `files`: the parts
   * with one. A name is in one list per part, never in both for the same part.
   */
  | { readonly kind: 'multipart'; readonly mediaType: string; readonly fields: readonly string[]; readonly files: readonly string[] }
  /** Any other media type (text, binary): its type only. */
  | { readonly kind: 'other'; readonly mediaType: string }
  /** No body at all (a 204, `res.end()` with nothing, a GET). */
  | { readonly kind: 'empty' }
  /** A body docgen did not read: over the size limit, a stream it will not buffer, or not parsable as its media type says. */
  | { readonly kind: 'skipped'; readonly mediaType: string | undefined; readonly reason: 'too-large' | 'stream' | 'unparsable' };

/** How the request authenticated, as a kind of credential, never the credential. */
export type ObservedCredential =
  | { readonly kind: 'bearer' }
  | { readonly kind: 'basic' }
  /** An API key in a header (`x-api-key`, ...), by header name. */
  | { readonly kind: 'apiKeyHeader'; readonly name: string }
  /** A session or API key cookie, by cookie name. */
  | { readonly kind: 'apiKeyCookie'; readonly name: string };

export interface Exchange {
  /** Lower-case method (the learner lower-cases again; a method OpenAPI has no field for counts as unmatched). */
  readonly method: string;
  /**
   * The operation's path template in the document (`/users/{id}`), or null when the request
   * reached no documented operation. Then `unmatchedPath` is the request's path reduced to a
   * shape that holds no value: each segment that is a static segment of some documented path is
   * kept, every other one is written `{}` (`/users/{}/avatar`).
   */
  readonly path: string | null;
  readonly unmatchedPath?: string;
  /** Path parameters by the template's names, as the raw strings of the request's path. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** Query parameters, decoded; a repeated key gives an array. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Request header names (lower case) the request carried, beyond the standard ones; for
   * parameters `in: header`. The learner filters again with `isDocumentableHeader`
   * (src/learn/headers.ts, which the capture may use as well) and never makes a parameter of a
   * header that is a credential of the same request.
   */
  readonly headerNames: readonly string[];
  readonly credentials: readonly ObservedCredential[];
  readonly requestBody: ObservedBody;
  /** The status sent. 2xx and 3xx are "accepted": only those teach the request side. */
  readonly status: number;
  /** For `head` requests, the learner ignores the body (a HEAD response has none by definition). */
  readonly responseBody: ObservedBody;
}

/**
 * Where the capture hands each finished exchange; the learner subscribes (`Learner.sink`, in
 * src/learn/learned.ts). The sink never throws: a malformed Exchange is counted
 * (`Learner.failures`) and dropped. It reads the values synchronously and keeps none, so the
 * capture may reuse or release them as soon as the call returns.
 */
export type ExchangeSink = (exchange: Exchange) => void;
