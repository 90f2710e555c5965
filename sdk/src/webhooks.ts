/**
 * Receiving callbacks: Standard Webhooks 1.0 verification (`webhook-signature: v1,<base64
 * HMAC-SHA256(secret bytes, id.timestamp.body)>`, one entry per live secret during rotation, the
 * key being the `whsec_` secret's base64-decoded bytes), then the PandaPon envelope parsed into a
 * typed message with `messageBody` decoded from its JSON string.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseJson } from './json.ts';
import type { webhooks } from './openapi-types.ts';
import type { Bytes } from './signing.ts';

/** Every message Ponte pushes, discriminated by `messageType`, `messageBody` decoded. */
export type WebhookMessage = {
  [K in keyof webhooks]: webhooks[K]['post'] extends { requestBody: { content: { 'application/json': infer M } } } ? M : never;
}[keyof webhooks];
export type WebhookMessageType = WebhookMessage['messageType'];

/** A header bag as Node (`IncomingHttpHeaders`), a plain object or a fetch `Headers` gives it. */
export type HeaderSource = Record<string, string | string[] | undefined> | { get(name: string): string | null };

export interface VerifyInput {
  headers: HeaderSource;
  /** The raw bytes as received; re-serialized JSON will not verify. */
  body: Bytes;
  /** `whsec_<base64>` secrets; two during a rotation. */
  secrets: string[];
  /** Default: the wall clock. */
  nowSeconds?: number;
  /** Default 300, the reference libraries' window; never zero. */
  toleranceSeconds?: number;
}

export type VerifyFailureReason =
  | 'missing-headers'
  | 'timestamp-too-old'
  | 'timestamp-too-new'
  | 'no-matching-signature'
  | 'not-an-envelope';
export type VerifyFailure = { ok: false; reason: VerifyFailureReason; detail: string };
export type VerifyResult = { ok: true } | VerifyFailure;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function signatureFor(secret: string, content: Buffer): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  // An empty key would make every signature forgeable: a configuration bug, not input.
  if (key.length === 0) throw new Error('webhook secret decodes to zero bytes; expected whsec_<base64>');
  return createHmac('sha256', key).update(content).digest();
}

function freshness(raw: string, nowSeconds: number, toleranceSeconds: number): VerifyResult {
  if (!/^\d{1,15}$/.test(raw))
    return { ok: false, reason: 'missing-headers', detail: `webhook-timestamp is not Unix seconds: ${JSON.stringify(raw)}` };
  const skew = nowSeconds - Number(raw);
  if (skew > toleranceSeconds)
    return {
      ok: false,
      reason: 'timestamp-too-old',
      detail: `timestamp is ${skew} s old (tolerance ${toleranceSeconds} s): replay or clock skew?`,
    };
  if (-skew > toleranceSeconds)
    return {
      ok: false,
      reason: 'timestamp-too-new',
      detail: `timestamp is ${-skew} s in the future (tolerance ${toleranceSeconds} s): clock skew?`,
    };
  return { ok: true };
}

function anyMatches(header: string, expected: Buffer[]): boolean {
  let matched = false;
  for (const entry of header.split(' ')) {
    const [version, encoded] = entry.split(',', 2);
    // Other versions (e.g. asymmetric `v1a`) are skipped, not refused, so senders can add them.
    if (version !== 'v1' || encoded === undefined) continue;
    const candidate = Buffer.from(encoded, 'base64');
    // No early exit: the time taken does not reveal which secret matched.
    for (const signature of expected) matched = (candidate.length === signature.length && timingSafeEqual(candidate, signature)) || matched;
  }
  return matched;
}

export function verifyWebhook(input: VerifyInput): VerifyResult {
  const toleranceSeconds = input.toleranceSeconds ?? 300;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0)
    throw new RangeError(`toleranceSeconds must be positive, got ${toleranceSeconds}`);
  if (input.secrets.length === 0) throw new Error('verifyWebhook needs at least one secret');
  const id = readHeader(input.headers, 'webhook-id');
  const timestamp = readHeader(input.headers, 'webhook-timestamp');
  const signature = readHeader(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean);
    return { ok: false, reason: 'missing-headers', detail: `missing ${missing.join(', ')}` };
  }
  const fresh = freshness(timestamp, input.nowSeconds ?? Math.floor(Date.now() / 1000), toleranceSeconds);
  if (!fresh.ok) return fresh;
  const content = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(input.body)]);
  if (
    anyMatches(
      signature,
      input.secrets.map((secret) => signatureFor(secret, content)),
    )
  )
    return { ok: true };
  const detail = 'no v1 signature matches any secret: wrong secret, or body changed after signing (verify the raw bytes)?';
  return { ok: false, reason: 'no-matching-signature', detail };
}

/** The envelope as a typed message; a string `messageBody` is decoded (the Taobao status array may come inline). */
export function parseWebhookMessage(body: Bytes): WebhookMessage | null {
  try {
    const envelope = parseJson(Buffer.from(body).toString('utf8')) as Record<string, unknown> | null;
    if (!envelope || typeof envelope.messageType !== 'string' || typeof envelope.messagePlatform !== 'number') return null;
    const messageBody = typeof envelope.messageBody === 'string' ? parseJson(envelope.messageBody) : envelope.messageBody;
    return { ...envelope, messageBody } as WebhookMessage;
  } catch {
    return null;
  }
}

/** Verify, then parse: what a receiver does with each delivery before answering 200. */
export function receiveWebhook(input: VerifyInput): { ok: true; id: string; message: WebhookMessage } | VerifyFailure {
  const verified = verifyWebhook(input);
  if (!verified.ok) return verified;
  const message = parseWebhookMessage(input.body);
  if (message === null) return { ok: false, reason: 'not-an-envelope', detail: 'the body is not a PandaPon callback envelope' };
  return { ok: true, id: readHeader(input.headers, 'webhook-id') ?? '', message };
}
