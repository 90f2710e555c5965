/**
 * A developer's subscription: one callback URL and its signing secret. Setting the URL first
 * verifies it the way PandaPon's console does (a POST that must answer 200), after the SSRF
 * check; the secret is created once and survives URL changes, and rotation keeps the previous
 * secret signing for a grace period so receivers can switch without dropping messages.
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../platform/clock.ts';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import {
  checkCallbackUrl,
  generateWebhookSecret,
  sendWebhook,
  webhookHeaders,
  DEFAULT_SEND_TIMEOUT_MS,
} from '../../platform/webhooks/index.ts';

export interface CallbackOptions {
  /** Accept loopback/private targets (config.allowPrivateUrls; tests and local sandboxes). */
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Real time for the verification POST's `webhook-timestamp` (never sandbox business time). Default: the system clock. */
  wallClock?: Clock;
}

export interface CallbackEndpoint {
  url: string;
  secret: string;
  /** TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS messageBody as a JSON string instead of the seed page's array. */
  messageBodyAsString: boolean;
  previousSecretValidUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The message type of the verification POST; receivers may simply answer 200 to anything. */
export const VERIFY_MESSAGE_TYPE = 'CALLBACK_URL_VERIFY';

async function loadRow(ctx: SystemCtx, developerId: string) {
  return ctx.db.selectFrom('callback_endpoints').selectAll().where('developer_id', '=', developerId).executeTakeFirst();
}

/** Sends the verification POST, signed with the secret the developer will use. */
async function verifyUrl(ctx: SystemCtx, url: string, secret: string, options: CallbackOptions): Promise<Failure | null> {
  const check = await checkCallbackUrl(url, { allowPrivate: options.allowPrivate });
  if (!check.ok) return fail('BAD_PARAMETER', { field: 'url', rule: `refused (${check.reason}): ${check.detail}` });
  const now = ctx.clock.nowMs();
  const body = JSON.stringify({ messageType: VERIFY_MESSAGE_TYPE, messageBody: '{}', messagePlatform: 0, timestamp: String(now) });
  const id = `verify_${randomBytes(8).toString('hex')}`;
  const wallMs = (options.wallClock ?? systemClock).nowMs();
  const headers = webhookHeaders({ id, timestampSeconds: Math.floor(wallMs / 1000), body, secrets: [secret] });
  const sent = await sendWebhook({
    url,
    headers,
    body,
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
  });
  if (sent.ok) return null;
  const why = sent.statusCode !== null ? `answered HTTP ${sent.statusCode}` : `${sent.error}${sent.detail ? `: ${sent.detail}` : ''}`;
  return fail('BAD_PARAMETER', {
    field: 'url',
    rule: `verification POST must answer HTTP 200 within ${options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS} ms, ${why}`,
  });
}

/** `messageBodyAsString` absent keeps the stored choice (false for a new subscription). */
export async function setCallbackUrl(
  ctx: Ctx,
  input: { url: string; messageBodyAsString?: boolean | undefined },
  options: CallbackOptions,
): Promise<{ ok: true; url: string; secret: string; messageBodyAsString: boolean } | Failure> {
  const existing = await loadRow(ctx, ctx.developerId);
  const secret = existing ? decryptSecret(ctx.masterKey, existing.secret_sealed) : generateWebhookSecret();
  const refused = await verifyUrl(ctx, input.url, secret, options);
  if (refused) return refused;
  const now = ctx.clock.nowMs();
  const form = input.messageBodyAsString === undefined ? {} : { message_body_as_string: input.messageBodyAsString ? 1 : 0 };
  if (existing) {
    await ctx.db
      .updateTable('callback_endpoints')
      .set({ url: input.url, ...form, updated_at: now })
      .where('developer_id', '=', ctx.developerId)
      .execute();
  } else {
    // Two concurrent first calls: the loser's insert is ignored and it reads the winner's secret.
    await ctx.db
      .insertInto('callback_endpoints')
      .values({
        developer_id: ctx.developerId,
        url: input.url,
        secret_sealed: encryptSecret(ctx.masterKey, secret),
        previous_secret_sealed: null,
        previous_valid_until: null,
        message_body_as_string: 0,
        ...form,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('developer_id').doUpdateSet({ url: input.url, ...form, updated_at: now }))
      .execute();
  }
  const saved = await getCallbackEndpoint(ctx);
  if (!saved) throw new Error('callback endpoint vanished right after it was saved');
  return { ok: true, url: saved.url, secret: saved.secret, messageBodyAsString: saved.messageBodyAsString };
}

export async function getCallbackEndpoint(ctx: Ctx): Promise<CallbackEndpoint | null> {
  const row = await loadRow(ctx, ctx.developerId);
  if (!row) return null;
  const validUntil = row.previous_valid_until === null ? null : Number(row.previous_valid_until);
  return {
    url: row.url,
    secret: decryptSecret(ctx.masterKey, row.secret_sealed),
    messageBodyAsString: Number(row.message_body_as_string) === 1,
    previousSecretValidUntil: validUntil !== null && validUntil > ctx.clock.nowMs() ? validUntil : null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** New current secret; the old one keeps signing until now + graceMs (0 = immediately retired). */
export async function rotateCallbackSecret(
  ctx: Ctx,
  graceMs: number,
): Promise<{ ok: true; secret: string; previousSecretValidUntil: number | null } | Failure> {
  if (!Number.isSafeInteger(graceMs) || graceMs < 0) return fail('BAD_PARAMETER', { field: 'graceMs', rule: 'must be an integer ≥ 0' });
  const row = await loadRow(ctx, ctx.developerId);
  if (!row) return fail('NOT_FOUND', { what: 'callback endpoint (set a callback URL first)' });
  const now = ctx.clock.nowMs();
  const secret = generateWebhookSecret();
  const validUntil = graceMs > 0 ? now + graceMs : null;
  await ctx.db
    .updateTable('callback_endpoints')
    .set({
      secret_sealed: encryptSecret(ctx.masterKey, secret),
      previous_secret_sealed: graceMs > 0 ? row.secret_sealed : null,
      previous_valid_until: validUntil,
      updated_at: now,
    })
    .where('developer_id', '=', ctx.developerId)
    .where('secret_sealed', '=', row.secret_sealed)
    .execute();
  return { ok: true, secret, previousSecretValidUntil: validUntil };
}

/** The secrets that sign a delivery at nowMs: current first, then the previous one during its grace. */
export function liveSecrets(
  masterKey: Buffer,
  row: { secret_sealed: string; previous_secret_sealed: string | null; previous_valid_until: number | null },
  nowMs: number,
): string[] {
  const secrets = [decryptSecret(masterKey, row.secret_sealed)];
  if (row.previous_secret_sealed && row.previous_valid_until !== null && Number(row.previous_valid_until) > nowMs) {
    secrets.push(decryptSecret(masterKey, row.previous_secret_sealed));
  }
  return secrets;
}
