/**
 * What a finished exchange becomes for the learner: the runtime's view (Node's request and
 * response, or a fetch Request and Response) reduced by the capture to a `RawExchange`, then
 * matched to its operation, its query read, its credentials named and its bodies parsed here.
 */
import type { Exchange, ObservedBody } from '../exchange.js';
import { formFields, observeBody, type CapturedBody } from './body.js';
import { credentialsOf, parameterHeaderNames, type RequestHeaders } from './credentials.js';
import type { LiveMatcher } from './routes.js';

export interface RawExchange {
  /** As the request line has it (`GET`). */
  readonly method: string;
  /** The path and query as the request line has them (`/users/7?q=1`); an absolute URL is read for them. */
  readonly target: string;
  /** Lower-case names. */
  readonly headers: RequestHeaders;
  readonly requestBody: CapturedBody;
  readonly status: number;
  readonly responseBody: CapturedBody;
}

export interface ExchangeCounts {
  exchanges: number;
  unmatched: number;
  /** Bodies not read, by reason. */
  readonly skipped: { 'too-large': number; stream: number; unparsable: number };
}

export function exchangeOf(raw: RawExchange, matcher: LiveMatcher, limit: number, counts: ExchangeCounts): Exchange {
  const { path, query } = splitTarget(raw.target);
  let routes = matcher.current();
  let match = routes.match(raw.method, path);
  if (!match) {
    const rebuilt = matcher.missed();
    if (rebuilt) match = (routes = rebuilt).match(raw.method, path);
  }
  const requestBody = observeBody(raw.requestBody, limit);
  const responseBody = observeBody(raw.responseBody, limit);
  counts.exchanges++;
  if (!match) counts.unmatched++;
  countSkipped(requestBody, counts);
  countSkipped(responseBody, counts);
  return {
    method: raw.method.toLowerCase(),
    path: match ? match.path : null,
    ...(match ? {} : { unmatchedPath: routes.shapeOf(path) }),
    pathParams: match ? match.params : {},
    query: query === '' ? {} : formFields(query),
    headerNames: parameterHeaderNames(Object.keys(raw.headers)),
    credentials: credentialsOf(raw.headers),
    requestBody,
    status: raw.status,
    responseBody,
  };
}

function countSkipped(body: ObservedBody, counts: ExchangeCounts): void {
  if (body.kind === 'skipped') counts.skipped[body.reason]++;
}

/** The raw path and query of a request target: origin form (`/a?b`), or absolute (`http://host/a?b`, a proxy's, or a fetch Request's URL). */
export function splitTarget(target: string): { path: string; query: string } {
  let start = 0;
  if (target.charCodeAt(0) !== 0x2f) {
    const scheme = target.indexOf('://');
    const slash = scheme === -1 ? -1 : target.indexOf('/', scheme + 3);
    if (slash === -1) {
      const question = target.indexOf('?');
      return { path: '/', query: question === -1 ? '' : stripFragment(target.slice(question + 1)) };
    }
    start = slash;
  }
  const question = target.indexOf('?', start);
  if (question === -1) return { path: stripFragment(target.slice(start)), query: '' };
  return { path: target.slice(start, question), query: stripFragment(target.slice(question + 1)) };
}

function stripFragment(text: string): string {
  const hash = text.indexOf('#');
  return hash === -1 ? text : text.slice(0, hash);
}
