import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { codeOf, fail, messageFor } from '../../platform/errors.ts';
import { payOrders } from '../../modules/orders/index.ts';
import { OrderIdParam, payFailure, payOutcome } from '../common/orders.ts';
import { ownedOrder } from './orders-manage.ts';

/**
 * 1688 payment (reference §8.8 AO1, AO9): Ponte pays from the prepaid wallet, each order
 * all-or-nothing in its own transaction, instead of handing out a pay page.
 */
const PayResultOut = z.object({
  orderId: z.string(),
  success: z.boolean(),
  alreadyPaid: z.boolean(),
  payAmount: z.number().int().describe('fen charged (0 when failed or already paid)'),
  code: z
    .number()
    .int()
    .describe('200, or the error code: 2001 insufficient balance (see shortfallFen), 2006 cancelled/closed, 404 not found'),
  msg: z.string(),
  shortfallFen: z.number().int().nullable(),
});

async function payMany(ctx: Ctx, orderIds: OrderId[]) {
  const checked: z.input<typeof PayResultOut>[] = [];
  const payable: OrderId[] = [];
  for (const id of [...new Set(orderIds)]) {
    const found = await ownedOrder(ctx, id);
    if (found.ok) payable.push(id);
    else
      checked.push({
        orderId: id,
        success: false,
        alreadyPaid: false,
        payAmount: 0,
        code: codeOf(found.error),
        msg: messageFor(found.error, ctx.language, found.params),
        shortfallFen: null,
      });
  }
  const paid = payable.length > 0 ? await payOrders(ctx, { orderIds: payable }) : { ok: true as const, results: [] };
  if (!paid.ok) return paid;
  const results = paid.results.map((r) => ({
    orderId: r.orderId,
    success: r.ok,
    alreadyPaid: r.alreadyPaid ?? false,
    payAmount: r.ok && !r.alreadyPaid ? (r.paidAmountFen ?? 0) : 0,
    ...payOutcome(ctx, r),
    shortfallFen: r.shortfallFen ?? null,
    raw: r,
  }));
  return { ok: true as const, results, notFound: checked };
}

export const batchPayRoute = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/order/batch/submit/to/pay',
  aliases: ['/alibaba/order/batch/submit/to/pay'],
  operationId: 'alibabaOrderBatchPay',
  summary: '1688 developer batch payment',
  description: [
    'Reference AO1: pays each of `orderIds` (at most 50) from the wallet, each order all-or-nothing in its own',
    'transaction; one order failing does not stop the others. `payResults` in the order asked; `cantPayOrderList` lists',
    'the ids that could not be paid. An order already paid counts as paid and is not charged again.',
  ].join(' '),
  tags: ['1688 order'],
  action: 'order.pay',
  body: z.object({ orderIds: z.array(OrderIdParam).min(1).max(50) }),
  data: z.object({ payResults: z.array(PayResultOut), successCount: z.number().int(), cantPayOrderList: z.array(z.string()) }),
  errors: [],
  handler: async (ctx, { body }) => {
    const paid = await payMany(ctx, body.orderIds);
    if (!paid.ok) return paid;
    const byId = new Map([...paid.results.map(({ raw: _raw, ...r }) => r), ...paid.notFound].map((r) => [r.orderId, r]));
    const payResults = [...new Set(body.orderIds)].map((id) => byId.get(id)!);
    return ok({
      payResults,
      successCount: payResults.filter((r) => r.success).length,
      cantPayOrderList: payResults.filter((r) => !r.success).map((r) => r.orderId),
    });
  },
});

export const payUrlRoute = defineRoute({
  method: 'GET',
  path: '/v2/alibaba/order/pay/url',
  aliases: ['/alibaba/order/pay/url'],
  operationId: 'alibabaOrderPay',
  summary: '1688 order payment',
  description: [
    'Reference AO9: Ponte pays from the prepaid wallet instead of handing out a pay page, so `payUrl` is null and',
    '`protocolPaySuccess` tells whether every order is paid. `orderId` may list several ids separated by commas;',
    '`cantPayOrderList` holds those that could not be paid (ids as strings). A single order that cannot be paid answers',
    'its error code instead (2001 with `data.shortfallFen`, 2006, 404).',
  ].join(' '),
  tags: ['1688 order'],
  action: 'order.pay',
  query: z.object({
    orderId: z
      .string()
      .trim()
      .regex(/^\d{1,25}(,\d{1,25}){0,49}$/, 'rule:digits'),
  }),
  data: z.object({
    orderId: z.string(),
    protocolPaySuccess: z.boolean(),
    payUrl: z.null(),
    cantPayOrderList: z.array(z.string()),
    payAmount: z.number().int().describe('fen charged by this call'),
  }),
  errors: ['NOT_FOUND', 'INSUFFICIENT_BALANCE', 'ORDER_STATE_INVALID'],
  handler: async (ctx, { query }) => {
    const ids = query.orderId.split(',').map(asOrderId);
    const paid = await payMany(ctx, ids);
    if (!paid.ok) return paid;
    if (ids.length === 1) {
      const missing = paid.notFound[0];
      if (missing) return fail('NOT_FOUND', { what: `order ${missing.orderId}` });
      const only = paid.results[0]!;
      if (!only.success) return payFailure(only.raw);
    }
    const cant = [...paid.notFound, ...paid.results.filter((r) => !r.success)].map((r) => r.orderId);
    return ok({
      orderId: query.orderId,
      protocolPaySuccess: cant.length === 0,
      payUrl: null,
      cantPayOrderList: cant,
      payAmount: paid.results.reduce((s, r) => s + r.payAmount, 0),
    });
  },
});
