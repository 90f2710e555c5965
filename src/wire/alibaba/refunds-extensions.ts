/**
 * Ponte's extensions to the 1688 after-sales family [DESIGN]: cancel and modify an application.
 * PandaPon's 1688 menu has neither; upstream has alibaba.trade.cancelRefund and modifyRefund, and
 * the buyer side of the state machine needs both (a refused application is modified or withdrawn).
 */
import { z } from 'zod';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { cancelRefund, modifyRefund } from '../../modules/aftersales/index.ts';
import { NumericId, OrderIdField } from '../common/ids.ts';
import { ownedOrder } from './orders-manage.ts';
import {
  DISPUTE_REQUESTS,
  entryIdsOf,
  linesOf,
  ownedRefund,
  REFUND_FIELDS,
  REFUND_REFUSALS,
  RefundFields,
  RefundIdField,
} from './refunds-input.ts';
import { checkVouchers } from './vouchers.ts';

const TAGS = ['1688 after-sales'];
const Changed = z.object({ refundId: z.string(), status: z.string().describe('the refund status after the change') });

const cancel = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/cancel',
  aliases: ['/v2/alibaba/refund/cancel'],
  operationId: 'alibabaRefundCancel',
  summary: '1688 cancel a refund application (extension)',
  description: [
    'Ponte extension [DESIGN] (PandaPon’s 1688 menu has none; upstream alibaba.trade.cancelRefund): the buyer withdraws',
    'an open application, which becomes refundclose; a finished one answers 2101.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({ refundId: RefundIdField }),
  data: Changed,
  errors: ['NOT_FOUND', 'REFUND_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const done = await cancelRefund(ctx, body.refundId);
    return done.ok ? ok({ refundId: done.refund.refundId, status: done.refund.status }) : done;
  },
});

const modify = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/modify',
  aliases: ['/v2/alibaba/refund/modify'],
  operationId: 'alibabaRefundModify',
  summary: '1688 modify a refund application (extension)',
  description: [
    'Ponte extension [DESIGN] (upstream alibaba.trade.modifyRefund): the AR4 fields again for an application in',
    'waitselleragree or waitbuyermodify (after a refusal); it goes back to waitselleragree. `orderId` and',
    '`orderEntryIds` may be left out (the application’s own); the same rules and refusals as AR4.',
  ].join(' '),
  tags: TAGS,
  action: 'aftersales.write',
  body: z.object({
    refundId: RefundIdField,
    ...RefundFields,
    orderId: OrderIdField.nullish(),
    orderEntryIds: z.array(NumericId).min(1).max(100).nullish(),
  }),
  data: Changed,
  errors: REFUND_REFUSALS,
  fields: REFUND_FIELDS,
  handler: async (ctx, { body }) => {
    const found = await ownedRefund(ctx, body.refundId);
    if (!found.ok) return found;
    const { refund } = found;
    if (body.orderId && body.orderId !== refund.orderId) {
      return fail('BAD_PARAMETER', { field: 'orderId', rule: `must be ${refund.orderId}, the application's order` });
    }
    const order = await ownedOrder(ctx, refund.orderId);
    if (!order.ok) return order;
    const entryIds = body.orderEntryIds ?? null;
    const lines =
      entryIds || body.orderEntryCountList ? linesOf(order.order, entryIds ?? entryIdsOf(refund), body.orderEntryCountList) : null;
    if (lines && !lines.ok) return lines;
    const refused = await checkVouchers(ctx, body.vouchers ?? [], 'vouchers');
    if (refused) return refused;
    const done = await modifyRefund(ctx, body.refundId, {
      kind: DISPUTE_REQUESTS[body.disputeRequest],
      goodsStatus: body.goodsStatus,
      reasonId: body.applyReasonId,
      applyFen: body.applyPayment,
      applyCarriageFen: body.applyCarriage,
      description: body.description,
      images: body.vouchers ?? [],
      ...(lines ? { lines: lines.lines } : {}),
    });
    return done.ok ? ok({ refundId: done.refund.refundId, status: done.refund.status }) : done;
  },
});

export const alibabaRefundExtensionRoutes = [cancel, modify] as const;
