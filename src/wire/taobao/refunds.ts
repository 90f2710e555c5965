/**
 * Taobao reverse orders (reference aftersales-logistics.md A1, C1.2): applying for a refund of a
 * sub-order and reading it back. The return, cancel and message routes are in refunds-progress.ts.
 * Amounts are integer fen; refundStatus codes are A1.4's (0 none, 10, 20, 30, 100, -10, -20).
 */
import { z } from 'zod';
import { modifyRefund, pageRefunds, refundQuote, submitRefund } from '../../modules/aftersales/index.ts';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { idempotencyKeyOf, OrderIdParam } from '../common/orders.ts';
import { ByRefundId, ownedRefund, REFUND_FIELDS, refundDetail, TAGS } from './refunds-common.ts';
import { RefundDetail } from './refunds-detail-view.ts';
import { taobaoRefundProgressRoutes } from './refunds-progress.ts';
import {
  GoodsStatusParam,
  REFUND_TYPES,
  RefundImagesParam,
  RefundRenderVO,
  RefundSummary,
  RefundTypeParam,
  renderView,
  SubOrderIdParam,
  summaryView,
} from './refunds-view.ts';

const STATUSES = ['10', '20', '30', '100', '-10', '-20'];
const MATRIX =
  'refundType × goodsStatus: 1 (refund only) with 1 not shipped (order paid), 2 shipped, 3 not received, or 4 received; ' +
  '2 (return and refund) only with 4 (the goods reached the warehouse). A goods status the order’s state does not allow answers 2107.';

const render = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/render',
  aliases: ['/open/order/refund/render'],
  operationId: 'taobaoRefundRender',
  summary: 'Reverse order rendering interface',
  description: [
    '[DOC] TA2: path, request and the `RefundRenderVO` answer as documented (doc-cnv2 api-288803028).',
    'Designed: the reasons come from Ponte’s configurable catalogue for this refundType and goodsStatus;',
    '`maxRefundFee.refundFee` is what the sub-order can still refund (its paid amount, fen, minus earlier refunds;',
    'for `refundQuantity` pieces a proportional share); `refundOrder` is the open application when there is one',
    '(the modify template) and otherwise a new one prefilled with the maximum. `saleFlag` false: no after-sales now',
    `(unpaid, fully refunded). ${MATRIX}`,
  ].join(' '),
  tags: TAGS,
  action: 'read',
  body: z.object({
    subOrderId: SubOrderIdParam,
    refundType: RefundTypeParam,
    goodsStatus: GoodsStatusParam,
    refundQuantity: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Ponte extension: pieces to refund (default all that remain)'),
  }),
  data: RefundRenderVO,
  errors: ['NOT_FOUND', 'REFUND_GOODS_STATUS_INVALID', 'REFUND_NOT_ALLOWED'],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const { orderId, lineNo } = body.subOrderId;
    const quoted = await refundQuote(ctx, {
      platform: 'taobao',
      orderId,
      lineNos: [lineNo],
      kind: REFUND_TYPES[body.refundType]!,
      goodsStatus: String(body.goodsStatus),
      ...(body.refundQuantity === undefined ? {} : { quantity: body.refundQuantity }),
    });
    if (!quoted.ok) return quoted;
    return ok(renderView(quoted.quote, { orderId, ...body }, ctx.developerId, ctx.clock.nowMs()));
  },
});

const Application = {
  refundType: RefundTypeParam,
  goodsStatus: GoodsStatusParam,
  reasonId: z
    .union([z.string().trim().min(1).max(32), z.number().int().min(0)])
    .transform(String)
    .describe('a reasonId from render'),
  refundFee: z.number().int().min(1).max(1_000_000_000).describe('amount to refund, fen, within render’s min and max'),
  refundDesc: z.string().trim().max(500).optional().describe('the buyer’s description'),
  refundImages: RefundImagesParam.optional(),
  refundQuantity: z.number().int().min(1).max(1_000_000).optional().describe('pieces (default all that remain)'),
};

function applicationInput(body: {
  refundType: number;
  goodsStatus: number;
  reasonId: string;
  refundFee: number;
  refundDesc?: string | undefined;
  refundImages?: string[] | undefined;
}) {
  return {
    kind: REFUND_TYPES[body.refundType]!,
    goodsStatus: String(body.goodsStatus),
    reasonId: body.reasonId,
    applyFen: body.refundFee,
    description: body.refundDesc ?? '',
    images: body.refundImages ?? [],
  };
}

const REFUSALS = [
  'NOT_FOUND',
  'REFUND_STATE_INVALID',
  'REFUND_AMOUNT_TOO_LARGE',
  'REFUND_VOUCHER_REQUIRED',
  'REFUND_REASON_INVALID',
  'REFUND_GOODS_STATUS_INVALID',
  'REFUND_NOT_ALLOWED',
] as const;

const submit = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/submit',
  aliases: ['/open/order/refund/submit'],
  operationId: 'taobaoRefundSubmit',
  summary: 'Reverse order submission',
  description: [
    'Designed (C1.2 TA7; the menu entry is documented, its body is not): applies for a refund of one sub-order,',
    'status 0 or -20 → 10. Checks the reason against the catalogue (2106), the amount against render’s maximum (2102),',
    `vouchers for reasons that need them (2103) and the type × goods matrix. ${MATRIX}`,
    'Idempotent: while the sub-order has an open application, or with an `Idempotency-Key` header used before,',
    'the answer is that application with `replayed: true`; two concurrent submits create one.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({ subOrderId: SubOrderIdParam, ...Application }),
  data: z.object({
    refundId: z.string(),
    refundStatus: z.number().int(),
    replayed: z.boolean().describe('true: an open application (or the Idempotency-Key’s) answered again, nothing new applied'),
  }),
  errors: [...REFUSALS],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body, headers }) => {
    const { orderId, lineNo } = body.subOrderId;
    const key = idempotencyKeyOf(headers);
    const made = await submitRefund(ctx, {
      platform: 'taobao',
      orderId,
      lines: [body.refundQuantity === undefined ? { lineNo } : { lineNo, quantity: body.refundQuantity }],
      ...applicationInput(body),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    if (!made.ok) return made;
    return ok({ refundId: made.refund.refundId, refundStatus: Number(made.refund.status), replayed: made.replayed });
  },
});

const modify = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/modify',
  aliases: ['/open/order/refund/modify'],
  operationId: 'taobaoRefundModify',
  summary: 'Reverse order modification',
  description: [
    'Designed (C1.2 TA9): the buyer changes an application waiting for the seller (10) or refused by it (-10);',
    'it goes (back) to 10 and the seller’s timer restarts. The same fields and checks as submit;',
    '`subOrderId`, when sent, must be the application’s. Other states answer 2101.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({ refundId: ByRefundId.shape.refundId, subOrderId: SubOrderIdParam.optional(), ...Application }),
  data: z.object({ refundId: z.string(), refundStatus: z.number().int() }),
  errors: [...REFUSALS],
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const lineNo = found.refund.lines[0]?.lineNo ?? 1;
    const sub = body.subOrderId;
    if (sub && (sub.orderId !== found.refund.orderId || sub.lineNo !== lineNo)) {
      return fail('BAD_PARAMETER', { field: 'subOrderId', rule: `must be ${found.refund.orderId}-${lineNo}, the application’s sub-order` });
    }
    const changed = await modifyRefund(ctx, body.refundId, {
      ...applicationInput(body),
      ...(body.refundQuantity === undefined ? {} : { lines: [{ lineNo, quantity: body.refundQuantity }] }),
    });
    return changed.ok ? ok({ refundId: changed.refund.refundId, refundStatus: Number(changed.refund.status) }) : changed;
  },
});

const list = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/refund/list',
  aliases: ['/open/order/refund/list'],
  operationId: 'taobaoRefundList',
  summary: 'Reverse single list query',
  description: [
    'Designed (C1.2 TA1): the caller’s Taobao applications, newest first (a sub-account sees its own).',
    'Filters: `orderId`, `subOrderId`, `refundStatus`, `startTime` / `endTime` (creation, epoch ms, inclusive).',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  body: z
    .object({
      pageNo: z.number().int().min(1).max(10_000).default(1),
      pageSize: z.number().int().min(1).max(50).default(20),
      orderId: OrderIdParam.optional(),
      subOrderId: SubOrderIdParam.optional(),
      refundStatus: z
        .union([z.number().int(), z.string()])
        .transform(String)
        .pipe(z.enum(STATUSES))
        .optional()
        .describe(STATUSES.join(', ')),
      startTime: z.number().int().min(0).optional().describe('epoch ms'),
      endTime: z.number().int().min(0).optional().describe('epoch ms'),
    })
    .default({ pageNo: 1, pageSize: 20 }),
  data: z.object({ total: z.number().int(), pageNo: z.number().int(), pageSize: z.number().int(), list: z.array(RefundSummary) }),
  errors: [],
  handler: async (ctx, { body }) => {
    const sub = body.subOrderId;
    const paged = await pageRefunds(ctx, {
      platform: 'taobao',
      page: body.pageNo,
      pageSize: body.pageSize,
      ...(sub ? { orderId: sub.orderId, lineNo: sub.lineNo } : body.orderId ? { orderId: body.orderId } : {}),
      ...(body.refundStatus === undefined ? {} : { status: body.refundStatus }),
      ...(body.startTime === undefined ? {} : { createdFrom: body.startTime }),
      ...(body.endTime === undefined ? {} : { createdTo: body.endTime }),
    });
    if (!paged.ok) return paged;
    const now = ctx.clock.nowMs();
    return ok({ total: paged.total, pageNo: body.pageNo, pageSize: body.pageSize, list: paged.rows.map((r) => summaryView(r, now)) });
  },
});

const query = defineRoute({
  method: 'GET',
  path: '/v2/taobao/order/refund/query',
  aliases: ['/open/order/refund/query'],
  operationId: 'taobaoRefundQuery',
  summary: 'Detailed interface of reverse order',
  description: [
    '[DOC] TA10: path and `refundId` as documented (doc-th api-289190464); the answer was not captured, so it is',
    'designed as TA5’s without `cancelSuccess`: `refundOrderAggregate{logistics, refundOrder, purchaseOrderLine}`',
    'in camelCase (the upstream QueryRefundOrder tree, A1.2). Another developer’s id answers 404.',
  ].join(' '),
  tags: TAGS,
  action: 'read',
  query: ByRefundId,
  data: RefundDetail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query: q, services, headers }) => {
    const found = await ownedRefund(ctx, q.refundId);
    return found.ok ? refundDetail(ctx, found.refund, services, headers) : found;
  },
});

/** The ten Taobao reverse-order routes (v2 paths, v1 `/open/order/refund/*` aliases). */
export const taobaoRefundRoutes = [list, render, ...taobaoRefundProgressRoutes, submit, modify, query] as const;
