/**
 * The playground's request signing: the server's own rule (src/platform/auth/signing-rules.ts,
 * imported, not copied) bound to @noble/hashes, because WebCrypto has no MD5 and exists only on
 * https, and the console is also served on plain http. No DOM here: test/console-signing runs the
 * README's vectors through this file under Node.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  canonicalOf,
  type Digests,
  headerPairs,
  type Pair,
  type SignType,
  signCanonical,
  signedBodyOf,
  stringToSignOf,
} from '../../../src/platform/auth/signing-rules.ts';

export type { Pair, SignType } from '../../../src/platform/auth/signing-rules.ts';

const NOBLE_DIGESTS: Digests = {
  md5Hex: (text) => bytesToHex(md5(utf8ToBytes(text))),
  sha256Hex: (bytes) => bytesToHex(sha256(typeof bytes === 'string' ? utf8ToBytes(bytes) : bytes)),
  hmacSha256Hex: (key, text) => bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(text))),
};

/** Where the signature travels: the five headers, or (warehouse logistics) the query with `sign`. */
export type SignForm = 'header' | 'query';

export interface SignRequest {
  form: SignForm;
  accessKey: string;
  userId: string;
  timestamp: string;
  nonceStr: string;
  signType: SignType;
  /** The operation's own query parameters, in URL order. */
  query: Pair[];
  /** The JSON body exactly as sent; '' for none. */
  body: string;
  /** The body is a multipart form: not signed, so HMAC mode covers the empty string. */
  multipart: boolean;
}

export interface Signed {
  canonical: string;
  stringToSign: string;
  signature: string;
  /** The signing headers (header form); empty in the query form. */
  headers: Record<string, string>;
  /** The URL's whole query: the operation's parameters, and in the query form the signing set and `sign`. */
  query: Pair[];
}

/** The canonical string, the text hashed and the signature over given pairs (both forms end here). */
export function signPairs(pairs: readonly Pair[], signType: SignType, body: string, secret: string) {
  const canonical = canonicalOf(NOBLE_DIGESTS, pairs, signType, body);
  return {
    canonical,
    stringToSign: stringToSignOf(canonical, signType, secret),
    signature: signCanonical(NOBLE_DIGESTS, canonical, signType, secret),
  };
}

/** sign-type travels only in HMAC mode, as MD5 is the default; so does nothing else the server would read. */
function signTypeEntry(signType: SignType): Pair[] {
  return signType === 'HMAC-SHA256' ? [['sign-type', 'HMAC-SHA256']] : [];
}

export function signRequest(request: SignRequest, secret: string): Signed {
  const body = signedBodyOf(request.body, request.multipart);
  if (request.form === 'query') {
    // Every query parameter but `sign` is signed, the operation's own ones included.
    const signing: Pair[] = [...request.query, ...headerPairs(request), ['user-id', request.userId], ...signTypeEntry(request.signType)];
    const signed = signPairs(signing, request.signType, body, secret);
    return { ...signed, headers: {}, query: [...signing, ['sign', signed.signature]] };
  }
  const signed = signPairs(headerPairs(request), request.signType, body, secret);
  const headers: Record<string, string> = {
    'access-key': request.accessKey,
    'user-id': request.userId,
    timestamp: request.timestamp,
    signature: signed.signature,
    ...(request.nonceStr !== '' ? { 'nonce-str': request.nonceStr } : {}),
    ...Object.fromEntries(signTypeEntry(request.signType)),
  };
  return { ...signed, headers, query: request.query };
}

/** A 32-hex random nonce, from the platform's CSPRNG. */
export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return bytesToHex(bytes);
}
