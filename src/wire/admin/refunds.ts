/**
 * Operators acting as the seller of any refund (the manual source and the console use these):
 * agree (refund only: refund; return: publish the return address), refuse with a reason, confirm
 * the returned parcel and refund, write a message, read a refund with its events; plus the after-sales settings
 * (timer durations, the reason catalogue). `Authorization: Bearer <admin token>`; the refund id
 * travels in the body or query (the route layer has no path parameters here). Each action is the
 * after-sales module's guarded transition recorded with actor `operator`: a state that does not
 * allow it answers 2101 and changes nothing.
 */
import { z } from 'zod';
import {
  DEFAULT_REFUND_TIMERS,
  getRefundSystem,
  invalidRefundTimers,
  refundTimers,
  saveRefundReason,
  sellerAgree,
  sellerConfirmReceipt,
  sellerMessage,
  sellerRefuse,
  sellerRefundEvents,
  setRefundTimers,
} from '../../modules/aftersales/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { RefundDetail, RefundEvent, RefundSummary } from './refund-views.ts';

const RefundId = z.string().trim().min(1).max(40).describe('Refund id (Taobao: 16 digits; 1688: "TQ…")');
const Address = z.object({
  receiver: z.string().trim().min(1).max(60),
  phone: z.string().trim().min(5).max(30),
  detailAddress: z.string().trim().min(4).max(300),
});
const Images = z
  .array(
    z
      .string()
      .regex(/^https?:\/\/\S+$/i, 'an http(s) address')
      .max(500),
  )
  .max(10);
const REFUSALS = ['NOT_FOUND', 'BAD_PARAMETER', 'REFUND_STATE_INVALID'] as const;
const AS_OPERATOR =
  'Recorded with actor `operator` (the refund messages say `operator: seller`). 404: unknown refund; 2101: the state does not allow it.';

const agree = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/agree',
  operationId: 'adminRefundAgree',
  summary: 'Agree to a refund application as the seller (operator)',
  description: [
    'Refund only: refunds the amount applied for to the wallet (10 → 100 / waitselleragree → refundsuccess).',
    'Return and refund: agrees the return and publishes `address` (required; 400 without it) for the buyer to ship to',
    '(10 → 20 / waitselleragree → waitbuyersend).',
    AS_OPERATOR,
  ].join(' '),
  tags: ['Admin'],
  roles: ['support', 'admin'],
  body: z.object({ refundId: RefundId, address: Address.optional(), note: z.string().max(500).optional() }),
  data: RefundSummary,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => {
    const done = await sellerAgree(ctx, body.refundId, {
      actor: 'operator',
      ...(body.address ? { address: body.address } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    return done.ok ? ok(done.refund) : done;
  },
});

const refuse = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/refuse',
  operationId: 'adminRefundRefuse',
  summary: 'Refuse a refund application, or a returned parcel after inspection, as the seller (operator)',
  description: [
    '10 or 30 → -10 / waitselleragree or waitsellerreceive → waitbuyermodify; the buyer may modify and apply again.',
    AS_OPERATOR,
  ].join(' '),
  tags: ['Admin'],
  roles: ['support', 'admin'],
  body: z.object({ refundId: RefundId, reason: z.string().trim().min(1).max(500), images: Images.optional() }),
  data: RefundSummary,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => {
    const done = await sellerRefuse(ctx, body.refundId, {
      actor: 'operator',
      reason: body.reason,
      ...(body.images ? { images: body.images } : {}),
    });
    return done.ok ? ok(done.refund) : done;
  },
});

const receive = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/receive',
  operationId: 'adminRefundReceive',
  summary: 'Confirm the returned parcel and refund, as the seller (operator)',
  description: ['30 → 100 / waitsellerreceive → refundsuccess; the wallet is credited in the same transaction.', AS_OPERATOR].join(' '),
  tags: ['Admin'],
  roles: ['support', 'warehouse', 'admin'],
  body: z.object({ refundId: RefundId }),
  data: RefundSummary,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => {
    const done = await sellerConfirmReceipt(ctx, body.refundId, { actor: 'operator' });
    return done.ok ? ok(done.refund) : done;
  },
});

const message = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/message',
  operationId: 'adminRefundMessage',
  summary: 'Write a message on an open refund application, as the seller (operator)',
  description: [
    'An event row with the text and images (1688 refundAction SELLER_UPLOAD_BILL): no state change, no callback; the',
    'buyer reads it in the message list (Taobao) or the operation list (1688). Text, images or both; a refunded or',
    'closed application is read only (2101).',
    AS_OPERATOR,
  ].join(' '),
  tags: ['Admin'],
  roles: ['support', 'admin'],
  body: z.object({ refundId: RefundId, text: z.string().max(500).default(''), images: Images.default([]) }),
  data: RefundEvent,
  errors: [...REFUSALS],
  handler: async (ctx, { body }) => {
    const done = await sellerMessage(ctx, body.refundId, { actor: 'operator', text: body.text, images: body.images });
    return done.ok ? ok(done.event) : done;
  },
});

const detail = defineAdminRoute({
  method: 'GET',
  path: '/admin/refunds/detail',
  operationId: 'adminRefundDetail',
  summary: 'A refund with every event, oldest first (operator)',
  tags: ['Admin'],
  roles: ['support', 'finance', 'admin'],
  query: z.object({ refundId: RefundId }),
  data: RefundDetail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const found = await getRefundSystem(ctx, query.refundId);
    if (!found.ok) return found;
    const events = await sellerRefundEvents(ctx, query.refundId);
    return events.ok ? ok({ refund: found.refund, events: events.events }) : events;
  },
});

/** Whole hours; the range (1 h to a year) is the module's rule, checked on the merged settings. */
const Hours = z.number().int();
const Timers = z.object({
  sellerRespondHours: Hours.describe(`Seller response (10 / waitselleragree), default ${DEFAULT_REFUND_TIMERS.sellerRespondHours}`),
  buyerModifyHours: Hours.describe(
    `Buyer modification after a refusal (-10 / waitbuyermodify), default ${DEFAULT_REFUND_TIMERS.buyerModifyHours}`,
  ),
  buyerReturnShipHours: Hours.describe(
    `Buyer ships the return (20 / waitbuyersend), default ${DEFAULT_REFUND_TIMERS.buyerReturnShipHours}`,
  ),
  sellerReceiveHours: Hours.describe(
    `Seller confirms the returned parcel (30 / waitsellerreceive), default ${DEFAULT_REFUND_TIMERS.sellerReceiveHours}`,
  ),
});

const timers = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/timers',
  operationId: 'adminRefundTimers',
  summary: 'Read or set the after-sales timer durations (operator)',
  description: [
    'Fields given replace the current durations (hours); an empty body reads them. A new duration applies to states',
    'entered after the change. On expiry the system acts: agrees (refund, or the return with the shop’s address),',
    'closes, or confirms receipt.',
  ].join(' '),
  tags: ['Admin'],
  roles: ['support', 'admin'],
  body: Timers.partial(),
  data: Timers,
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const next = { ...(await refundTimers(ctx)), ...body };
    if (Object.keys(body).length === 0) return ok(next);
    const invalid = invalidRefundTimers(next);
    if (invalid) return invalid;
    await setRefundTimers(ctx, next);
    return ok(next);
  },
});

const reasons = defineAdminRoute({
  method: 'POST',
  path: '/admin/refunds/reasons',
  operationId: 'adminRefundReasonSave',
  summary: 'Add or change a refund reason of the catalogue (operator)',
  tags: ['Admin'],
  roles: ['admin'],
  body: z.object({
    platform: z.enum(['taobao', '1688']),
    reasonId: z
      .string()
      .trim()
      .regex(/^\d{1,12}$/),
    text: z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(200) }),
    tips: z.string().max(500).default(''),
    needVoucher: z.boolean().default(false),
    noRefundCarriage: z.boolean().default(false),
    kinds: z.array(z.enum(['refund', 'return_refund'])).min(1),
    goodsStatuses: z.array(z.string().trim().min(1).max(40)).min(1),
    enabled: z.boolean().default(true),
  }),
  data: z.object({ saved: z.literal(true) }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body }) => {
    const saved = await saveRefundReason(ctx, body);
    return saved.ok ? ok({ saved: true as const }) : saved;
  },
});

export const adminRefundRoutes = [agree, refuse, receive, message, detail, timers, reasons] as const;
