import { z } from 'zod';
import { PARCEL_STATES, SHIPMENT_STATES } from '../../modules/warehouse/index.ts';

// The bodies of the messages Ponte pushes, as the OpenAPI `webhooks` section documents them
// (webhooks.ts). Amounts are fen, times epoch ms unless said otherwise.

const fen = (what: string) => z.number().int().describe(`${what}, fen (分)`);
const ms = (what: string) => z.number().int().describe(`${what}, epoch ms`);
const long = (what: string) =>
  z
    .union([z.number().int(), z.string()])
    .describe(
      [
        `${what}: a JSON integer (every id Ponte issues is below 2^53, so JSON.parse reads it exactly);`,
        'an id from before that rule that exceeds 2^53 is sent as a string of digits instead',
      ].join(' '),
    );

const TaobaoLogisticOrder = z.object({
  logistic_company_name: z.string(),
  logistic_number: z.string(),
  rts_time: ms('Shipped (ready-to-ship) time'),
});
const TaobaoSubOrder = z.object({
  purchase_order_outer_id: z.string().describe('The client’s order id given at creation (outer_purchase_id); empty when none was given'),
  purchase_order_line_outer_id: z.string().describe('`<orderId>-<lineNo>`'),
  product_amount: z.string().describe('Line amount, fen, as a string'),
  logistic_company_name: z.string().describe('Carrier; empty before shipment'),
  logistic_number: z.string().describe('Tracking number; empty before shipment'),
  quantity: z.number().int(),
  rts_time: z.string().describe('Shipped time yyyy-MM-dd HH:mm:ss (China time); empty before shipment'),
  title: z.string(),
  purchase_currency: z.literal('CNY'),
  purchase_amount: fen('Line amount'),
  item_map_id: z.string().describe('Item id'),
  pay_amount: z.string().describe('Paid for this line (its shipping share included), fen, as a string; "0" before payment'),
  domestic_post_fee: fen('Domestic shipping carried by this line (the first line carries the order’s)'),
  pay_currency: z.literal('CNY'),
  sub_purchase_order_id: z.string(),
  sku_id: z.string(),
  status: z.string().describe('Upstream status, as the order’s'),
  alipay_pay_order_no: z.string().describe('Payment reference; empty before payment'),
  option_fields: z.object({
    SKU_IMG_URL: z.string(),
    en: z
      .string()
      .describe('SKU properties in English, `name:value` joined by `;`, e.g. "Color:Red;Size:M"; empty for an item without SKU properties'),
    zh: z.string().describe('SKU properties in Chinese, e.g. "颜色:红色;尺码:M"'),
  }),
  logistic_orders: z.array(TaobaoLogisticOrder),
});
const TaobaoPurchaseOrder = z.object({
  outer_purchase_id: z
    .string()
    .describe(
      [
        'The client’s order id given at creation (outer_purchase_id / sellerOrderNumber); empty when none was given.',
        'Ponte’s own order id is purchase_id',
      ].join(' '),
    ),
  status: z
    .enum(['BULIDING', 'WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED'])
    .describe('Upstream Taobao status (BULIDING sic)'),
  purchase_amount: fen('Order total'),
  purchase_id: long('Order id'),
  modify_time: ms('Time of the change'),
  purchase_currency: z.literal('CNY'),
  pay_currency: z.literal('CNY'),
  supplier_nick: z.string().describe('The seller’s nick, as order detail shows it (sellerNick)'),
  domestic_post_fee: fen('Domestic shipping'),
  sub_user_id: long('User id that owns the order'),
  pay_amount: fen('Paid amount (0 before payment)'),
  pay_time: ms('Payment time (0 before payment)'),
  receiver: z.object({
    country: z.string(),
    address: z.string(),
    city: z.string(),
    district: z.string(),
    state: z.string().describe('Province'),
  }),
  created_time: ms('Order creation'),
  sub_purchase_orders: z.array(TaobaoSubOrder),
});
export const TaobaoStatusBody = z.array(TaobaoPurchaseOrder);
export const TaobaoPriceBody = z.object({
  purchase_id: long('Order id'),
  outer_purchase_id: z.string().describe('The client’s order id given at creation; empty when none was given'),
  status: z.string(),
  modify_time: ms('Time of the change'),
  old_purchase_total_fee: fen('Total before the change'),
  purchase_order_price: z.object({
    purchase_currency: z.literal('CNY'),
    purchase_total_fee: fen('New total'),
    purchase_product_fee: fen('Products'),
    purchase_shipping_fee: fen('Shipping'),
  }),
});
const REFUND_ACTION = z
  .string()
  .describe(
    [
      'What happened, in the 1688 refundAction vocabulary on both platforms: BUYER_APPLY_REFUND, BUYER_MODIFY_REFUND_PROTOCOL,',
      'BUYER_CANCEL_REFUND_CLOSE, BUYER_SEND_GOODS, SELLER_AGREE_REFUND, SELLER_AGREE_REFUND_PROCOTOL (sic; return agreed),',
      'SELLER_REJECT_REFUND_PROCOTOL, SELLER_REJECT_REFUND, SELLER_RECEIVE_GOODS, SYSTEM_AGREE_REFUND, SYSTEM_AGREE_REFUND_PROTOCOL,',
      'CRM_APPLY_TIMEOUT_CLOSE, BUYER_RECEIVE_CLOSE, SELLER_SEND_GOODS_CLOSE',
    ].join(' '),
  );
const OPERATOR = z
  .enum(['buyer', 'seller', 'system'])
  .describe('Who acted; an operator acting for the seller (admin endpoints, CLI) is `seller`');
const TAOBAO_REFUND_STATUS = '10 applied, 20 return agreed, 30 waiting for seller receipt, 100 refunded, -10 refused, -20 closed';

export const TaobaoRefundBody = z.object({
  refund_id: z.string().describe('Refund id (16 digits)'),
  purchase_id: long('Order id'),
  outer_purchase_id: z.string().describe('The client’s order id; empty when none was given'),
  sub_purchase_order_id: z.string().describe('The refunded sub-order: `<orderId>-<lineNo>`, as the status message’s'),
  sub_user_id: long('User id that owns the order (and the refund)'),
  supplier_nick: z.string().describe('The seller’s nick'),
  refund_status: z.number().int().describe(`The refund’s status after this change: ${TAOBAO_REFUND_STATUS}`),
  old_refund_status: z.number().int().describe('The status before it; 0 for the application itself'),
  refund_type: z.union([z.literal(1), z.literal(2)]).describe('1 refund only, 2 return and refund'),
  goods_status: z.number().int().describe('1 not shipped, 2 shipped, 3 not received, 4 received'),
  refund_fee: fen('Amount applied for'),
  refunded_fee: fen('Amount refunded to the wallet (0 until the refund succeeds)'),
  refund_currency: z.literal('CNY'),
  refund_reason_id: z.string(),
  refund_reason: z.string(),
  refund_action: REFUND_ACTION,
  operator: OPERATOR,
  remark: z.string().describe('The note of this change (refusal reason, seller note, buyer remark); empty when none'),
  modify_time: ms('Time of the change'),
});
export const AlibabaOrderBody = z.object({
  orderId: z.string(),
  orderNo: z.string().describe('The developer’s client order id, or the order id'),
  orderStatus: z.enum(['WAITING_FOR_PAYMENT', 'WAITING_FOR_SENT', 'WAITING_FOR_RECEIVE', 'RECEIVED', 'SUCCESS', 'CANCEL', 'CLOSE']),
  tradeStatus: z
    .string()
    .describe('1688 trade status: waitbuyerpay, waitsellersend, waitbuyerreceive, confirm_goods, success, cancel, terminated'),
  payStatus: z.union([z.literal(1), z.literal(2)]).describe('1 unpaid, 2 paid'),
  totalAmount: fen('Total'),
  shippingFee: fen('Shipping'),
  productAmount: fen('Products'),
  refundAmount: fen('Refunded'),
  refundStatus: z.string().nullable(),
  closeReason: z.string().nullable().describe('e.g. buyer_cancel'),
  tbCreateTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
  payTime: z.string().nullable(),
  logisticsCompany: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  modifyTime: z.string(),
});
export const AlibabaPriceBody = AlibabaOrderBody.extend({ oldTotalAmount: fen('Total before the change') });
export const AlibabaRefundBody = z.object({
  refundId: z.string().describe('Refund id, "TQ…"'),
  orderId: z.string(),
  orderNo: z.string().describe('The developer’s client order id, or the order id'),
  refundStatus: z
    .enum(['waitselleragree', 'waitbuyermodify', 'waitbuyersend', 'waitsellerreceive', 'refundsuccess', 'refundclose'])
    .describe('The refund’s status after this change'),
  currentStatus: z.string().describe('The same as refundStatus (the upstream topic’s name for it)'),
  beforeStatus: z.string().nullable().describe('The status before it; null for the application itself'),
  refundAction: REFUND_ACTION,
  operator: OPERATOR,
  orderEntryIds: z.array(z.string()).describe('The refunded order entries (orderId + 2-digit line number)'),
  disputeRequest: z.enum(['refund', 'returnRefund']),
  goodsStatus: z.string(),
  applyPayment: fen('Goods amount applied for'),
  applyCarriage: fen('Freight applied for'),
  refundPayment: fen('Amount refunded to the wallet, freight included (0 until the refund succeeds)'),
  applyReasonId: z.string(),
  applyReason: z.string(),
  remark: z.string().nullable().describe('The note of this change (refusal reason, seller note, buyer remark)'),
  buyerMemberId: z.string().describe('`b2b-<user id>` of the user who owns the order'),
  sellerMemberId: z.string().describe('The seller’s member name'),
  msgSendTime: z.string().describe('Time of the change, yyyy-MM-dd HH:mm:ss, China time'),
});

const WAREHOUSE_OPERATOR = z
  .string()
  .describe(
    'Who acted: `system` (the daily storage job and other timers), `operator` (warehouse staff: admin endpoints, CLI), `sandbox`, or `developer`',
  );
const grams = (what: string) => z.number().int().describe(`${what}, grams`);

export const ParcelStatusBody = z.object({
  parcelId: z.string().describe('Parcel id, "WP…"'),
  orderId: z
    .string()
    .nullable()
    .describe('The Ponte order the parcel belongs to; null for a parcel declared for an order bought elsewhere'),
  tmallOrderId: z.string().nullable().describe('The order bought elsewhere, as declared with updateLogisticInfo'),
  trackingNumber: z.string().describe('The domestic tracking number the parcel arrives under'),
  carrier: z.string().describe('The domestic carrier'),
  status: z
    .enum(PARCEL_STATES)
    .describe(
      'The parcel’s state after this change: EXPECTED, RECEIVED, QC, STORED, PROBLEM, ALLOCATED, PACKED, SHIPPED, RETURN_TO_SELLER, ABANDONED, DISPOSED',
    ),
  beforeStatus: z.enum(PARCEL_STATES).nullable().describe('The state before it; null when the parcel was created by this change'),
  action: z
    .string()
    .describe(
      [
        'What happened: the parcel’s creation (`declare` for updateLogisticInfo; beforeStatus null), a transition (receive,',
        'start_qc, pass_qc, flag_problem, resolve_problem, return_to_seller, allocate, release, pack, ship, abandon, dispose),',
        'or a change without one (`storage_reminder`, `storage_fee`: the status stays)',
      ].join(' '),
    ),
  operator: WAREHOUSE_OPERATOR,
  weightGrams: grams('Weight measured at the door or at QC (null before)').nullable(),
  qcResult: z.enum(['pass', 'issue']).nullable().describe('The quality check’s result; null before QC'),
  photoCount: z.number().int().describe('Photos of the parcel so far (parcelDetail lists them with their links)'),
  storageFeeFen: fen('Storage fees charged so far'),
  logisticsOrderId: z.string().nullable().describe('The outbound shipment ("LO…") the parcel is allocated to; null when none'),
  remark: z.string().nullable().describe('The note of this change (problem description, return tracking, reminder text)'),
  subUserId: z.string().describe('User id that owns the parcel'),
  modifyTime: ms('Time of the change'),
});

export const LogisticsOrderStatusBody = z.object({
  logisticsOrderId: z.string().describe('Logistics order (outbound shipment) id, "LO…", as orderBookingFreight answered it'),
  renderId: z.string().describe('The orderRenderFreight quote it was booked from'),
  tmallOrderId: z.string().nullable().describe('tmallOrderInfo.tmallOrderId of the booking'),
  serviceId: z.string().describe('The freight channel'),
  status: z
    .enum(SHIPMENT_STATES)
    .describe(
      [
        'The shipment’s state after this change: REQUESTED, PACKING, WEIGHED, AWAITING_PAYMENT, PAID, DISPATCHED, IN_TRANSIT,',
        'CUSTOMS_HELD, DELIVERED, RETURNED, LOST, CANCELLED',
      ].join(' '),
    ),
  beforeStatus: z.enum(SHIPMENT_STATES).nullable().describe('The state before it; null for the booking itself'),
  action: z
    .string()
    .describe(
      [
        'What happened: the booking itself (beforeStatus null), or a transition (start_packing, cancel, weigh, require_payment,',
        'settle, pay, dispatch, transit, hold_customs, release_customs, deliver, return, lose)',
      ].join(' '),
    ),
  operator: WAREHOUSE_OPERATOR,
  parcelIds: z.array(z.string()).describe('The parcels travelling in it'),
  estimateFen: fen('Freight prepaid at booking (the quote)'),
  actualFen: fen('Freight of the weighed shipment (null before weighing)').nullable(),
  supplementaryFen: fen('Freight still to pay when the weighed freight exceeds the prepayment (paySupplementary)'),
  refundedFen: fen('Refunded to the wallet (prepayment above the weighed freight, or a cancellation)'),
  chargeableGrams: grams('Chargeable weight of the weighed shipment (null before weighing)').nullable(),
  carrier: z.string().nullable().describe('International carrier; null before dispatch'),
  trackingNumber: z.string().nullable().describe('International tracking number; null before dispatch'),
  remark: z.string().nullable().describe('The note of this change (tracking description, cancellation reason)'),
  subUserId: z.string().describe('User id that owns the shipment'),
  modifyTime: ms('Time of the change'),
});
