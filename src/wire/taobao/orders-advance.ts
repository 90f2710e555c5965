import { z } from 'zod';
import { jsonText } from '../common/json-text.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { updateReceiver } from '../../modules/orders/index.ts';
import { OrderIdParam } from '../common/orders.ts';
import { TAOBAO_ORDER_FIELDS, TaobaoReceiver, toReceiver } from './orders-view.ts';

/** TO4 "modify pre-warehouse info": a new receiver (e.g. another China warehouse) until the seller ships. */
export const modifyAdvance = defineRoute({
  method: 'POST',
  path: '/v2/taobao/order/modify/advance',
  operationId: 'taobaoOrderModifyAdvance',
  summary: 'Modify pre-warehouse info',
  description: [
    'Replaces the receiver (the receiving warehouse) of an order that the seller has not shipped yet',
    '(waiting payment or paid). `receiver` is a JSON string like TO1’s.',
    'After shipping the answer is 2006; another developer’s order is 404.',
  ].join(' '),
  tags: ['Taobao order'],
  action: 'order.write',
  body: z.object({ purchaseOrderId: OrderIdParam, receiver: jsonText(TaobaoReceiver) }),
  data: z.object({ purchaseOrderId: z.string(), updated: z.boolean() }),
  errors: ['NOT_FOUND', 'ORDER_STATE_INVALID'],
  fields: TAOBAO_ORDER_FIELDS,
  handler: async (ctx, { body }) => {
    const updated = await updateReceiver(ctx, { orderId: body.purchaseOrderId, receiver: toReceiver(body.receiver) });
    return updated.ok ? ok({ purchaseOrderId: updated.orderId, updated: true }) : updated;
  },
});
