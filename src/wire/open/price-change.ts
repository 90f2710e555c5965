/**
 * The developer's answer to a changed purchase price on a manual platform ([DESIGN]: PandaPon has
 * no such call; the paths follow its style). When an operator finds the marketplace asks more than
 * the tolerance above what was charged, the order's developer gets the price-modification callback
 * (TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY / ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY) and answers
 * here. docs/decisions/018-manual-source.md.
 */
import { z } from 'zod';
import {
  acceptPriceChange,
  PURCHASE_TASK_STATES,
  readPriceChange,
  rejectPriceChange,
  type TaskResult,
} from '../../modules/purchasing/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { OrderIdParam } from '../common/orders.ts';

const ByOrderId = z.object({ orderId: OrderIdParam });

const Answer = z.object({
  orderId: z.string(),
  state: z.enum(PURCHASE_TASK_STATES).describe('The purchase task: PURCHASED after an accept, CANCELLED after a reject'),
  chargedFen: z.number().int().describe('What the order was charged at payment, fen'),
  extraChargedFen: z.number().int().describe('What accepting the changed price charged on top, fen'),
});

const answer = (done: TaskResult) =>
  done.ok
    ? ok({
        orderId: done.task.orderId,
        state: done.task.state,
        chargedFen: done.task.chargedFen,
        extraChargedFen: done.task.extraChargedFen,
      })
    : done;

const read = defineRoute({
  method: 'GET',
  path: '/v2/open/order/price-change',
  operationId: 'openOrderPriceChange',
  summary: 'The purchase price change of an order of a manual platform',
  description:
    'differenceFen is what accepting would charge (0 unless the task is in PRICE_REVIEW); an order of the caller with no purchase task, or another developer’s, answers 404.',
  tags: ['Order price change'],
  action: 'read',
  query: ByOrderId,
  data: z.object({
    orderId: z.string(),
    state: z.enum(PURCHASE_TASK_STATES),
    chargedFen: z.number().int(),
    newTotalFen: z.number().int().nullable().describe('What the marketplace asks, fen (null before the operator bought)'),
    differenceFen: z.number().int(),
    extraChargedFen: z.number().int(),
    since: z.number().int().describe('When the task last moved, epoch ms: the review’s clock starts here'),
  }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const found = await readPriceChange(ctx, query.orderId);
    return found.ok ? ok(found.change) : found;
  },
});

const accept = defineRoute({
  method: 'POST',
  path: '/v2/open/order/price-change/accept',
  operationId: 'openOrderPriceChangeAccept',
  summary: 'Accept the changed purchase price: the difference is charged from the wallet',
  description:
    'The task moves to PURCHASED (the operator already bought). Accepting again answers the same and charges nothing; insufficient balance answers 2001 and changes nothing.',
  tags: ['Order price change'],
  action: 'order.pay',
  body: ByOrderId,
  data: Answer,
  errors: ['NOT_FOUND', 'INSUFFICIENT_BALANCE', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => answer(await acceptPriceChange(ctx, body.orderId)),
});

const reject = defineRoute({
  method: 'POST',
  path: '/v2/open/order/price-change/reject',
  operationId: 'openOrderPriceChangeReject',
  summary: 'Reject the changed purchase price: the order is closed and refunded (reason price_changed)',
  tags: ['Order price change'],
  action: 'order.pay',
  body: ByOrderId,
  data: Answer,
  errors: ['NOT_FOUND', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => answer(await rejectPriceChange(ctx, body.orderId)),
});

export const priceChangeRoutes = [read, accept, reject];
