/**
 * 1688 order shapes. The order object follows 1688's own order detail (alibaba.trade.get:
 * baseInfo, nativeLogistics, productItems, …) whose amounts are yuan NUMBERS (e.g. `price: 19`),
 * plus Ponte's top-level `orderId` (string) and `totalAmount` in integer FEN, as PandaPon's 1688
 * callbacks carry it. Times are `yyyy-MM-dd HH:mm:ss` China time.
 */
import { z } from 'zod';
import type { OrderDetail, Receiver } from '../../modules/orders/index.ts';
import { alibabaStatusOf } from '../common/order-status.ts';
import type { TrackingEvent } from '../../modules/fulfilment/index.ts';
import { fenToYuan } from '../../platform/money.ts';
import type { ShopRecord } from '../../sources/source.ts';
import { chinaTime } from '../common/time.ts';
import { carrierCode } from '../common/orders.ts';
import { orderRefundStatus, type OrderRefunds } from './refunds-order.ts';

export const FastAddress = z.object({
  fullName: z.string().trim().max(100).nullish(),
  mobile: z.string().trim().max(40).nullish(),
  phone: z.string().trim().max(40).nullish(),
  postCode: z.string().trim().max(20).nullish(),
  cityText: z.string().trim().max(60).nullish(),
  provinceText: z.string().trim().max(60).nullish(),
  areaText: z.string().trim().max(60).nullish(),
  townText: z.string().trim().max(60).nullish(),
  address: z.string().trim().max(300).nullish(),
  districtCode: z.string().trim().max(20).nullish(),
});
export type FastAddress = z.infer<typeof FastAddress>;

/** FastAdress → the domain receiver: the district is `areaText`, else `townText`; the town joins the street address. */
export function toReceiver(a: FastAddress | null | undefined): Receiver {
  const town = a?.townText ?? '';
  const receiver: Receiver = {
    name: a?.fullName ?? '',
    phone: (a?.mobile || a?.phone) ?? '',
    province: a?.provinceText ?? '',
    city: a?.cityText ?? '',
    district: (a?.areaText || a?.townText) ?? '',
    address: [a?.areaText ? town : '', a?.address ?? ''].filter(Boolean).join(' '),
  };
  if (a?.postCode) receiver.postCode = a.postCode;
  if (a?.townText) receiver.town = a.townText;
  if (a?.districtCode) receiver.districtCode = a.districtCode;
  if (a?.phone) receiver.telephone = a.phone;
  return receiver;
}

const yuan = (fen: number) => Number(fenToYuan(fen));
const time = (ms: number | null) => (ms === null ? null : chinaTime(ms));

/** A 1688 sub-order ("order entry") id: the order id and the line number, as digits. */
export function entryIdOf(orderId: string, lineNo: number): string {
  return `${orderId}${String(lineNo).padStart(2, '0')}`;
}

export const AlibabaOrder = z.object({
  orderId: z.string().describe('order id (string of digits)'),
  totalAmount: z.number().int().describe('amount due, FEN'),
  refundAmount: z.number().int().describe('Ponte extension: refunded so far (goods and freight), FEN'),
  status: z
    .string()
    .describe('1688 trade status: waitbuyerpay, waitsellersend, waitbuyerreceive, confirm_goods, success, cancel, terminated'),
  orderState: z.string().describe('Ponte extension: the platform-neutral state'),
  guaranteesTerms: z.null(),
  internationalLogistics: z.null(),
  baseInfo: z.object({
    id: z.string(),
    idOfStr: z.string(),
    status: z.string(),
    businessType: z.string(),
    tradeType: z.string(),
    totalAmount: z.number().describe('yuan'),
    sumProductPayment: z.number().describe('yuan'),
    shippingFee: z.number().describe('yuan'),
    discount: z.number().describe('seller adjustment, yuan'),
    paidAmount: z.number().describe('charged to the wallet, yuan'),
    createTime: z.string(),
    payTime: z.string().nullable(),
    allDeliveredTime: z.string().nullable(),
    receivingTime: z.string().nullable(),
    completeTime: z.string().nullable(),
    closeReason: z.string().nullable(),
    sellerOpenId: z.string().nullable(),
    sellerLoginId: z.string().nullable(),
    sellerCompanyName: z.string().nullable(),
    outOrderId: z.string().nullable(),
    refundStatus: z.string().nullable().describe('an open refund application’s status, else refundsuccess / refundclose, else null'),
    refund: z.number().describe('refunded so far (goods and freight), yuan'),
  }),
  nativeLogistics: z.object({
    address: z.string(),
    area: z.string(),
    areaCode: z.string().nullable(),
    city: z.string(),
    contactPerson: z.string(),
    fax: z.null(),
    mobile: z.string(),
    province: z.string(),
    telephone: z.string(),
    zip: z.string(),
    town: z.string().nullable(),
    townCode: z.null(),
    caid: z.null(),
    realLogisticsCompanyNo: z.string().nullable(),
    logisticsItems: z
      .array(
        z.object({
          logisticsBillNo: z.string(),
          logisticsCompanyName: z.string(),
          logisticsCompanyNo: z.string().nullable(),
          deliveredTime: z.string().nullable(),
          status: z.string(),
        }),
      )
      .nullable(),
  }),
  productItems: z.array(
    z.object({
      subItemID: z.string(),
      productID: z.string(),
      specId: z.string(),
      skuID: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      price: z.number().describe('unit price, yuan'),
      itemAmount: z.number().describe('line amount, yuan'),
      unit: z.string(),
      status: z.string(),
      cargoNumber: z.null(),
      description: z.null(),
      refundStatus: z.string().nullable().describe('the latest refund application’s status on this entry (null when none)'),
      refundAmount: z.number().int().describe('refunded on this entry, FEN'),
    }),
  ),
});
export type AlibabaOrder = z.input<typeof AlibabaOrder>;

/** `refunds`: the order's line refund state (refundsOfOrders); absent for an order that cannot have any yet. */
export function alibabaOrder(o: OrderDetail, shop: ShopRecord | null, refunds?: OrderRefunds): AlibabaOrder {
  const status = alibabaStatusOf(o.state);
  return {
    orderId: o.orderId,
    totalAmount: o.totalAmountFen,
    refundAmount: o.refundedFen,
    status,
    orderState: o.state,
    guaranteesTerms: null,
    internationalLogistics: null,
    baseInfo: { ...baseInfoOf(o, shop, status), refundStatus: orderRefundStatus(refunds), refund: yuan(o.refundedFen) },
    nativeLogistics: nativeLogisticsOf(o, status),
    productItems: productItemsOf(o, status, refunds),
  };
}

/** The order head: amounts in yuan, times in China time, the seller as 1688 names it. */
function baseInfoOf(o: OrderDetail, shop: ShopRecord | null, status: string): Omit<AlibabaOrder['baseInfo'], 'refundStatus' | 'refund'> {
  return {
    id: o.orderId,
    idOfStr: o.orderId,
    status,
    businessType: 'cn',
    tradeType: 'general',
    totalAmount: yuan(o.totalAmountFen),
    sumProductPayment: yuan(o.productAmountFen),
    shippingFee: yuan(o.shippingFeeFen),
    discount: yuan(o.adjustAmountFen),
    paidAmount: yuan(o.paidAmountFen),
    createTime: chinaTime(o.createdAt),
    payTime: time(o.paidAt),
    allDeliveredTime: time(o.shippedAt),
    receivingTime: time(o.arrivedAt),
    completeTime: o.state === 'completed' ? chinaTime(o.updatedAt) : null,
    closeReason: o.closeReason,
    sellerOpenId: shop?.sellerOpenId ?? null,
    sellerLoginId: shop?.wangwangNick ?? null,
    sellerCompanyName: shop?.companyName ?? null,
    outOrderId: o.clientOrderId,
  };
}

/** The receiver and, once shipped, the domestic parcel. */
function nativeLogisticsOf(o: OrderDetail, status: string): AlibabaOrder['nativeLogistics'] {
  const r = o.receiver;
  return {
    address: r.address,
    area: r.district,
    areaCode: r.districtCode ?? null,
    city: r.city,
    contactPerson: r.name,
    fax: null,
    mobile: r.phone,
    province: r.province,
    telephone: r.telephone ?? r.phone,
    zip: r.postCode ?? '',
    town: r.town ?? null,
    townCode: null,
    caid: null,
    realLogisticsCompanyNo: carrierCode(o.carrier),
    logisticsItems:
      o.trackingNumber === null
        ? null
        : [
            {
              logisticsBillNo: o.trackingNumber,
              logisticsCompanyName: o.carrier ?? '',
              logisticsCompanyNo: carrierCode(o.carrier),
              deliveredTime: time(o.shippedAt),
              status,
            },
          ],
  };
}

function productItemsOf(o: OrderDetail, status: string, refunds: OrderRefunds | undefined): AlibabaOrder['productItems'] {
  return o.lines.map((l) => ({
    subItemID: entryIdOf(o.orderId, l.lineNo),
    productID: l.itemId,
    specId: l.specId,
    skuID: l.skuId,
    name: l.title,
    quantity: l.quantity,
    price: yuan(l.unitPriceFen),
    itemAmount: yuan(l.amountFen),
    unit: '件',
    status,
    cargoNumber: null,
    description: null,
    refundStatus: refunds?.get(l.lineNo)?.refundStatus ?? null,
    refundAmount: l.refundedFen,
  }));
}

export const AlibabaLogistics = z.array(
  z.object({
    logisticsId: z.string().describe('tracking number'),
    logisticsBillNo: z.string(),
    orderEntryIds: z.string().describe('comma-separated sub-order ids'),
    status: z
      .string()
      .describe('latest trace status: WAITACCEPT before the first scan, then ACCEPT, TRANSPORT, ARRIVE_CITY, DELIVERING, SIGN'),
    logisticsCompanyId: z.string(),
    logisticsCompanyName: z.string(),
    remarks: z.string(),
    sendGoods: z.array(z.object({ goodName: z.string(), quantity: z.number().int(), unit: z.string() })),
    receiver: z.object({
      receiverName: z.string(),
      receiverMobile: z.string(),
      receiverPhone: z.string(),
      receiverProvince: z.string(),
      receiverCity: z.string(),
      receiverCounty: z.string(),
      receiverAddress: z.string(),
    }),
    sender: z.object({ senderName: z.string(), senderProvince: z.string(), senderCity: z.string() }),
    logisticsSteps: z.array(z.object({ acceptTime: z.string(), status: z.string(), remark: z.string() })).describe('traces, oldest first'),
  }),
);

/** AO4: one parcel per shipped order (empty before shipping). */
export function alibabaLogistics(o: OrderDetail, shop: ShopRecord | null, events: TrackingEvent[]): z.input<typeof AlibabaLogistics> {
  if (o.trackingNumber === null) return [];
  const r = o.receiver;
  return [
    {
      logisticsId: o.trackingNumber,
      logisticsBillNo: o.trackingNumber,
      orderEntryIds: o.lines.map((l) => entryIdOf(o.orderId, l.lineNo)).join(','),
      status: events.at(-1)?.status ?? 'WAITACCEPT',
      logisticsCompanyId: carrierCode(o.carrier) ?? 'OTHER',
      logisticsCompanyName: o.carrier ?? '',
      remarks: '',
      sendGoods: o.lines.map((l) => ({ goodName: l.title, quantity: l.quantity, unit: '件' })),
      receiver: {
        receiverName: r.name,
        receiverMobile: r.phone,
        receiverPhone: r.telephone ?? '',
        receiverProvince: r.province,
        receiverCity: r.city,
        receiverCounty: r.district,
        receiverAddress: r.address,
      },
      sender: { senderName: shop?.companyName ?? '', senderProvince: shop?.province ?? '', senderCity: shop?.city ?? '' },
      logisticsSteps: events.map((e) => ({ acceptTime: chinaTime(e.at), status: e.status, remark: e.description })),
    },
  ];
}
