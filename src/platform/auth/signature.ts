/**
 * Ponte's request signature rule (PandaPon's exact rule is unpublished; see
 * docs/decisions/001-signature-rule.md), bound to node:crypto. The rule itself is in
 * signing-rules.ts, which the console's playground shares. The SDK imports this file, so it stays
 * dependency-free.
 *
 * canonical = the system parameters sorted by name, `name=value` joined by `&`:
 *   access-key, nonce-str (when sent), timestamp; in HMAC mode followed by
 *   `&body-sha256=<hex of raw body>` (appended last, as the published test vectors have it).
 * MD5 mode:         UPPER(HEX(MD5(canonical + "&secret=" + secret)))
 * HMAC-SHA256 mode: UPPER(HEX(HMAC-SHA256(secret, canonical)))
 */
import { hmacSha256, md5Hex, sha256Hex } from '../crypto.ts';
import { canonicalOf, type Digests, headerPairs, type Pair, type SignType, signCanonical } from './signing-rules.ts';

export type { SignType } from './signing-rules.ts';

const NODE_DIGESTS: Digests = {
  md5Hex,
  sha256Hex,
  hmacSha256Hex: (key, text) => hmacSha256(key, text).toString('hex'),
};

export interface SignInput {
  accessKey: string;
  timestamp: string;
  nonceStr?: string | undefined;
  /** Raw request body bytes exactly as sent; empty for GET. Only HMAC mode covers it. */
  body?: string | Buffer | undefined;
  signType?: SignType;
}

export function canonicalString(input: SignInput): string {
  return canonicalOf(NODE_DIGESTS, headerPairs(input), input.signType ?? 'MD5', input.body ?? '');
}

export function computeSignature(input: SignInput, secret: string): string {
  return signCanonical(NODE_DIGESTS, canonicalString(input), input.signType ?? 'MD5', secret);
}

/** Accepts 10-digit seconds or 13-digit milliseconds; anything else is null. */
export function parseTimestampMs(value: string): number | null {
  if (/^\d{10}$/.test(value)) return Number(value) * 1000;
  if (/^\d{13}$/.test(value)) return Number(value);
  return null;
}

/**
 * The query form of the warehouse-logistics family (`…/open/pp/logistics/…?timestamp=…&sign=…`):
 * every query parameter except `sign`, sorted by name (byte order), `name=value` joined by `&`,
 * values as decoded from the URL. In HMAC mode `&body-sha256=<hex>` is appended last, exactly as
 * in the header form, so one signing routine serves both (docs/decisions/001-signature-rule.md).
 */
export function queryCanonicalString(params: readonly Pair[], signType: SignType, body?: string | Buffer): string {
  return canonicalOf(NODE_DIGESTS, params, signType, body ?? '');
}

export function computeQuerySign(params: readonly Pair[], secret: string, signType: SignType = 'MD5', body?: string | Buffer): string {
  return signCanonical(NODE_DIGESTS, queryCanonicalString(params, signType, body), signType, secret);
}
