/**
 * The header-form request signature, exactly as src/platform/auth/signature.ts builds it, for the
 * playground. It uses @noble/hashes rather than WebCrypto because WebCrypto has no MD5 and exists
 * only on https, and the console is also served on plain http. No DOM here: test/console-signing
 * runs the README's vectors through this file under Node.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type SignType = 'MD5' | 'HMAC-SHA256';

export interface SignInput {
  accessKey: string;
  timestamp: string;
  nonceStr: string;
  /** The body exactly as it will be sent; '' for a GET. Only HMAC mode covers it. */
  body: string;
  signType: SignType;
}

/** access-key, nonce-str (when not empty) and timestamp, sorted by name; HMAC appends the body's SHA-256 last. */
export function canonicalString(input: SignInput): string {
  const params: Array<[string, string]> = [
    ['access-key', input.accessKey],
    ['timestamp', input.timestamp],
  ];
  if (input.nonceStr !== '') params.push(['nonce-str', input.nonceStr]);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = params.map(([name, value]) => `${name}=${value}`).join('&');
  if (input.signType !== 'HMAC-SHA256') return canonical;
  return `${canonical}&body-sha256=${bytesToHex(sha256(utf8ToBytes(input.body)))}`;
}

/** The string the hash runs over: MD5 mode appends the secret, HMAC mode keys with it instead. */
export function stringToSign(input: SignInput, secret: string): string {
  const canonical = canonicalString(input);
  return input.signType === 'HMAC-SHA256' ? canonical : `${canonical}&secret=${secret}`;
}

export function signature(input: SignInput, secret: string): string {
  const signed = utf8ToBytes(stringToSign(input, secret));
  const digest = input.signType === 'HMAC-SHA256' ? hmac(sha256, utf8ToBytes(secret), signed) : md5(signed);
  return bytesToHex(digest).toUpperCase();
}

/** The headers a signed request carries; sign-type only in HMAC mode, as MD5 is the default. */
export function signedHeaders(input: SignInput & { userId: string }, secret: string): Record<string, string> {
  const headers: Record<string, string> = {
    'access-key': input.accessKey,
    'user-id': input.userId,
    timestamp: input.timestamp,
    signature: signature(input, secret),
  };
  if (input.nonceStr !== '') headers['nonce-str'] = input.nonceStr;
  if (input.signType === 'HMAC-SHA256') headers['sign-type'] = 'HMAC-SHA256';
  return headers;
}

/** A 32-hex random nonce, from the platform's CSPRNG. */
export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return bytesToHex(bytes);
}
