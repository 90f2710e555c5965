import type { IncomingHttpHeaders } from 'node:http';
import { safeEqual } from '../crypto.ts';
import type { SystemCtx } from '../context.ts';
import { fail, type Failure } from '../errors.ts';
import type { Caller, FindCaller } from './caller.ts';
import type { NonceStore } from './nonces.ts';
import type { RateDecision, RateLimiter } from './ratelimit.ts';
import { computeSignature, parseTimestampMs, type SignInput, type SignType } from './signature.ts';

export interface GatewaySettings {
  windowMs: number;
  requireNonce: boolean;
  findCaller: FindCaller;
  limiter: RateLimiter;
  nonces: NonceStore;
  /** Wall clock for the signature window: the sandbox clock moves business time, not this. */
  wallClockMs: () => number;
}

export interface Authenticated {
  ok: true;
  caller: Caller;
  user: NonNullable<Caller['user']>;
  rate: RateDecision;
}

export type AuthFailure = Failure & { developerId?: string; rate?: RateDecision };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A multipart/form-data body is not signed: the HMAC string covers the empty string instead
 * (as 1688's uploadRefundVoucher leaves `imageData` out of its signature), so a client can sign
 * before it streams the file. Only routes that declare multipart parse such a body; every other
 * route refuses the content type before its handler runs, so this opens no JSON route.
 */
function isMultipart(headers: IncomingHttpHeaders): boolean {
  return /^\s*multipart\/form-data\b/i.test(header(headers, 'content-type') ?? '');
}

function readSignType(value: string | undefined): SignType | null {
  if (value === undefined || value === '' || value.toUpperCase() === 'MD5') return 'MD5';
  return value.toUpperCase() === 'HMAC-SHA256' ? 'HMAC-SHA256' : null;
}

/**
 * Authenticates one signed request, in the order that leaks least and costs least:
 * key known → timestamp in window → signature (constant time; previous secret during grace)
 * → user-id belongs to the developer → rate limit → nonce not seen (claimed last, so refused
 * requests never burn a nonce).
 */
export async function authenticate(
  ctx: SystemCtx,
  settings: GatewaySettings,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | undefined,
): Promise<Authenticated | AuthFailure> {
  const accessKey = header(headers, 'access-key');
  if (!accessKey) return fail('ACCESS_KEY_INVALID');
  const userId = header(headers, 'user-id') ?? '';
  const caller = await settings.findCaller(ctx, accessKey, userId);
  if (!caller) return fail('ACCESS_KEY_INVALID');
  const developerId = caller.developerId;

  const timed = checkTimestamp(settings, headers);
  if (!timed.ok) return { ...timed, developerId };
  const signing = readSigningHeaders(settings, caller, headers);
  if (!signing.ok) return { ...signing, developerId };
  const multipart = isMultipart(headers);
  const body = multipart ? undefined : rawBody;
  const input = { accessKey, timestamp: timed.timestamp, nonceStr: signing.nonceStr, body, signType: signing.signType };
  const mismatch = checkSignature(caller, input, signing.signature, multipart);
  if (mismatch) return { ...mismatch, developerId };

  if (!caller.user) return { ...fail('USER_ID_INVALID'), developerId };
  const rate = await settings.limiter.take(accessKey, timed.now);
  if (!rate.allowed) return { ...fail('RATE_LIMITED', { retryAfterMs: rate.resetMs }), developerId, rate };
  // The nonce must outlive the request's own timestamp window; after that the timestamp refuses it.
  const { nonceStr } = signing;
  if (nonceStr && !(await settings.nonces.claim(accessKey, nonceStr, timed.sentAt + settings.windowMs + 1000))) {
    return { ...fail('NONCE_REUSED'), developerId, rate };
  }
  return { ok: true, caller, user: caller.user, rate };
}

/** The timestamp header, parsed and within the window of the wall clock (read once, here). */
function checkTimestamp(
  settings: GatewaySettings,
  headers: IncomingHttpHeaders,
): { ok: true; timestamp: string; sentAt: number; now: number } | Failure {
  const timestamp = header(headers, 'timestamp');
  if (!timestamp) return fail('BAD_PARAMETER', { field: 'timestamp', rule: 'header required' });
  const sentAt = parseTimestampMs(timestamp);
  if (sentAt === null) return fail('BAD_PARAMETER', { field: 'timestamp', rule: '10-digit seconds or 13-digit milliseconds' });
  const now = settings.wallClockMs();
  const skewMs = now - sentAt;
  if (Math.abs(skewMs) > settings.windowMs) {
    const skewSeconds = skewMs > 0 ? `-${Math.round(skewMs / 1000)}` : `+${Math.round(-skewMs / 1000)}`;
    return fail('TIMESTAMP_OUT_OF_WINDOW', { skewSeconds, windowSeconds: Math.round(settings.windowMs / 1000) });
  }
  return { ok: true, timestamp, sentAt, now };
}

/** The headers the signature needs besides the timestamp, each present and well-formed. */
function readSigningHeaders(
  settings: GatewaySettings,
  caller: Caller,
  headers: IncomingHttpHeaders,
): { ok: true; signType: SignType; nonceStr: string | undefined; signature: string } | Failure {
  const signType = readSignType(header(headers, 'sign-type'));
  if (signType === null) return fail('BAD_PARAMETER', { field: 'sign-type', rule: 'MD5 | HMAC-SHA256' });
  if (caller.requireHmac && signType !== 'HMAC-SHA256') return fail('SIGN_TYPE_REQUIRED');
  const nonceStr = header(headers, 'nonce-str');
  if (settings.requireNonce && !nonceStr) return fail('BAD_PARAMETER', { field: 'nonce-str', rule: 'header required' });
  if (nonceStr !== undefined && (nonceStr.length < 8 || nonceStr.length > 64)) {
    return fail('BAD_PARAMETER', { field: 'nonce-str', rule: '8–64 characters' });
  }
  const signature = header(headers, 'signature');
  if (!signature) return fail('BAD_PARAMETER', { field: 'signature', rule: 'header required' });
  if (!header(headers, 'user-id')) return fail('BAD_PARAMETER', { field: 'user-id', rule: 'header required' });
  return { ok: true, signType, nonceStr, signature };
}

/** Constant-time comparison against every secret the key signs with (the previous one during grace). */
function checkSignature(caller: Caller, input: SignInput, signature: string, multipart: boolean): Failure | null {
  const matches = caller.secrets.some((secret) => safeEqual(computeSignature(input, secret), signature.toUpperCase()));
  if (matches) return null;
  const hint =
    input.signType !== 'HMAC-SHA256'
      ? 'MD5 over access-key, nonce-str, timestamp sorted, then &secret='
      : multipart
        ? 'HMAC-SHA256 over access-key, nonce-str, timestamp, then body-sha256 of the EMPTY string: a multipart body is not signed'
        : 'HMAC-SHA256 over access-key, nonce-str, timestamp, then body-sha256: body changed after signing?';
  return fail('SIGNATURE_MISMATCH', { hint });
}
