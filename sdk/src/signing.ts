/**
 * Ponte's request signature rule, restated here as the package's own code (it may not import the
 * server): the test vectors in the README prove both agree.
 *
 * canonical = the system parameters sorted by name, `name=value` joined by `&`
 *   (access-key, nonce-str, timestamp); in HMAC mode followed by `&body-sha256=<hex of raw body>`.
 * MD5 mode:         UPPER(HEX(MD5(canonical + "&secret=" + secret)))
 * HMAC-SHA256 mode: UPPER(HEX(HMAC-SHA256(secret, canonical)))
 * The warehouse-logistics query form signs every query parameter except `sign` the same way (the
 * client signs those routes in the header form, which they accept too).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export type SignType = 'MD5' | 'HMAC-SHA256';
export type Bytes = string | Uint8Array;

export interface SignInput {
  accessKey: string;
  timestamp: string;
  nonceStr?: string | undefined;
  /** Raw request body exactly as sent; empty for GET. Only HMAC mode covers it. */
  body?: Bytes | undefined;
  signType?: SignType | undefined;
}

const byName = ([a]: readonly [string, string], [b]: readonly [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

function joined(params: ReadonlyArray<readonly [string, string]>, signType: SignType, body: Bytes | undefined): string {
  const canonical = params
    .toSorted(byName)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  if (signType !== 'HMAC-SHA256') return canonical;
  return `${canonical}&body-sha256=${createHash('sha256')
    .update(body ?? '')
    .digest('hex')}`;
}

function signCanonical(canonical: string, secret: string, signType: SignType): string {
  const hex =
    signType === 'HMAC-SHA256'
      ? createHmac('sha256', secret).update(canonical).digest('hex')
      : createHash('md5').update(`${canonical}&secret=${secret}`).digest('hex');
  return hex.toUpperCase();
}

export function canonicalString(input: SignInput): string {
  const params: Array<[string, string]> = [
    ['access-key', input.accessKey],
    ['timestamp', input.timestamp],
  ];
  if (input.nonceStr) params.push(['nonce-str', input.nonceStr]);
  return joined(params, input.signType ?? 'MD5', input.body);
}

export function computeSignature(input: SignInput, secret: string): string {
  return signCanonical(canonicalString(input), secret, input.signType ?? 'MD5');
}

/** The query form's canonical string: every parameter but `sign`, sorted by name, values decoded. */
export function queryCanonicalString(params: ReadonlyArray<readonly [string, string]>, signType: SignType = 'MD5', body?: Bytes): string {
  return joined(
    params.filter(([name]) => name !== 'sign'),
    signType,
    body,
  );
}

export function computeQuerySign(
  params: ReadonlyArray<readonly [string, string]>,
  secret: string,
  signType: SignType = 'MD5',
  body?: Bytes,
): string {
  return signCanonical(queryCanonicalString(params, signType, body), secret, signType);
}

export interface Credentials {
  accessKey: string;
  accessSecret: string;
  userId: string;
  signType?: SignType | undefined;
}

export interface SignedHeadersInput extends Credentials {
  body?: Bytes | undefined;
  /** Default: now, in ms. */
  timestamp?: string | undefined;
  /** Default: 32 random hex digits; the server refuses one it has seen within the window. */
  nonceStr?: string | undefined;
}

/** The five (with HMAC, six) signature headers of one request. */
export function signedHeaders(input: SignedHeadersInput): Record<string, string> {
  const timestamp = input.timestamp ?? String(Date.now());
  const nonceStr = input.nonceStr ?? randomBytes(16).toString('hex');
  const signType = input.signType ?? 'MD5';
  const signature = computeSignature({ accessKey: input.accessKey, timestamp, nonceStr, body: input.body, signType }, input.accessSecret);
  return {
    'access-key': input.accessKey,
    timestamp,
    'nonce-str': nonceStr,
    'user-id': input.userId,
    signature,
    ...(signType === 'HMAC-SHA256' ? { 'sign-type': 'HMAC-SHA256' } : {}),
  };
}
