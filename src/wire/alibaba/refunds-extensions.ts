/**
 * Ponte's extensions to the 1688 after-sales family [DESIGN]: cancel and modify an application.
 * PandaPon's 1688 menu has neither; upstream has alibaba.trade.cancelRefund and modifyRefund, and
 * the buyer side of the state machine needs both (a refused application is modified or withdrawn).
 */
import { z } from 'zod';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { cancelRefund } from '../../modules/aftersales/index.ts';
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

export const alibabaRefundExtensionRoutes = [cancel] as const;
