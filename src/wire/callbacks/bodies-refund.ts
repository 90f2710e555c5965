import type { RefundEventPayload } from '../../modules/aftersales/index.ts';
import type { BuiltMessage, SupplierFacts } from '../../modules/callbacks/index.ts';
import { entryIdOf } from '../alibaba/orders-view.ts';
import { chinaTime } from '../common/time.ts';
import { numericId } from './bodies-taobao.ts';
import { ALIBABA, MESSAGE_TYPES, TAOBAO } from './message-types.ts';

/*
 * The after-sales refund message, one per refund transition (and the application itself), built
 * from the after-sales module's REFUND_CHANGE payload alone. 1688: the upstream topic's payload
 * (refundId, orderId, currentStatus, refundAction, operator, msgSendTime, member ids; see
 * aftersales-logistics.md A2 "1688 refund messages") with the amounts and entries added. Taobao has
 * no published refund message: it is designed in the style of the Taobao status message (snake_case,
 * purchase_id, sub_purchase_order_id `<orderId>-<lineNo>`, epoch-ms modify_time). Amounts are fen.
 */

/** The upstream operator vocabulary knows buyer, seller and system; an operator acts as the seller. */
export function refundOperator(actor: RefundEventPayload['actor']): 'buyer' | 'seller' | 'system' {
  return actor === 'operator' ? 'seller' : actor;
}

function taobaoRefundBody(p: RefundEventPayload, supplier: SupplierFacts | null) {
  return {
    refund_id: p.refundId,
    purchase_id: numericId(p.orderId),
    outer_purchase_id: p.clientOrderId ?? '',
    sub_purchase_order_id: `${p.orderId}-${p.lineNos[0] ?? 1}`,
    sub_user_id: numericId(p.ownerUserId),
    supplier_nick: supplier?.sellerNick ?? '',
    refund_status: Number(p.status),
    old_refund_status: p.fromStatus === null ? 0 : Number(p.fromStatus),
    refund_type: p.kind === 'refund' ? 1 : 2,
    goods_status: Number(p.goodsStatus),
    refund_fee: p.applyFen,
    refunded_fee: p.refundedFen,
    refund_currency: 'CNY',
    refund_reason_id: p.reasonId,
    refund_reason: p.reasonText,
    refund_action: p.refundAction,
    operator: refundOperator(p.actor),
    remark: p.note ?? '',
    modify_time: p.at,
  };
}

function alibabaRefundBody(p: RefundEventPayload, supplier: SupplierFacts | null) {
  return {
    refundId: p.refundId,
    orderId: p.orderId,
    orderNo: p.clientOrderId ?? p.orderId,
    refundStatus: p.status,
    currentStatus: p.status,
    beforeStatus: p.fromStatus,
    refundAction: p.refundAction,
    operator: refundOperator(p.actor),
    orderEntryIds: p.lineNos.map((lineNo) => entryIdOf(p.orderId, lineNo)),
    disputeRequest: p.kind === 'refund' ? 'refund' : 'returnRefund',
    goodsStatus: p.goodsStatus,
    applyPayment: p.applyFen,
    applyCarriage: p.applyCarriageFen,
    refundPayment: p.refundedFen,
    applyReasonId: p.reasonId,
    applyReason: p.reasonText,
    remark: p.note,
    buyerMemberId: `b2b-${p.ownerUserId}`,
    sellerMemberId: supplier?.sellerNick ?? '',
    msgSendTime: chinaTime(p.at),
  };
}

/** The PandaPon message for one refund event. */
export function refundMessage(p: RefundEventPayload, supplier: SupplierFacts | null): BuiltMessage {
  if (p.platform === 'taobao')
    return { messageType: MESSAGE_TYPES.taobaoRefund, platform: TAOBAO, messageBody: JSON.stringify(taobaoRefundBody(p, supplier)) };
  return { messageType: MESSAGE_TYPES.alibabaRefund, platform: ALIBABA, messageBody: JSON.stringify(alibabaRefundBody(p, supplier)) };
}
