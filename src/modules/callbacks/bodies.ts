import type { OrderDetail, OrderState } from '../orders/index.ts';
import { TAOBAO_STATUS, ALIBABA_STATUS } from '../../wire/common/order-status.ts';
import type { SkuText, SupplierFacts } from './supplier.ts';

/*
 * PandaPon message bodies. The envelope is `{messageType, messageBody, messagePlatform, timestamp}`
 * with timestamp the push time in ms as a string. messageBody is a JSON-encoded string (sister
 * doc), except for TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS, which the seed page shows as the array
 * itself (a subscription may ask for the string form there too). Taobao bodies are snake_case in
 * the shape of the seed page (an array of purchase orders with sub-orders and their logistic
 * orders); 1688 bodies follow the sister camelCase sample. Amounts are integer fen.
 *
 * Where the seed page types an id as a number (purchase_id, sub_user_id) it is a JSON number when
 * it is a safe integer, as every id Ponte issues is (docs/decisions/010); an older id beyond 2^53
 * is written as a string so that no receiver's JSON.parse rounds it.
 */

export const TAOBAO = 0;
export const ALIBABA = 1;

export const MESSAGE_TYPES = {
  taobaoStatus: 'TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS',
  taobaoPriceModify: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  taobaoRefund: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
  alibabaPriceModify: 'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  alibabaRefund: 'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
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
export const STATUS_EVENT_TYPES: readonly string[] = ALIBABA_STATUS_TYPES;

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

export interface OutboxEventInput {
  id: string;
  type: string;
  createdAt: number;
  payload: Record<string, unknown>;
}

export interface BuiltMessage {
  messageType: string;
  platform: 0 | 1;
  /** The messageBody string (already JSON-encoded). */
  messageBody: string;
}

/** The order as the event saw it: the current row with the event's own state/amounts laid over. */
interface Facts {
  orderId: string;
  state: OrderState;
  order: OrderDetail | null;
  totalFen: number;
  productFen: number;
  shippingFen: number;
  paidFen: number;
  paidAt: number | null;
  createdAt: number;
  modifyTime: number;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: number | null;
  ownerUserId: string;
  closeReason: string | null;
  /** The id the client gave at creation (outer_purchase_id / sellerOrderNumber); '' when none. */
  outerPurchaseId: string;
  sellerNick: string;
  skuTexts: ReadonlyMap<number, SkuText>;
}

/** An id the seed page types as a number: exact as a JSON number, or as a string beyond 2^53. */
function numericId(id: string | null | undefined): string | number {
  if (!id || !/^\d{1,20}$/.test(id)) return 0;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}

export function encodeBody(value: unknown): string {
  return JSON.stringify(value);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
/** `yyyy-MM-dd HH:mm:ss` China time, PandaPon's display format. */
export function chinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback: string | null): string | null => (typeof v === 'string' ? v : fallback);

function factsOf(event: OutboxEventInput, order: OrderDetail | null, supplier: SupplierFacts | null): Facts {
  const p = event.payload;
  const state = (str(p.state, null) ?? order?.state ?? 'created') as OrderState;
  const totalFen = num(p.newTotalFen, num(p.totalAmountFen, order?.totalAmountFen ?? 0));
  const shippingFen = order?.shippingFeeFen ?? 0;
  return {
    orderId: String(p.orderId ?? order?.orderId ?? ''),
    state,
    order,
    totalFen,
    shippingFen,
    productFen: totalFen - shippingFen,
    paidFen: num(p.paidAmountFen, order?.paidAmountFen ?? 0),
    paidAt: num(p.paidAt, order?.paidAt ?? 0) || null,
    createdAt: order?.createdAt ?? event.createdAt,
    modifyTime: event.createdAt,
    carrier: str(p.carrier, order?.carrier ?? null),
    trackingNumber: str(p.trackingNumber, order?.trackingNumber ?? null),
    shippedAt: event.type === 'ORDER_SHIPPED' ? event.createdAt : (order?.shippedAt ?? null),
    ownerUserId: String(p.ownerUserId ?? order?.ownerUserId ?? ''),
    closeReason: str(p.reason, order?.closeReason ?? null),
    outerPurchaseId: order?.clientOrderId ?? '',
    sellerNick: supplier?.sellerNick ?? '',
    skuTexts: supplier?.skuTexts ?? new Map(),
  };
}

function logisticOrders(f: Facts) {
  if (!f.carrier || !f.trackingNumber) return [];
  return [{ logistic_company_name: f.carrier, logistic_number: f.trackingNumber, rts_time: f.shippedAt ?? f.modifyTime }];
}

/** One element of the seed page's messageBody array. */
export function taobaoPurchaseOrder(f: Facts) {
  const status = TAOBAO_STATUS[f.state].upstream;
  const paid = f.paidFen > 0;
  const lines = f.order?.lines ?? [];
  const receiver = f.order?.receiver;
  return {
    outer_purchase_id: f.outerPurchaseId,
    status,
    purchase_amount: f.totalFen,
    purchase_id: numericId(f.orderId),
    modify_time: f.modifyTime,
    purchase_currency: 'CNY',
    pay_currency: 'CNY',
    supplier_nick: f.sellerNick,
    domestic_post_fee: f.shippingFen,
    sub_user_id: numericId(f.ownerUserId),
    pay_amount: f.paidFen,
    pay_time: f.paidAt ?? 0,
    receiver: {
      country: receiver?.country ?? 'CN',
      address: receiver?.address ?? '',
      city: receiver?.city ?? '',
      district: receiver?.district ?? '',
      state: receiver?.province ?? '',
    },
    created_time: f.createdAt,
    sub_purchase_orders: lines.map((line, index) => ({
      purchase_order_outer_id: f.outerPurchaseId,
      purchase_order_line_outer_id: `${f.orderId}-${line.lineNo}`,
      product_amount: String(line.amountFen),
      logistic_company_name: f.carrier ?? '',
      logistic_number: f.trackingNumber ?? '',
      quantity: line.quantity,
      rts_time: f.shippedAt ? chinaTime(f.shippedAt) : '',
      title: line.title,
      purchase_currency: 'CNY',
      purchase_amount: line.amountFen,
      item_map_id: line.itemId,
      // The order's shipping fee is carried by its first line, so the lines sum to the order.
      pay_amount: String(paid ? line.amountFen + (index === 0 ? f.shippingFen : 0) : 0),
      domestic_post_fee: index === 0 ? f.shippingFen : 0,
      pay_currency: 'CNY',
      sub_purchase_order_id: `${f.orderId}-${line.lineNo}`,
      sku_id: line.skuId,
      status,
      alipay_pay_order_no: paid ? `W${f.orderId}` : '',
      option_fields: { SKU_IMG_URL: '', en: f.skuTexts.get(line.lineNo)?.en ?? '', zh: f.skuTexts.get(line.lineNo)?.zh ?? '' },
      logistic_orders: logisticOrders(f),
    })),
  };
}

function alibabaOrder(f: Facts) {
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

/**
 * The PandaPon message for one order event, or null for an event type that has no message.
 * `order` is the current order (lines, receiver); null when it cannot be read, in which case the
 * event payload alone fills the body (no sub-orders). `supplier` holds the seller nick and SKU
 * texts the marketplace knows for that order.
 */
export function messageForEvent(event: OutboxEventInput, order: OrderDetail | null, supplier: SupplierFacts | null): BuiltMessage | null {
  const f = factsOf(event, order, supplier);
  const platform = event.payload.platform === '1688' || order?.platform === '1688' ? ALIBABA : TAOBAO;
  const isPrice = event.type === 'ORDER_PRICE_MODIFY';
  if (!isPrice && !STATUS_EVENT_TYPES.includes(event.type)) return null;
  if (platform === TAOBAO) {
    if (!isPrice) return { messageType: MESSAGE_TYPES.taobaoStatus, platform, messageBody: encodeBody([taobaoPurchaseOrder(f)]) };
    const oldTotal = num(event.payload.oldTotalFen, f.totalFen);
    return {
      messageType: MESSAGE_TYPES.taobaoPriceModify,
      platform,
      messageBody: encodeBody({
        purchase_id: numericId(f.orderId),
        outer_purchase_id: f.outerPurchaseId,
        status: TAOBAO_STATUS[f.state].upstream,
        modify_time: f.modifyTime,
        old_purchase_total_fee: oldTotal,
        purchase_order_price: {
          purchase_currency: 'CNY',
          purchase_total_fee: f.totalFen,
          purchase_product_fee: f.productFen,
          purchase_shipping_fee: f.shippingFen,
        },
      }),
    };
  }
  if (!isPrice) return { messageType: event.type, platform, messageBody: encodeBody(alibabaOrder(f)) };
  const oldTotal = num(event.payload.oldTotalFen, f.totalFen);
  return {
    messageType: MESSAGE_TYPES.alibabaPriceModify,
    platform,
    messageBody: encodeBody({ ...alibabaOrder(f), oldTotalAmount: oldTotal }),
  };
}

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
      messageBody: encodeBody({
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
    platform,
    messageBody: encodeBody({
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
