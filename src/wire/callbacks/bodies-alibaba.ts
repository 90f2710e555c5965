import type { BuiltMessage, OrderEventFacts } from '../../modules/callbacks/index.ts';
import { ALIBABA_STATUS } from '../common/order-status.ts';
import { chinaTime } from '../common/time.ts';
import { ALIBABA, ALIBABA_ORDER_STATUS, MESSAGE_TYPES } from './message-types.ts';

/** 1688 message bodies follow the sister doc's camelCase sample; amounts are integer fen, times China time. */
function alibabaOrder(f: OrderEventFacts) {
  const paid = f.paidFen > 0;
  return {
    orderId: f.orderId,
    orderNo: f.order?.clientOrderId ?? f.orderId,
    orderStatus: ALIBABA_ORDER_STATUS[f.state],
    tradeStatus: ALIBABA_STATUS[f.state],
    payStatus: paid ? 2 : 1,
    totalAmount: f.totalFen,
    shippingFee: f.shippingFen,
    productAmount: f.productFen,
    refundAmount: f.state === 'closed' && paid ? f.paidFen : 0,
    refundStatus: null as string | null,
    closeReason: f.state === 'cancelled' || f.state === 'closed' ? (f.closeReason ?? 'buyer_cancel') : null,
    tbCreateTime: chinaTime(f.createdAt),
    payTime: f.paidAt ? chinaTime(f.paidAt) : null,
    logisticsCompany: f.carrier,
    trackingNumber: f.trackingNumber,
    modifyTime: chinaTime(f.modifyTime),
  };
}

/** The status-change message: its type is the order event's own name (ORDER_CREATE, ORDER_SHIPPED, …). */
export function alibabaStatusMessage(f: OrderEventFacts): BuiltMessage {
  return { messageType: f.eventType, platform: ALIBABA, messageBody: JSON.stringify(alibabaOrder(f)) };
}

export function alibabaPriceMessage(f: OrderEventFacts): BuiltMessage {
  return {
    messageType: MESSAGE_TYPES.alibabaPriceModify,
    platform: ALIBABA,
    messageBody: JSON.stringify({ ...alibabaOrder(f), oldTotalAmount: f.oldTotalFen }),
  };
}
