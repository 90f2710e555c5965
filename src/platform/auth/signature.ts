/**
 * Ponte's request signature rule (PandaPon's exact rule is unpublished; see
 * docs/decisions/001-signature-rule.md). The SDK imports this file, so it stays dependency-free.
 *
 * canonical = the system parameters sorted by name, `name=value` joined by `&`:
 *   access-key, nonce-str (when sent), timestamp; in HMAC mode followed by
 *   `&body-sha256=<hex of raw body>` (appended last, as the published test vectors have it).
 * MD5 mode:         UPPER(HEX(MD5(canonical + "&secret=" + secret)))
 * HMAC-SHA256 mode: UPPER(HEX(HMAC-SHA256(secret, canonical)))
 */
import { hmacSha256, md5Hex, sha256Hex } from '../crypto.ts';

export type SignType = 'MD5' | 'HMAC-SHA256';

export interface SignInput {
  accessKey: string;
  timestamp: string;
  nonceStr?: string | undefined;
  /** Raw request body bytes exactly as sent; empty for GET. Only HMAC mode covers it. */
  body?: string | Buffer | undefined;
  signType?: SignType;
}

export function canonicalString(input: SignInput): string {
  const params: Array<[string, string]> = [
    ['access-key', input.accessKey],
    ['timestamp', input.timestamp],
  ];
  if (input.nonceStr !== undefined && input.nonceStr !== '') params.push(['nonce-str', input.nonceStr]);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = params.map(([k, v]) => `${k}=${v}`).join('&');
  return input.signType === 'HMAC-SHA256' ? `${canonical}&body-sha256=${sha256Hex(input.body ?? '')}` : canonical;
}

export function computeSignature(input: SignInput, secret: string): string {
  const canonical = canonicalString(input);
  if (input.signType === 'HMAC-SHA256') return hmacSha256(secret, canonical).toString('hex').toUpperCase();
  return md5Hex(`${canonical}&secret=${secret}`).toUpperCase();
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
export function queryCanonicalString(params: ReadonlyArray<readonly [string, string]>, signType: SignType, body?: string | Buffer): string {
  const sorted = params.filter(([name]) => name !== 'sign').toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = sorted.map(([k, v]) => `${k}=${v}`).join('&');
  return signType === 'HMAC-SHA256' ? `${canonical}&body-sha256=${sha256Hex(body ?? '')}` : canonical;
}

export function computeQuerySign(
  params: ReadonlyArray<readonly [string, string]>,
  secret: string,
  signType: SignType = 'MD5',
  body?: string | Buffer,
): string {
  const canonical = queryCanonicalString(params, signType, body);
  if (signType === 'HMAC-SHA256') return hmacSha256(secret, canonical).toString('hex').toUpperCase();
  return md5Hex(`${canonical}&secret=${secret}`).toUpperCase();
}
