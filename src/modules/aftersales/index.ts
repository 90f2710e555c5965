/**
 * After-sales (issue 12): refund applications on order lines, for Taobao reverse orders and 1688
 * refunds, with the money back to the wallet. The wire layers (wire/taobao/refunds*.ts,
 * wire/alibaba/refunds*.ts) parse sub-order / order-entry ids into { orderId, lineNos } and map
 * views to their shapes; the seller side (sandbox sellers, admin routes, CLI, timers) calls the
 * system functions. Design notes and the rules in full: docs/decisions/013-aftersales.md.
 */
export { aftersalesMigration } from './schema.ts';
export {
  taobaoRefundMachine,
  alibabaRefundMachine,
  TAOBAO_REFUND_STATES,
  ALIBABA_REFUND_STATES,
  refundActionOf,
  type RefundPlatform,
  type RefundActor,
  type RefundAction,
} from './machines.ts';
export { GOODS_STATUS_RULES, goodsStatusesFor, type RefundKind } from './goods-status.ts';
export {
  REFUND_EVENT_TYPE,
  REFUND_AGGREGATE,
  type RefundView,
  type RefundLine,
  type RefundEventView,
  type RefundEventPayload,
  type ReturnAddress,
  type ReturnLogistics,
} from './repo.ts';
export { submitRefund, type SubmitRefundInput } from './submit.ts';
export { cancelRefund, submitReturnLogistics } from './buyer.ts';
export { addRefundMessage, sellerMessage, type MessageInput } from './message.ts';
export { modifyRefund, type ModifyRefundInput } from './modify.ts';
export { systemRefundLine, SYSTEM_REASON_ID } from './system-refund.ts';
export { runRefundTimers } from './timer-run.ts';
export { buyerConfirmReceipt, closeOrderWithRefunds, shipOrderUnlessRefundOpen, type ShipResult } from './order-side.ts';
export { sellerAgree, sellerRefuse, sellerConfirmReceipt, type SellerActor } from './seller.ts';
export {
  getRefund,
  getRefundSystem,
  refundEvents,
  pageRefunds,
  orderRefundState,
  type PageRefundsQuery,
  type LineRefundState,
} from './read.ts';
export { refundQuote, type RefundQuote, type RefundQuoteQuery } from './quote.ts';
export { listRefundReasons, saveRefundReason, type RefundReasonView, type RefundReasonInput } from './reasons.ts';
export { DEFAULT_REFUND_TIMERS, refundTimers, setRefundTimers, invalidRefundTimers, type RefundTimers } from './timers.ts';
export { refundSellersTick, planSellerResponses, runSellerPlans, sellerRefundEvents, type RefundSellerSource } from './seller-plans.ts';
export { pageAdminRefunds, type AdminRefundFilter, type AdminRefundRow } from './admin-list.ts';
