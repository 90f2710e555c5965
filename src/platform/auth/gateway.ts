import type { IncomingHttpHeaders } from 'node:http';
import { safeEqual } from '../crypto.ts';
import type { SystemCtx } from '../context.ts';
import { fail, type Failure } from '../errors.ts';
import type { Caller, FindCaller, RememberedCallers } from './caller.ts';
import type { Admission } from './admission.ts';
import type { RateDecision, RateLimiter } from './ratelimit.ts';
import { NONCE_MARGIN_MS } from './nonces.ts';
import { header, readQueryForm, usesQueryForm, type Presented } from './query-signature.ts';
import { computeSignature, parseTimestampMs, type SignType } from './signature.ts';
import { signedBodyOf } from './signing-rules.ts';

export interface GatewaySettings {
  windowMs: number;
  requireNonce: boolean;
  findCaller: FindCaller;
  /** HMAC-SHA256 only, whatever the key's setting: for a route whose body is the whole command (MCP). */
  hmacOnly?: boolean;
  /** Callers remembered between requests, confirmed in the admission's round trip; null: every request looks its caller up first. */
  remembered: RememberedCallers | null;
  limiter: RateLimiter;
  /** The rate-limit token and the nonce claim, taken in that order (admission.ts). */
  admission: Admission;
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

/** Where the request went: the declared route path decides whether the query form applies. */
export interface RequestTarget {
  routePath: string;
  /** The raw URL with its query string, exactly as sent. */
  url: string;
}

function readHeaderForm(headers: IncomingHttpHeaders, body: string | Buffer | undefined): Presented {
  const accessKey = header(headers, 'access-key');
  const timestamp = header(headers, 'timestamp');
  const nonceStr = header(headers, 'nonce-str');
  return {
    form: 'header',
    accessKey,
    userId: header(headers, 'user-id'),
    timestamp,
    signType: header(headers, 'sign-type'),
    nonceStr,
    signature: header(headers, 'signature'),
    expected: (signType, secret) =>
      computeSignature({ accessKey: accessKey ?? '', timestamp: timestamp ?? '', nonceStr, body, signType }, secret),
  };
}

/**
 * Authenticates one signed request, in the order that leaks least and costs least:
 * key known → timestamp in window → signature (constant time; previous secret during grace)
 * → user-id belongs to the developer → rate limit → nonce not seen (claimed last, so refused
 * requests never burn a nonce). The header form and the logistics query form share every step.
 *
 * With remembered callers (PostgreSQL, caller.ts), the checks run first on the row an earlier
 * request read, and the lookup goes out with the rate-limit token and the nonce claim in one
 * round trip; the row read there decides. A remembered row never refuses on its own: a refusal
 * is judged again on a row read now.
 */
export async function authenticate(
  ctx: SystemCtx,
  settings: GatewaySettings,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | undefined,
  target?: RequestTarget,
  recall = true,
): Promise<Authenticated | AuthFailure> {
  const multipart = isMultipart(headers);
  const body = signedBodyOf(rawBody, multipart);
  const queryForm = target !== undefined && usesQueryForm(target.routePath, target.url, headers);
  const presented = queryForm ? readQueryForm(target.url, headers, body) : readHeaderForm(headers, body);
  if ('ok' in presented) return presented;
  const { accessKey } = presented;
  if (!accessKey) return fail('ACCESS_KEY_INVALID');
  const userId = presented.userId ?? '';
  const remembered = recall ? (settings.remembered?.recall(ctx, accessKey, userId) ?? null) : null;
  let caller = remembered ?? (await settings.findCaller(ctx, accessKey, userId));
  if (!caller) return fail('ACCESS_KEY_INVALID');
  const judged = judge(settings, caller, presented, multipart);
  if (!judged.ok) return remembered ? authenticate(ctx, settings, headers, rawBody, target, false) : judged;

  // The nonce must outlive the request's own timestamp window; after that the timestamp refuses it.
  const { nonceStr } = presented;
  const nonce = nonceStr
    ? { value: nonceStr, sentAt: judged.sentAt, expiresAt: judged.sentAt + settings.windowMs + NONCE_MARGIN_MS }
    : null;
  const lookup = remembered ? settings.remembered!.lookup(ctx, accessKey, userId) : null;
  const { rate, nonceFresh, looked } = await settings.admission.admit(accessKey, judged.now, caller.rateLimit, nonce, lookup);
  if (lookup) {
    const now = settings.remembered!.settle(ctx, accessKey, userId, looked!);
    if (now.changed) {
      const refusal = now.caller ? judge(settings, now.caller, presented, multipart) : fail('ACCESS_KEY_INVALID');
      if (!refusal.ok) {
        // Refused after all: the claim is undone, as for a refusal before it.
        if (nonce && rate.allowed && nonceFresh) await settings.admission.release(accessKey, nonce);
        return refusal;
      }
      caller = now.caller!;
    }
  }
  const developerId = caller.developerId;
  if (!rate.allowed) return { ...fail('RATE_LIMITED', { retryAfterMs: rate.resetMs }), developerId, rate };
  if (!nonceFresh) return { ...fail('NONCE_REUSED'), developerId, rate };
  return { ok: true, caller, user: caller.user!, rate };
}

/** Every check of the request against its caller's row, up to the writes. */
function judge(
  settings: GatewaySettings,
  caller: Caller,
  presented: Presented,
  multipart: boolean,
): { ok: true; sentAt: number; now: number } | AuthFailure {
  const developerId = caller.developerId;
  const timed = checkTimestamp(settings, presented);
  if (!timed.ok) return { ...timed, developerId };
  const signing = checkSigningValues(settings, caller, presented);
  if (!signing.ok) return { ...signing, developerId };
  const mismatch = checkSignature(caller, presented, signing.signType, multipart);
  if (mismatch) return { ...mismatch, developerId };
  // Only a correctly signed call learns that its developer is disabled.
  if (caller.disabled) return { ...fail('DEVELOPER_DISABLED'), developerId };
  if (!caller.user) return { ...fail('USER_ID_INVALID'), developerId };
  return timed;
}

function required(presented: Presented): string {
  return presented.form === 'query' ? 'query parameter required' : 'header required';
}

/** The timestamp, parsed and within the window of the wall clock (read once, here). */
function checkTimestamp(settings: GatewaySettings, presented: Presented): { ok: true; sentAt: number; now: number } | Failure {
  const { timestamp } = presented;
  if (!timestamp) return fail('BAD_PARAMETER', { field: 'timestamp', rule: required(presented) });
  const sentAt = parseTimestampMs(timestamp);
  if (sentAt === null) return fail('BAD_PARAMETER', { field: 'timestamp', rule: '10-digit seconds or 13-digit milliseconds' });
  const now = settings.wallClockMs();
  const skewMs = now - sentAt;
  if (Math.abs(skewMs) > settings.windowMs) {
    const skewSeconds = skewMs > 0 ? `-${Math.round(skewMs / 1000)}` : `+${Math.round(-skewMs / 1000)}`;
    return fail('TIMESTAMP_OUT_OF_WINDOW', { skewSeconds, windowSeconds: Math.round(settings.windowMs / 1000) });
  }
  return { ok: true, sentAt, now };
}

/** The values the signature needs besides the timestamp, each present and well-formed. */
function checkSigningValues(settings: GatewaySettings, caller: Caller, presented: Presented): { ok: true; signType: SignType } | Failure {
  const signType = readSignType(presented.signType);
  if (signType === null) return fail('BAD_PARAMETER', { field: 'sign-type', rule: 'MD5 | HMAC-SHA256' });
  if ((caller.requireHmac || settings.hmacOnly) && signType !== 'HMAC-SHA256') return fail('SIGN_TYPE_REQUIRED');
  const { nonceStr } = presented;
  if (settings.requireNonce && !nonceStr) return fail('BAD_PARAMETER', { field: 'nonce-str', rule: required(presented) });
  if (nonceStr !== undefined && (nonceStr.length < 8 || nonceStr.length > 64)) {
    return fail('BAD_PARAMETER', { field: 'nonce-str', rule: '8–64 characters' });
  }
  const signatureField = presented.form === 'query' ? 'sign' : 'signature';
  if (!presented.signature) return fail('BAD_PARAMETER', { field: signatureField, rule: required(presented) });
  if (!presented.userId) return fail('BAD_PARAMETER', { field: 'user-id', rule: required(presented) });
  return { ok: true, signType };
}

/** Constant-time comparison against every secret the key signs with (the previous one during grace). */
function checkSignature(caller: Caller, presented: Presented, signType: SignType, multipart: boolean): Failure | null {
  const signature = (presented.signature ?? '').toUpperCase();
  const matches = caller.secrets.some((secret) => safeEqual(presented.expected(signType, secret), signature));
  if (matches) return null;
  return fail('SIGNATURE_MISMATCH', { hint: mismatchHint(presented.form, signType, multipart) });
}

function mismatchHint(form: Presented['form'], signType: SignType, multipart: boolean): string {
  if (form === 'query') {
    return signType !== 'HMAC-SHA256'
      ? 'MD5 over every query parameter except sign, sorted, then &secret='
      : 'HMAC-SHA256 over every query parameter except sign, sorted, then body-sha256';
  }
  return signType !== 'HMAC-SHA256'
    ? 'MD5 over access-key, nonce-str, timestamp sorted, then &secret='
    : multipart
      ? 'HMAC-SHA256 over access-key, nonce-str, timestamp, then body-sha256 of the EMPTY string: a multipart body is not signed'
      : 'HMAC-SHA256 over access-key, nonce-str, timestamp, then body-sha256: body changed after signing?';
}
