import type { OrderState } from '../../modules/orders/index.ts';

/** PandaPon's messagePlatform: 0 Taobao, 1 1688. */
export const TAOBAO = 0;
export const ALIBABA = 1;
/**
 * Ponte's messagePlatform for the China warehouse's own messages (parcels, logistics orders):
 * neither marketplace fits, since one shipment consolidates parcels of Taobao orders, 1688 orders
 * and orders bought elsewhere, so a receiver that picks a body parser by messagePlatform never
 * mistakes a warehouse body for an order's.
 */
export const WAREHOUSE = 2;

export const MESSAGE_TYPES = {
  taobaoStatus: 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS',
  taobaoPriceModify: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  taobaoRefund: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
  alibabaPriceModify: 'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  alibabaRefund: 'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
  parcelStatus: 'PARCEL_STATUS_CHANGE',
  logisticsOrderStatus: 'LOGISTICS_ORDER_STATUS_CHANGE',
} as const;

/** 1688 status-change message types: one per order event (the sister doc names the first three). */
export const ALIBABA_STATUS_TYPES = [
  'ORDER_CREATE',
  'ORDER_PAY_SUCCESS',
  'ORDER_SHIPPED',
  'ORDER_ARRIVED',
  'ORDER_COMPLETE',
  'ORDER_CANCEL',
  'ORDER_CLOSE',
] as const;
/** The order events that make a status message, on either platform. */
export const STATUS_EVENT_TYPES: readonly string[] = ALIBABA_STATUS_TYPES;
export const PRICE_EVENT_TYPE = 'ORDER_PRICE_MODIFY';

/** Sister-doc orderStatus strings (WAITING_FOR_PAYMENT, WAITING_FOR_SENT, CANCEL), extended to every state. */
export const ALIBABA_ORDER_STATUS: Readonly<Record<OrderState, string>> = {
  created: 'WAITING_FOR_PAYMENT',
  waiting_payment: 'WAITING_FOR_PAYMENT',
  paid: 'WAITING_FOR_SENT',
  shipped: 'WAITING_FOR_RECEIVE',
  arrived_warehouse: 'RECEIVED',
  completed: 'SUCCESS',
  cancelled: 'CANCEL',
  closed: 'CLOSE',
};
