export { ordersMigration, type OrderTables } from './schema.ts';
export {
  ORDER_STATES,
  orderMachine,
  type OrderState,
  type OrderAction,
  type Platform,
} from './states.ts';
export {
  priceOrder,
  previewOrder,
  unitPriceFen,
  shippingFeeFen,
  shippingRuleText,
  SHIPPING_RULE,
  type LineRequest,
  type LineField,
  type SellerGroup,
  type PricedLine,
} from './pricing.ts';
export {
  createOrders,
  planOrders,
  placeOrders,
  type CreateOrdersInput,
  type CreateOrdersResult,
  type OrderPlan,
  type OrderInputField,
  type ReceiverField,
} from './create.ts';
export { payOrders, payOrder, type PayResult } from './pay.ts';
export { cancelOrder } from './cancel.ts';
export { updateReceiver, RECEIVER_EDITABLE_STATES } from './receiver.ts';
export { getOrder, getOrders, getOrderHistory, pageOrders, ORDER_PAGE, type PageOrdersInput, type HistoryEntry } from './read.ts';
export { sellerModifyPrice, markShipped, markArrived, completeOrder, closeOrder, type SellerResult } from './seller.ts';
export { reservedQuantity, type OrderSummary, type OrderDetail, type OrderLine, type Receiver } from './repo.ts';
