/**
 * The signature rule itself, as pure functions over strings: which parameters are signed, in what
 * order, and how the digest is taken (docs/decisions/001-signature-rule.md). The hash functions are
 * handed in, because the server hashes with node:crypto and the developer console's playground, in
 * a browser without MD5 in WebCrypto, with @noble/hashes: both import this file, so the playground
 * cannot drift from what the gateway checks. No imports, no Node or DOM types here.
 */

export type SignType = 'MD5' | 'HMAC-SHA256';

/** Lowercase hex digests; `bytes` given as a string is hashed as its UTF-8 encoding. */
export interface Digests {
  md5Hex(text: string): string;
  sha256Hex(bytes: string | Uint8Array): string;
  hmacSha256Hex(key: string, text: string): string;
}

export type Pair = readonly [string, string];

/** Byte order of the names (not locale order), as the published vectors have it. */
function byName([a]: Pair, [b]: Pair): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The header form's signed parameters: access-key, timestamp and nonce-str when it is sent. */
export function headerPairs(values: { accessKey: string; timestamp: string; nonceStr?: string | undefined }): Pair[] {
  const pairs: Pair[] = [
    ['access-key', values.accessKey],
    ['timestamp', values.timestamp],
  ];
  if (values.nonceStr !== undefined && values.nonceStr !== '') pairs.push(['nonce-str', values.nonceStr]);
  return pairs;
}

/**
 * `name=value` of the signed pairs sorted by name, joined by `&` (the query form signs every query
 * parameter but `sign`); HMAC mode appends `&body-sha256=<hex of the raw body>` last, unsorted.
 * A multipart body is not signed: its caller passes '' (docs/decisions/001).
 */
export function canonicalOf(digests: Digests, pairs: readonly Pair[], signType: SignType, body: string | Uint8Array): string {
  const canonical = pairs
    .filter(([name]) => name !== 'sign')
    .toSorted(byName)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return signType === 'HMAC-SHA256' ? `${canonical}&body-sha256=${digests.sha256Hex(body)}` : canonical;
}

/**
 * The body the digest covers: a multipart/form-data body is not signed, so HMAC mode covers the
 * empty string, as for a GET (1688 leaves the uploaded file out of its signature too).
 */
export function signedBodyOf<B>(rawBody: B, multipart: boolean): B | '' {
  return multipart ? '' : rawBody;
}

/** The text the digest runs over: MD5 mode appends the secret, HMAC mode keys with it instead. */
export function stringToSignOf(canonical: string, signType: SignType, secret: string): string {
  return signType === 'HMAC-SHA256' ? canonical : `${canonical}&secret=${secret}`;
}

/** UPPER(HEX(MD5(canonical + "&secret=" + secret))) or UPPER(HEX(HMAC-SHA256(secret, canonical))). */
export function signCanonical(digests: Digests, canonical: string, signType: SignType, secret: string): string {
  const hex =
    signType === 'HMAC-SHA256' ? digests.hmacSha256Hex(secret, canonical) : digests.md5Hex(stringToSignOf(canonical, signType, secret));
  return hex.toUpperCase();
}

/** The routes that also take the query form: the warehouse-logistics family, v1 and v2. */
export const QUERY_SIGNED_PREFIXES = ['/open/pp/logistics/', '/v2/open/pp/logistics/'] as const;

/** Whether a declared route path reads the query form (the gateway decides by it; /openapi.json says it per operation). */
export function takesQueryForm(routePath: string): boolean {
  return QUERY_SIGNED_PREFIXES.some((prefix) => routePath.startsWith(prefix));
}
