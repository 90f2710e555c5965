/**
 * TA5 / TA10 detail: `refundOrderAggregate{logistics, refundOrder, purchaseOrderLine}`, the camelCase
 * of the upstream QueryRefundOrder tree (A1.2), with upstream's types (refundStatus an integer,
 * timeoutDate and createTime epoch ms, canEditFee the string "true"/"false"). Amounts are fen.
 */
import { z } from 'zod';
import type { RefundView } from '../../modules/aftersales/index.ts';
import type { OrderDetail } from '../../modules/orders/index.ts';
import type { SourceProduct } from '../../sources/source.ts';
import { imageUrl } from '../goods/common.ts';
import { fen, feeTips, orderCore, subOrderIdOf } from './refunds-view.ts';

const AggregateRefundOrder = z.object({
  refundId: z.string(),
  payOrderId: z.string().describe('the purchase order id'),
  refundStatus: z.number().int().describe('10, 20, 30, 100, -10, -20'),
  refundType: z.number().int(),
  goodsStatus: z.number().int(),
  refundFee: fen('applied amount'),
  refundedFee: fen('Ponte extension: credited to the wallet so far'),
  refundQuantity: z.number().int().describe('Ponte extension: pieces the application covers'),
  canEditFee: z.string().describe('"true" or "false" (a string, as upstream sends it)'),
  feeTips: z.string(),
  reasonId: z.string(),
  reasonDesc: z.string(),
  refundDesc: z.string(),
  refundImages: z.array(z.string()).describe('Ponte extension: the voucher images'),
  timeoutType: z.string().nullable(),
  timeoutDate: z.number().int().nullable().describe('epoch ms (upstream int64); null when no timer runs'),
  remainingTime: z.string().nullable().describe('milliseconds until timeoutDate, as a string'),
  sellerRefuseReason: z.string().nullable(),
  sellerRefuseReasonDescribe: z.string().nullable(),
  createTime: z.number().int().describe('Ponte extension: epoch ms'),
  modifyTime: z.number().int().describe('Ponte extension: epoch ms'),
});

const Logistics = z.object({
  buyerPhone: z.string().nullable(),
  logisticsCompany: z.object({ logisticCompanyCode: z.string().nullable(), logisticsCompanyName: z.string().nullable() }),
  logisticsNo: z.string().nullable(),
  receiverAddress: z
    .object({ detailAddress: z.string(), phone: z.string(), receiver: z.string() })
    .nullable()
    .describe('the seller’s return address, once the seller agreed a return (status 20 on)'),
  returnGoodsDesc: z.string().nullable(),
  sellerAgreeReturnDescribe: z.string().nullable(),
});

const PurchaseOrderLine = z.object({
  purchaseOrderLineId: z.string().describe('the sub-order id'),
  purchaseOrderId: z.string(),
  salesOrderId: z.string().describe('the purchase order id (Ponte keeps no separate sales order)'),
  supplierId: z.string().nullable().describe('the seller’s shop id'),
  supplierNick: z.string().nullable(),
  itemId: z.string(),
  skuId: z.string(),
  itemTitle: z.string(),
  itemImageUrl: z.string(),
  properties: z.string().describe('JSON string of [{propId, propName, valueId, valueName}]'),
  quantity: z.number().int(),
  price: fen('unit price'),
  productFee: fen('line goods amount'),
  totalPrice: fen('line amount (price × quantity; the seller adjustment and postage are order-level)'),
  postFee: fen('the order’s postage (order-level)'),
  currency: z.literal('CNY'),
  createTime: z.number().int().describe('epoch ms'),
});

export const RefundDetail = z.object({
  currency: z.literal('CNY'),
  distributorId: z.string().describe('the developer id'),
  refundOrderAggregate: z.object({ logistics: Logistics, refundOrder: AggregateRefundOrder, purchaseOrderLine: PurchaseOrderLine }),
});

export interface LineFacts {
  order: OrderDetail;
  shop: { shopId: string; userNick: string } | null;
  product: SourceProduct | null;
  base: string;
}

type Aggregate = z.input<typeof RefundDetail>['refundOrderAggregate'];

export function detailView(r: RefundView, facts: LineFacts, developerId: string, nowMs: number): z.input<typeof RefundDetail> {
  const core = orderCore(r, nowMs);
  return {
    currency: 'CNY',
    distributorId: developerId,
    refundOrderAggregate: {
      logistics: logisticsView(r),
      refundOrder: {
        ...core,
        refundStatus: Number(r.status),
        refundedFee: r.refundedFen,
        refundQuantity: r.lines.reduce((n, l) => n + l.quantity, 0),
        canEditFee: String(r.status === '10' || r.status === '-10'),
        feeTips: feeTips(r.applyFen),
        refundImages: r.images,
        timeoutDate: r.timeoutAt,
        createTime: r.createdAt,
        modifyTime: r.updatedAt,
      },
      purchaseOrderLine: lineView(r.lines[0]?.lineNo ?? 1, facts),
    },
  };
}

/** The return: where to (the seller's address and note) and the buyer's parcel. */
function logisticsView(r: RefundView): Aggregate['logistics'] {
  return {
    buyerPhone: r.returnLogistics?.buyerPhone ?? null,
    logisticsCompany: {
      logisticCompanyCode: r.returnLogistics?.companyCode ?? null,
      logisticsCompanyName: r.returnLogistics?.companyName ?? null,
    },
    logisticsNo: r.returnLogistics?.trackingNo ?? null,
    receiverAddress: r.returnAddress,
    returnGoodsDesc: r.returnLogistics?.description ?? null,
    sellerAgreeReturnDescribe: r.sellerNote,
  };
}

/** The sub-order the application is on, with its product as the catalogue describes it. */
function lineView(lineNo: number, facts: LineFacts): Aggregate['purchaseOrderLine'] {
  const { order } = facts;
  const line = order.lines.find((l) => l.lineNo === lineNo);
  const sku = facts.product?.skus.find((s) => s.skuId === line?.skuId);
  return {
    purchaseOrderLineId: subOrderIdOf(order.orderId, lineNo),
    purchaseOrderId: order.orderId,
    salesOrderId: order.orderId,
    supplierId: facts.shop?.shopId ?? null,
    supplierNick: facts.shop?.userNick ?? null,
    itemId: line?.itemId ?? '',
    skuId: line?.skuId ?? '',
    itemTitle: line?.title ?? '',
    itemImageUrl: facts.product ? imageUrl(facts.base, facts.product, sku?.colorIndex ?? 0) : '',
    properties: JSON.stringify(
      (sku?.properties ?? []).map((p) => ({ propId: p.propId, propName: p.propName.zh, valueId: p.valueId, valueName: p.valueName.zh })),
    ),
    quantity: line?.quantity ?? 0,
    price: line?.unitPriceFen ?? 0,
    productFee: line?.amountFen ?? 0,
    totalPrice: line?.amountFen ?? 0,
    postFee: order.shippingFeeFen,
    currency: 'CNY',
    createTime: order.createdAt,
  };
}
