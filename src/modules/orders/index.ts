export { ordersMigration } from './schema.ts';
export {
  ORDER_STATES,
  TAOBAO_STATUS,
  ALIBABA_STATUS,
  taobaoStatusOf,
  alibabaStatusOf,
  statesForTaobaoCode,
  statesForAlibabaStatus,
  type OrderState,
} from './states.ts';
export {
  priceOrder,
  previewOrder,
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
export { cancelOrder } from './cancel.ts';
export { updateReceiver } from './receiver.ts';
export { getOrder, getOrderHistory, pageOrders, ORDER_PAGE } from './read.ts';
export { sellerModifyPrice, markShipped, markArrived, completeOrder, closeOrder } from './seller.ts';
export { reservedQuantity, type OrderSummary, type OrderDetail, type Receiver } from './repo.ts';
