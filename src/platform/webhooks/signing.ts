import { randomBytes } from 'node:crypto';
import { hmacSha256, safeEqual } from '../crypto.ts';

/*
 * Standard Webhooks 1.0 symmetric signatures (the rule Svix uses):
 *   webhook-signature: v1,<base64 HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)>
 * The secret travels as `whsec_` + base64; the HMAC key is the decoded bytes, not the text.
 * This file only depends on node:crypto and the platform HMAC primitive because the SDK
 * re-exports `verifyWebhook` for developers' receivers.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;
const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'content-type': 'application/json';
};

export type SignInput = { id: string; timestampSeconds: number; body: string; secrets: string[] };

/** A header bag as Node (`IncomingHttpHeaders`), a plain object or a fetch `Headers` gives it. */
export type HeaderSource = Record<string, string | string[] | undefined> | { get(name: string): string | null };

export type VerifyInput = {
  headers: HeaderSource;
  /** The raw bytes as received; re-serialized JSON will not verify. */
  body: string | Buffer;
  secrets: string[];
  /** Defaults to the wall clock; tests and replays inject it. */
  nowSeconds?: number;
  toleranceSeconds?: number;
};

export type VerifyFailureReason = 'missing-headers' | 'timestamp-too-old' | 'timestamp-too-new' | 'no-matching-signature';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason; detail: string };

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** Accepts `whsec_<base64>` or bare base64, as the reference libraries do. */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  // An empty key would make every signature forgeable; this is a configuration bug, not input.
  if (key.length === 0) throw new Error('webhook secret decodes to zero bytes; expected whsec_<base64>');
  return key;
}

function signedContent(id: string, timestamp: string, body: string | Buffer): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), bodyBytes]);
}

function signatureFor(secret: string, content: Buffer): string {
  return hmacSha256(secretKey(secret), content).toString('base64');
}

/** Header value with one `v1,<sig>` per secret, so receivers holding either key accept it during rotation. */
export function signWebhook({ id, timestampSeconds, body, secrets }: SignInput): string {
  // The spec forbids `.` in ids and timestamps: it would make the signed content ambiguous.
  if (id.length === 0 || id.includes('.')) throw new Error(`webhook id must be non-empty and contain no '.': ${JSON.stringify(id)}`);
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`webhook timestamp must be whole Unix seconds, got ${timestampSeconds}`);
  }
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const content = signedContent(id, String(timestampSeconds), body);
  return secrets.map((secret) => `v1,${signatureFor(secret, content)}`).join(' ');
}

export function webhookHeaders(input: SignInput): WebhookHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': signWebhook(input),
    'content-type': 'application/json',
  };
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  for (const key of Object.keys(bag)) {
    if (key.toLowerCase() !== name) continue;
    const value = bag[key];
    return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

function checkTimestamp(raw: string, nowSeconds: number, toleranceSeconds: number): VerifyResult {
  if (!/^\d{1,15}$/.test(raw))
    return { ok: false, reason: 'missing-headers', detail: `webhook-timestamp is not Unix seconds: ${JSON.stringify(raw)}` };
  const skew = nowSeconds - Number(raw);
  if (skew > toleranceSeconds) {
    return {
      ok: false,
      reason: 'timestamp-too-old',
      detail: `timestamp is ${skew} s old (tolerance ${toleranceSeconds} s): replay or clock skew?`,
    };
  }
  if (-skew > toleranceSeconds) {
    return {
      ok: false,
      reason: 'timestamp-too-new',
      detail: `timestamp is ${-skew} s in the future (tolerance ${toleranceSeconds} s): clock skew?`,
    };
  }
  return { ok: true };
}

function anySignatureMatches(header: string, expected: string[]): boolean {
  let matched = false;
  for (const entry of header.split(' ')) {
    const comma = entry.indexOf(',');
    // Unknown versions (e.g. asymmetric `v1a`) are skipped, not rejected, so senders can add them.
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const candidate = entry.slice(comma + 1);
    // No early exit: the time taken does not reveal which secret or position matched.
    for (const signature of expected) matched = safeEqual(candidate, signature) || matched;
  }
  return matched;
}

export function verifyWebhook(input: VerifyInput): VerifyResult {
  const toleranceSeconds = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  // A zero (or negative) tolerance rejects every real delivery, an infinite one accepts replays forever.
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
    throw new RangeError(`toleranceSeconds must be a positive number of seconds, got ${toleranceSeconds}`);
  }
  if (input.secrets.length === 0) throw new Error('verifyWebhook needs at least one secret');
  const id = readHeader(input.headers, 'webhook-id');
  const timestamp = readHeader(input.headers, 'webhook-timestamp');
  const signature = readHeader(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean);
    return { ok: false, reason: 'missing-headers', detail: `missing ${missing.join(', ')}` };
  }
  const nowSeconds = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const fresh = checkTimestamp(timestamp, nowSeconds, toleranceSeconds);
  if (!fresh.ok) return fresh;
  const content = signedContent(id, timestamp, input.body);
  const expected = input.secrets.map((secret) => signatureFor(secret, content));
  if (anySignatureMatches(signature, expected)) return { ok: true };
  return {
    ok: false,
    reason: 'no-matching-signature',
    detail:
      'no v1 signature matches any secret: wrong secret, or body changed after signing (verify the raw bytes, not re-serialized JSON)?',
  };
}
