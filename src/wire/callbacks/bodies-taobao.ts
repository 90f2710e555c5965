import type { BuiltMessage, OrderEventFacts } from '../../modules/callbacks/index.ts';
import type { OrderLine } from '../../modules/orders/index.ts';
import { TAOBAO_STATUS } from '../common/order-status.ts';
import { chinaTime } from '../common/time.ts';
import { MESSAGE_TYPES, TAOBAO } from './message-types.ts';

/*
 * Taobao message bodies, snake_case in the shape of the seed page: an array of purchase orders
 * with sub-orders and their logistic orders. Amounts are integer fen.
 *
 * Where the seed page types an id as a number (purchase_id, sub_user_id) it is a JSON number when
 * it is a safe integer, as every id Ponte issues is (docs/decisions/010); an older id beyond 2^53
 * is written as a string so that no receiver's JSON.parse rounds it.
 */

/** An id the seed page types as a number: exact as a JSON number, or as a string beyond 2^53. */
export function numericId(id: string | null | undefined): string | number {
  if (!id || !/^\d{1,20}$/.test(id)) return 0;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}

function logisticOrders(f: OrderEventFacts) {
  if (!f.carrier || !f.trackingNumber) return [];
  return [{ logistic_company_name: f.carrier, logistic_number: f.trackingNumber, rts_time: f.shippedAt ?? f.modifyTime }];
}

function subPurchaseOrder(f: OrderEventFacts, line: OrderLine, index: number) {
  const paid = f.paidFen > 0;
  const skuText = f.skuTexts.get(line.lineNo);
  return {
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
    status: TAOBAO_STATUS[f.state].upstream,
    alipay_pay_order_no: paid ? `W${f.orderId}` : '',
    option_fields: { SKU_IMG_URL: '', en: skuText?.en ?? '', zh: skuText?.zh ?? '' },
    logistic_orders: logisticOrders(f),
  };
}

/** One element of the seed page's messageBody array. */
function taobaoPurchaseOrder(f: OrderEventFacts) {
  const receiver = f.order?.receiver;
  return {
    outer_purchase_id: f.outerPurchaseId,
    status: TAOBAO_STATUS[f.state].upstream,
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
    sub_purchase_orders: (f.order?.lines ?? []).map((line, index) => subPurchaseOrder(f, line, index)),
  };
}

export function taobaoStatusMessage(f: OrderEventFacts): BuiltMessage {
  return { messageType: MESSAGE_TYPES.taobaoStatus, platform: TAOBAO, messageBody: JSON.stringify([taobaoPurchaseOrder(f)]) };
}

export function taobaoPriceMessage(f: OrderEventFacts): BuiltMessage {
  const body = {
    purchase_id: numericId(f.orderId),
    outer_purchase_id: f.outerPurchaseId,
    status: TAOBAO_STATUS[f.state].upstream,
    modify_time: f.modifyTime,
    old_purchase_total_fee: f.oldTotalFen,
    purchase_order_price: {
      purchase_currency: 'CNY',
      purchase_total_fee: f.totalFen,
      purchase_product_fee: f.productFen,
      purchase_shipping_fee: f.shippingFen,
    },
  };
  return { messageType: MESSAGE_TYPES.taobaoPriceModify, platform: TAOBAO, messageBody: JSON.stringify(body) };
}
