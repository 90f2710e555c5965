/**
 * The query `timestamp` + `sign` form of the warehouse-logistics family (pandapon-api.md §2): the
 * PandaPon pages put `timestamp` and `sign` in the query of `/open/pp/logistics/*`, with only an
 * optional `nonce-str` header. Ponte reads the whole signing set from the query, named as the
 * headers are (`access-key`, `user-id`, `timestamp`, `nonce-str`, `sign-type`, plus `sign`), and
 * signs every query parameter except `sign` (docs/decisions/001-signature-rule.md). What is
 * checked afterwards (key, window, nonce, user, rate) is the header form's code, unchanged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { fail, type Failure } from '../errors.ts';
import { computeQuerySign, type SignType } from './signature.ts';
import { takesQueryForm } from './signing-rules.ts';

export { QUERY_SIGNED_PREFIXES, takesQueryForm } from './signing-rules.ts';

/** The signing values of one request, whichever form carried them. */
export interface Presented {
  form: 'header' | 'query';
  accessKey: string | undefined;
  userId: string | undefined;
  timestamp: string | undefined;
  signType: string | undefined;
  nonceStr: string | undefined;
  signature: string | undefined;
  /** The signature this request should carry under `secret`. */
  expected(signType: SignType, secret: string): string;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryPairs(url: string): Array<[string, string]> {
  const at = url.indexOf('?');
  return at < 0 ? [] : [...new URLSearchParams(url.slice(at + 1)).entries()];
}

/**
 * The query form applies on the logistics prefixes when the query carries `sign` or `timestamp`
 * and no `signature` header is sent (a client that sends the headers is served by the header form).
 */
export function usesQueryForm(routePath: string, url: string, headers: IncomingHttpHeaders): boolean {
  if (!takesQueryForm(routePath)) return false;
  if (header(headers, 'signature') !== undefined) return false;
  return queryPairs(url).some(([name]) => name === 'sign' || name === 'timestamp');
}

/**
 * Whether a request presents a signature at all, in either form: a developer console session is
 * admitted only on a request that does not, so a signed call is never judged by its cookie.
 */
export function presentsSignature(url: string, headers: IncomingHttpHeaders): boolean {
  if (header(headers, 'access-key') !== undefined || header(headers, 'signature') !== undefined) return true;
  return queryPairs(url).some(([name]) => name === 'access-key' || name === 'sign');
}

/** Reads the query form; a parameter sent twice is refused (which one was signed would be a guess). */
export function readQueryForm(url: string, headers: IncomingHttpHeaders, body: string | Buffer | undefined): Presented | Failure {
  const pairs = queryPairs(url);
  const seen = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name)) return fail('BAD_PARAMETER', { field: name, rule: 'query parameter sent more than once' });
    seen.add(name);
  }
  const query = new Map(pairs);
  const headerNonce = header(headers, 'nonce-str');
  const queryNonce = query.get('nonce-str');
  if (headerNonce !== undefined && queryNonce !== undefined && headerNonce !== queryNonce) {
    return fail('BAD_PARAMETER', { field: 'nonce-str', rule: 'query parameter and header differ' });
  }
  // A nonce sent only as the header (as the v2 pages list it) is signed as if it were in the query.
  const signed = queryNonce === undefined && headerNonce !== undefined ? [...pairs, ['nonce-str', headerNonce] as [string, string]] : pairs;
  return {
    form: 'query',
    accessKey: query.get('access-key'),
    userId: query.get('user-id'),
    timestamp: query.get('timestamp'),
    signType: query.get('sign-type'),
    nonceStr: queryNonce ?? headerNonce,
    signature: query.get('sign'),
    expected: (signType, secret) => computeQuerySign(signed, secret, signType, body),
  };
}
