/**
 * Callbacks on the wire: the developer's subscription (URL + `whsec_` signing secret), the
 * delivery log and manual redelivery as signed routes. The messages themselves are documented
 * in webhooks.ts.
 */
import { z } from 'zod';
import { LanguageParam } from '../goods/common.ts';
import { defineRoute, ok, type RouteServices } from '../../platform/http/index.ts';
import {
  ATTEMPT_TRIGGERS,
  getCallbackEndpoint,
  LOG_PAGE,
  MESSAGE_STATUSES,
  pageCallbackLog,
  redeliver,
  rotateCallbackSecret,
  setCallbackUrl,
  type MessageView,
} from '../../modules/callbacks/index.ts';
import { chinaTime } from '../common/time.ts';
import { NumericId } from '../common/ids.ts';

const BODY_FORM = [
  'false (default): TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS carries messageBody as the JSON array itself,',
  'as PandaPon’s page shows it; true: as a JSON-encoded string,',
  'like every other message type (1688 messages always carry the string form)',
].join(' ');
const MAX_GRACE_SECONDS = 7 * 86_400;
const DEFAULT_GRACE_SECONDS = 86_400;

export const CallbackEndpointView = z.object({
  url: z.string().describe('The callback URL messages are POSTed to'),
  secret: z.string().describe('Signing secret `whsec_<base64>`: verify `webhook-signature` with any Standard Webhooks library'),
  messageBodyAsString: z.boolean().describe(BODY_FORM),
  previousSecretValidUntil: z
    .number()
    .int()
    .nullable()
    .describe('While set (ms), the secret before the last rotation also signs every message'),
});

const AttemptView = z.object({
  attemptNo: z.number().int(),
  at: z.number().int().describe('Attempt time, ms'),
  attemptTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
  statusCode: z.number().int().nullable().describe('HTTP status the receiver answered; null when it did not answer (timeout, refused)'),
  latencyMs: z.number().int(),
  error: z.string().nullable().describe('Why the attempt failed (timeout, connection-refused, HTTP 500, …); null on success'),
  responseSnippet: z.string().describe('First 1 KiB of the receiver’s answer'),
  trigger: z
    .enum(ATTEMPT_TRIGGERS)
    .describe('scheduled: the first delivery or a retry; manual: a redelivery asked for over HTTP or the CLI'),
});

export const MessageLogView = z.object({
  messageId: z.string().describe('Message id = `webhook-id` header (digits), the same on every retry'),
  messageType: z.string(),
  messagePlatform: z.number().int().describe('0 Taobao, 1 1688, 2 the China warehouse'),
  eventType: z.string().describe('The event behind the message, e.g. ORDER_SHIPPED, REFUND_CHANGE, PARCEL_CHANGE, SHIPMENT_CHANGE'),
  orderId: z
    .string()
    .describe(
      'The order the message is about; for a warehouse parcel its Ponte order, else the parcel id ("WP…"); for a shipment its logistics order id ("LO…")',
    ),
  messageBody: z
    .string()
    .describe(
      [
        'The message body as JSON text, exactly as sent (inside the envelope either as this string or,',
        'for the Taobao status message by default, as this JSON itself)',
      ].join(' '),
    ),
  status: z.enum(MESSAGE_STATUSES).describe('pending | retrying | delivered | failed'),
  attempts: z.array(AttemptView),
  nextAttemptAt: z.number().int().nullable().describe('When it is tried next (ms); null once delivered or failed'),
  createdAt: z.number().int(),
  createTime: z.string(),
  deliveredAt: z.number().int().nullable(),
});

export function toLogView(m: MessageView): z.input<typeof MessageLogView> {
  return { ...m, createTime: chinaTime(m.createdAt), attempts: m.attempts.map((a) => ({ ...a, attemptTime: chinaTime(a.at) })) };
}

/** How `set` verifies a URL: the fetch policy, the verification POST's timeout and the clock that signs it. */
function verifyOptions(services: RouteServices) {
  return {
    allowPrivate: services.allowPrivateUrls,
    ...(services.callbackTimeoutMs !== undefined ? { timeoutMs: services.callbackTimeoutMs } : {}),
    wallClock: services.wallClock,
  };
}

const set = defineRoute({
  method: 'POST',
  path: '/v2/open/callback/set',
  operationId: 'callbackSet',
  summary: 'Set the message callback URL',
  description: [
    'Verifies the URL as PandaPon’s console does — a signed POST (messageType `CALLBACK_URL_VERIFY`)',
    'that must answer HTTP 200 within 1 s — then saves it.',
    'Answers the URL and the `whsec_…` signing secret, created on the first call and kept on later URL changes.',
    '400 names the reason when the URL is refused (not http(s), resolves to a loopback/private/link-local address,',
    'or did not answer 200).',
  ].join(' '),
  tags: ['Callbacks'],
  action: 'callback.manage',
  body: z.object({
    url: z.string().trim().min(1).max(2048).describe('http(s) URL that answers HTTP 200'),
    messageBodyAsString: z.boolean().optional().describe(`${BODY_FORM}. Absent: keeps the current choice`),
  }),
  data: z.object({ url: z.string(), secret: z.string(), messageBodyAsString: z.boolean() }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body, services }) => {
    const result = await setCallbackUrl(ctx, { url: body.url, messageBodyAsString: body.messageBodyAsString }, verifyOptions(services));
    return result.ok ? ok({ url: result.url, secret: result.secret, messageBodyAsString: result.messageBodyAsString }) : result;
  },
});

const get = defineRoute({
  method: 'GET',
  path: '/v2/open/callback/get',
  operationId: 'callbackGet',
  summary: 'Get the message callback URL and signing secret',
  description: [
    'The callback URL and its `whsec_…` signing secret. 404 until a URL is set.',
    'Needs the callback.manage permission, since it reveals the secret.',
  ].join(' '),
  tags: ['Callbacks'],
  action: 'callback.manage',
  query: z.object({ language: LanguageParam }),
  data: CallbackEndpointView,
  errors: ['NOT_FOUND'],
  handler: async (ctx) => {
    const endpoint = await getCallbackEndpoint(ctx);
    if (!endpoint) return { ok: false, error: 'NOT_FOUND', params: { what: 'callback URL (set one first)' } };
    return ok({
      url: endpoint.url,
      secret: endpoint.secret,
      messageBodyAsString: endpoint.messageBodyAsString,
      previousSecretValidUntil: endpoint.previousSecretValidUntil,
    });
  },
});

const rotate = defineRoute({
  method: 'POST',
  path: '/v2/open/callback/secret/rotate',
  operationId: 'callbackSecretRotate',
  summary: 'Rotate the callback signing secret',
  description: [
    `Creates a new signing secret. During the grace period (default ${DEFAULT_GRACE_SECONDS} s, at most ${MAX_GRACE_SECONDS} s;`,
    `0 retires the old secret at once) every message carries two \`v1,\` signatures, one per secret,`,
    'so receivers can switch without rejecting messages. 404 until a URL is set.',
  ].join(' '),
  tags: ['Callbacks'],
  action: 'callback.manage',
  body: z.object({ graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).default(DEFAULT_GRACE_SECONDS) }),
  data: z.object({ secret: z.string(), previousSecretValidUntil: z.number().int().nullable() }),
  errors: ['NOT_FOUND', 'BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const result = await rotateCallbackSecret(ctx, body.graceSeconds * 1000);
    return result.ok ? ok({ secret: result.secret, previousSecretValidUntil: result.previousSecretValidUntil }) : result;
  },
});

const logPage = defineRoute({
  method: 'POST',
  path: '/v2/open/callback/log/page',
  operationId: 'callbackLogPage',
  summary: 'Message delivery log',
  description: [
    'Messages pushed to the developer, newest first, each with its attempts (status code, latency, first 1 KiB of the answer,',
    'error) and the next attempt time. Filter by status or order id.',
  ].join(' '),
  tags: ['Callbacks'],
  action: 'read',
  body: z.object({
    pageNo: z.number().int().min(1).max(1_000_000).default(LOG_PAGE.pageNo),
    pageSize: z.number().int().min(1).max(LOG_PAGE.maxPageSize).default(LOG_PAGE.pageSize),
    status: z.enum(MESSAGE_STATUSES).optional(),
    orderId: NumericId.optional(),
  }),
  data: z.object({
    totalRecords: z.number().int(),
    totalPage: z.number().int(),
    pageSize: z.number().int(),
    currentPage: z.number().int(),
    data: z.array(MessageLogView),
  }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const page = await pageCallbackLog(ctx, body);
    if (!page.ok) return page;
    return ok({
      totalRecords: page.total,
      totalPage: Math.ceil(page.total / page.pageSize),
      pageSize: page.pageSize,
      currentPage: page.pageNo,
      data: page.rows.map(toLogView),
    });
  },
});

const redeliverRoute = defineRoute({
  method: 'POST',
  path: '/v2/open/callback/redeliver',
  operationId: 'callbackRedeliver',
  summary: 'Redeliver messages',
  description: [
    'Queues one message (by messageId, whatever its status)',
    'or every failed message created since `failedSince` (ISO 8601 or ms) for delivery now, with a fresh retry schedule.',
    'Give exactly one of the two. 404: unknown message id.',
  ].join(' '),
  tags: ['Callbacks'],
  action: 'callback.manage',
  body: z.object({
    messageId: NumericId.optional(),
    failedSince: z
      .union([z.number().int(), z.string().max(40)])
      .optional()
      .describe('ISO 8601 time or epoch ms'),
  }),
  data: z.object({ queued: z.number().int(), messageIds: z.array(z.string()) }),
  errors: ['BAD_PARAMETER', 'NOT_FOUND'],
  handler: async (ctx, { body }) => {
    if ((body.messageId === undefined) === (body.failedSince === undefined)) {
      return { ok: false, error: 'BAD_PARAMETER', params: { field: 'messageId/failedSince', rule: 'give exactly one' } };
    }
    let input: { messageId: string } | { failedSince: number };
    if (body.messageId !== undefined) input = { messageId: body.messageId };
    else {
      const since = typeof body.failedSince === 'number' ? body.failedSince : Date.parse(String(body.failedSince));
      if (!Number.isSafeInteger(since))
        return { ok: false, error: 'BAD_PARAMETER', params: { field: 'failedSince', rule: 'must be an ISO 8601 time or epoch ms' } };
      input = { failedSince: since };
    }
    const result = await redeliver(ctx, input);
    return result.ok ? ok({ queued: result.queued, messageIds: result.messageIds }) : result;
  },
});
/**
 * Callbacks on the wire: the developer's subscription (URL + `whsec_` signing secret), the
 * delivery log and manual redelivery as signed routes. The messages themselves are documented
 * in webhooks.ts.
 */
export const callbackRoutes = [set, get, rotate, logPage, redeliverRoute] as const;
