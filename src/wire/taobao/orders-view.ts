/**
 * Taobao order shapes (TO1–TO8). Amounts are integer fen, as Taobao sends them; times are
 * `yyyy-MM-dd HH:mm:ss` China time. `status` is the TaoBaoOrderStatusEnum code (reference §9).
 */
import { z } from 'zod';
import type { OrderDetail, OrderSummary, Receiver } from '../../modules/orders/index.ts';
import { taobaoStatusOf } from '../common/order-status.ts';
import type { ShopRecord } from '../../sources/source.ts';
import type { TrackingEvent } from '../../modules/fulfilment/index.ts';
import { chinaTime } from '../common/time.ts';
import { carrierCode, orderFieldNames, TAOBAO_RECEIVER_FIELDS } from '../common/orders.ts';

const STATUS_NAMES: Record<number, string> = {
  12: 'ORDER_BULIDING',
  0: 'TAOBAO_ORDER_WAIT_BUYER_PAY',
  1: 'ORDER_PAY_STATUS',
  2: 'ORDER_FINANCE_PASS_STATUS',
  3: 'ORDER_FINANCE_REFUSE_STATUS',
  5: 'WAIT_FINANCE_PAY',
  10: 'WAIT_SELLER_SEND_GOODS',
  11: 'WAIT_BUYER_CONFIRM_GOODS',
  4: 'CANCEL',
  9: 'OTHER_STATUS',
};

export function taobaoStatusName(code: number): string {
  return STATUS_NAMES[code] ?? 'OTHER_STATUS';
}

/** TO1 `receiver` (JSON string): Taobao Global's field names. */
export const TaobaoReceiver = z.object({
  name: z.string().trim().min(1).max(100),
  mobile_phone: z.string().trim().max(40).nullish(),
  phone: z.string().trim().max(40).nullish(),
  country: z.string().trim().max(60).nullish(),
  state: z.string().trim().min(1).max(60).describe('province'),
  city: z.string().trim().min(1).max(60),
  district: z.string().trim().min(1).max(60),
  address: z.string().trim().min(1).max(300),
  zip: z.string().trim().max(20).nullish(),
});
export type TaobaoReceiver = z.infer<typeof TaobaoReceiver>;

/** TO1's names for createOrders' fields (TO4 shares the receiver's). */
export const TAOBAO_ORDER_FIELDS = orderFieldNames({
  receiver: 'receiver',
  receiverFields: TAOBAO_RECEIVER_FIELDS,
  lines: 'orderLineList',
  lineFields: { itemRef: 'itemId', skuId: 'skuId', quantity: 'quantity' },
  clientOrderId: 'outer_purchase_id',
  expectedTotal: 'purchaseAmount',
});

/** Taobao receiver → the domain's: the mobile number is the contact phone, the landline the fallback. */
export function toReceiver(r: {
  name?: string | null | undefined;
  mobile_phone?: string | null | undefined;
  phone?: string | null | undefined;
  state?: string | null | undefined;
  city?: string | null | undefined;
  district?: string | null | undefined;
  address?: string | null | undefined;
  zip?: string | null | undefined;
  country?: string | null | undefined;
}): Receiver {
  const receiver: Receiver = {
    name: r.name ?? '',
    phone: (r.mobile_phone || r.phone) ?? '',
    province: r.state ?? '',
    city: r.city ?? '',
    district: r.district ?? '',
    address: r.address ?? '',
  };
  if (r.zip) receiver.zip = r.zip;
  if (r.country) receiver.country = r.country;
  if (r.phone && r.mobile_phone) receiver.landline = r.phone;
  return receiver;
}

const ReceiverOut = z.object({
  name: z.string(),
  mobile_phone: z.string(),
  phone: z.string(),
  state: z.string(),
  city: z.string(),
  district: z.string(),
  address: z.string(),
  zip: z.string(),
  country: z.string(),
});

function receiverOut(r: Receiver): z.input<typeof ReceiverOut> {
  return {
    name: r.name,
    mobile_phone: r.phone,
    phone: r.landline ?? '',
    state: r.province,
    city: r.city,
    district: r.district,
    address: r.address,
    zip: r.zip ?? '',
    country: r.country ?? '中国',
  };
}

const time = (ms: number | null) => (ms === null ? null : chinaTime(ms));

export const TaobaoOrderSummary = z.object({
  purchaseOrderId: z.string(),
  outerPurchaseId: z.string().nullable().describe('the client order id given at creation (outer_purchase_id / sellerOrderNumber)'),
  status: z
    .number()
    .int()
    .describe('TaoBaoOrderStatusEnum code: 0 awaiting payment, 10 awaiting shipment, 11 shipped, 4 closed, 9 finished'),
  statusName: z.string(),
  orderState: z
    .string()
    .describe(
      'Ponte extension: the platform-neutral state (waiting_payment, paid, shipped, arrived_warehouse, completed, cancelled, closed)',
    ),
  purchaseAmount: z.number().int().describe('amount due, fen (goods + postage + seller adjustment)'),
  productAmount: z.number().int().describe('goods, fen'),
  postFee: z.number().int().describe('postage, fen'),
  adjustAmount: z.number().int().describe('seller price change, fen (negative = discount)'),
  paidAmount: z.number().int().describe('charged to the wallet, fen'),
  currency: z.literal('CNY'),
  createTime: z.string(),
  payTime: z.string().nullable(),
});

export function taobaoSummary(o: OrderSummary): z.input<typeof TaobaoOrderSummary> {
  const status = taobaoStatusOf(o.state);
  return {
    purchaseOrderId: o.orderId,
    outerPurchaseId: o.clientOrderId,
    status,
    statusName: taobaoStatusName(status),
    orderState: o.state,
    purchaseAmount: o.totalAmountFen,
    productAmount: o.productAmountFen,
    postFee: o.shippingFeeFen,
    adjustAmount: o.adjustAmountFen,
    paidAmount: o.paidAmountFen,
    currency: 'CNY',
    createTime: chinaTime(o.createdAt),
    payTime: time(o.paidAt),
  };
}

export const TaobaoOrderDetail = TaobaoOrderSummary.extend({
  shopId: z.string().nullable(),
  shopName: z.string().nullable(),
  sellerNick: z.string().nullable(),
  receiver: ReceiverOut,
  orderLineList: z.array(
    z.object({
      orderLineNo: z.string(),
      itemId: z.string(),
      skuId: z.string(),
      itemTitle: z.string(),
      quantity: z.number().int(),
      price: z.number().int().describe('unit price, fen'),
      amount: z.number().int().describe('line amount, fen'),
      currency: z.literal('CNY'),
      subOrderId: z.string().describe('`<purchaseOrderId>-<orderLineNo>`: the sub-order after-sales (refund render / submit) names'),
      refundStatus: z
        .number()
        .int()
        .describe('the sub-order’s latest reverse order: 0 none, 10, 20, 30, 100 refunded, -10 refused, -20 closed'),
      refundAmount: z.number().int().describe('refunded to the wallet for this sub-order, fen'),
    }),
  ),
  logisticsCompanyName: z.string().nullable(),
  logisticsCompanyCode: z.string().nullable(),
  logisticsNo: z.string().nullable(),
  shipTime: z.string().nullable(),
  arriveWarehouseTime: z.string().nullable().describe('when the parcel was signed for at the warehouse'),
  closeTime: z.string().nullable(),
  closeReason: z.string().nullable(),
});

/** Per line: the latest application's status (null: none) and what was refunded (the after-sales module's orderRefundState). */
export type LineRefunds = ReadonlyMap<number, { refundStatus: string | null; refundedFen: number }>;

export function taobaoDetail(o: OrderDetail, shop: ShopRecord | null, refunds: LineRefunds = new Map()): z.input<typeof TaobaoOrderDetail> {
  return {
    ...taobaoSummary(o),
    shopId: shop?.shopId ?? null,
    shopName: shop?.shopName ?? null,
    sellerNick: shop?.userNick ?? null,
    receiver: receiverOut(o.receiver),
    orderLineList: o.lines.map((l) => ({
      orderLineNo: String(l.lineNo),
      itemId: l.itemId,
      skuId: l.skuId,
      itemTitle: l.title,
      quantity: l.quantity,
      price: l.unitPriceFen,
      amount: l.amountFen,
      currency: 'CNY' as const,
      subOrderId: `${o.orderId}-${l.lineNo}`,
      refundStatus: Number(refunds.get(l.lineNo)?.refundStatus ?? 0),
      refundAmount: refunds.get(l.lineNo)?.refundedFen ?? 0,
    })),
    logisticsCompanyName: o.carrier,
    logisticsCompanyCode: carrierCode(o.carrier),
    logisticsNo: o.trackingNumber,
    shipTime: time(o.shippedAt),
    arriveWarehouseTime: time(o.arrivedAt),
    closeTime: time(o.closedAt),
    closeReason: o.closeReason,
  };
}

export const TaobaoLogistics = z.object({
  purchaseOrderId: z.string(),
  status: z.number().int(),
  logisticsCompanyName: z.string().nullable().describe('null until the seller ships'),
  logisticsCompanyCode: z.string().nullable(),
  logisticsNo: z.string().nullable(),
  logisticsStatus: z.string().nullable().describe('latest trace status: ACCEPT, TRANSPORT, ARRIVE_CITY, DELIVERING, SIGN'),
  traces: z.array(z.object({ time: z.string(), status: z.string(), desc: z.string() })).describe('oldest first'),
});

export function taobaoLogistics(o: OrderDetail, events: TrackingEvent[]): z.input<typeof TaobaoLogistics> {
  return {
    purchaseOrderId: o.orderId,
    status: taobaoStatusOf(o.state),
    logisticsCompanyName: o.carrier,
    logisticsCompanyCode: carrierCode(o.carrier),
    logisticsNo: o.trackingNumber,
    logisticsStatus: events.at(-1)?.status ?? null,
    traces: events.map((e) => ({ time: chinaTime(e.at), status: e.status, desc: e.description })),
  };
}

export const CreatedOrders = z.object({
  purchaseOrderId: z.string().describe('the first order (one order is created per seller)'),
  purchaseOrderIds: z.array(z.string()).describe('every order of the request, one per seller'),
  purchaseAmount: z.number().int().describe('total of all orders, fen'),
  orders: z.array(TaobaoOrderSummary),
  replayed: z.boolean().describe('true when an earlier request with the same client order id / Idempotency-Key is answered again'),
});
