import type { BuiltMessage } from '../../modules/callbacks/index.ts';
import { chinaTime } from '../common/time.ts';
import { numericId } from './bodies-taobao.ts';
import { ALIBABA, MESSAGE_TYPES, TAOBAO } from './message-types.ts';

export interface RefundFacts {
  refundId: string;
  orderId: string;
  /** The client's order id given at creation; '' when none. */
  outerPurchaseId: string;
  subOrderId: string | null;
  /** Taobao sub-order refundStatus code (§9): 0, 10, 20, 30, 100, -10, -20. */
  refundStatus: number;
  refundAmountFen: number;
  reason: string;
  modifiedAt: number;
}

/** The after-sales refund message (defined now; emitted once after-sales lands). */
export function refundMessage(platform: 0 | 1, r: RefundFacts): BuiltMessage {
  if (platform === TAOBAO) {
    return {
      messageType: MESSAGE_TYPES.taobaoRefund,
      platform,
      messageBody: JSON.stringify({
        refund_id: r.refundId,
        purchase_id: numericId(r.orderId),
        outer_purchase_id: r.outerPurchaseId,
        sub_purchase_order_id: r.subOrderId ?? '',
        refund_status: r.refundStatus,
        refund_amount: r.refundAmountFen,
        refund_currency: 'CNY',
        refund_reason: r.reason,
        modify_time: r.modifiedAt,
      }),
    };
  }
  return {
    messageType: MESSAGE_TYPES.alibabaRefund,
    platform: ALIBABA,
    messageBody: JSON.stringify({
      refundId: r.refundId,
      orderId: r.orderId,
      subOrderId: r.subOrderId,
      refundStatus: r.refundStatus,
      refundAmount: r.refundAmountFen,
      refundReason: r.reason,
      modifyTime: chinaTime(r.modifiedAt),
    }),
  };
}
