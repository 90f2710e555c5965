export { ordersMigration } from './schema.ts';
export {
  ORDER_STATES,
  orderMachine,
  type OrderState,
} from './states.ts';
export {
  priceOrder,
  previewOrder,
  type SellerGroup,
  unitPriceFen,
  shippingFeeFen,
  shippingRuleText,
  type LineRequest,
  type LineField,
} from './pricing.ts';
export {
  createOrders,
  planOrders,
  placeOrders,
  type CreateOrdersInput,
  type CreateOrdersResult,
  type OrderInputField,
  type ReceiverField,
} from './create.ts';
export { payOrders, type PayResult } from './pay.ts';
export { cancelOrder, operatorCancelOrder } from './cancel.ts';
export { pageAdminOrders, adminOrder, adminOrderActions, type AdminOrderQuery, type AdminOrderRow } from './admin-read.ts';
export { updateReceiver } from './receiver.ts';
export { getOrder, getOrders, getOrderHistory, pageOrders, orderOwnerAndLines, ORDER_PAGE } from './read.ts';
export {
  sellerModifyPrice,
  announcePriceChange,
  acceptPaidPrice,
  markShipped,
  markArrived,
  completeOrder,
  confirmReceipt,
  closeOrder,
  markShippedStep,
  confirmReceiptStep,
  closeOrderStep,
  type SellerResult,
} from './seller.ts';
export { orderForRefund, applyLineRefunds, closeRefundedOrder, type RefundableOrder, type LineRefund } from './refunds.ts';
export { reservedQuantity, type OrderSummary, type OrderDetail, type OrderLine, type Receiver } from './repo.ts';
