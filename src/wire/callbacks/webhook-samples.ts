import type { SupplierFacts } from '../../modules/callbacks/index.ts';
import type { RefundEventPayload } from '../../modules/aftersales/index.ts';
import { messageForEvent } from './bodies.ts';
import { refundMessage } from './bodies-refund.ts';
import { logisticsOrderMessage, parcelMessage } from './bodies-warehouse.ts';
import type { ParcelEventPayload, ShipmentEventPayload } from '../../modules/warehouse/index.ts';
import type { OrderDetail, OrderState } from '../../modules/orders/index.ts';
import { asOrderId } from '../../platform/ids.ts';

/**
 * One sample order and its seller, from which the webhooks document builds every example with the
 * same code that builds real deliveries.
 */
const SAMPLE_ORDER: OrderDetail = {
  orderId: asOrderId('3779263200012345'),
  platform: 'taobao',
  state: 'shipped',
  shopIndex: 3,
  ownerUserId: '3779263100012289',
  batchId: '3779263200012344',
  productAmountFen: 9_500,
  shippingFeeFen: 600,
  adjustAmountFen: 0,
  totalAmountFen: 10_100,
  paidAmountFen: 10_100,
  clientOrderId: 'PO202605200001',
  createdAt: 1_779_263_200_000,
  paidAt: 1_779_263_260_000,
  updatedAt: 1_779_263_269_913,
  receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' },
  lines: [
    {
      lineNo: 1,
      itemId: '672991141190',
      skuId: '3452545926724',
      specId: '3c8e1f0a9b7d4e2c5a6f8b1d0e9c7a4b',
      title: '女童连衣裙',
      quantity: 1,
      unitPriceFen: 9_500,
      amountFen: 9_500,
      paidFen: 9_500,
      refundedFen: 0,
      refundedQuantity: 0,
    },
  ],
  closeReason: null,
  carrier: 'YTO',
  trackingNumber: 'YT1234567890',
  shippedAt: 1_779_263_269_913,
  arrivedAt: null,
  closedAt: null,
  version: 4,
  refundedFen: 0,
  refundedCarriageFen: 0,
};

const SAMPLE_SUPPLIER: SupplierFacts = {
  sellerNick: 'xintai2019',
  skuTexts: new Map([[1, { en: 'Color:Red;Size:120cm', zh: '颜色:红色;尺码:120cm' }]]),
};

/** The order state each sample event leaves the order in; every other event samples a shipped order. */
const SAMPLE_STATES: Record<string, OrderState> = {
  ORDER_CREATE: 'waiting_payment',
  ORDER_PRICE_MODIFY: 'waiting_payment',
  ORDER_PAY_SUCCESS: 'paid',
  ORDER_CANCEL: 'cancelled',
  ORDER_CLOSE: 'closed',
  ORDER_COMPLETE: 'completed',
  ORDER_ARRIVED: 'arrived_warehouse',
};

/** The messageBody a real delivery of order event `type` on the sample order carries. */
export function sampleBody(type: string, platform: 'taobao' | '1688'): string {
  const order = { ...SAMPLE_ORDER, platform };
  const payload: Record<string, unknown> = {
    orderId: order.orderId,
    platform,
    ownerUserId: order.ownerUserId,
    state: SAMPLE_STATES[type] ?? 'shipped',
    totalAmountFen: order.totalAmountFen,
    version: 4,
  };
  if (type === 'ORDER_PRICE_MODIFY') Object.assign(payload, { oldTotalFen: 10_300, newTotalFen: 10_100 });
  if (type === 'ORDER_CANCEL') payload.reason = 'buyer_cancel';
  const built = messageForEvent({ id: '3779263269900017', type, createdAt: SAMPLE_ORDER.updatedAt, payload }, order, SAMPLE_SUPPLIER);
  if (!built) throw new Error(`no sample for ${type}`);
  return built.messageBody;
}

/** The messageBody a real delivery carries when the seller refunds the sample order's first line. */
export function sampleRefundBody(platform: 'taobao' | '1688'): string {
  const payload: RefundEventPayload = {
    refundId: platform === 'taobao' ? '3779263269900021' : 'TQ3779263269900021',
    platform,
    orderId: SAMPLE_ORDER.orderId,
    clientOrderId: SAMPLE_ORDER.clientOrderId,
    ownerUserId: SAMPLE_ORDER.ownerUserId,
    lineNos: [1],
    status: platform === 'taobao' ? '100' : 'refundsuccess',
    fromStatus: platform === 'taobao' ? '10' : 'waitselleragree',
    action: 'agree_refund',
    actor: 'seller',
    refundAction: 'SELLER_AGREE_REFUND',
    kind: 'refund',
    goodsStatus: platform === 'taobao' ? '3' : 'refundWaitBuyerReceive',
    applyFen: 9_500,
    applyCarriageFen: 0,
    refundedFen: 9_500,
    reasonId: platform === 'taobao' ? '402652' : '20028',
    reasonText: '拍错/多拍/不喜欢',
    note: '同意退款 / Refund agreed',
    at: SAMPLE_ORDER.updatedAt,
  };
  return refundMessage(payload, SAMPLE_SUPPLIER).messageBody;
}

/** The messageBody a real delivery carries when the sample order's parcel passes QC and is stored. */
export function sampleParcelBody(): string {
  const payload: ParcelEventPayload = {
    parcelId: 'WP3779263300012345',
    ownerUserId: SAMPLE_ORDER.ownerUserId,
    orderId: SAMPLE_ORDER.orderId,
    tmallOrderId: null,
    trackingNumber: SAMPLE_ORDER.trackingNumber ?? '',
    carrier: SAMPLE_ORDER.carrier ?? '',
    state: 'STORED',
    fromState: 'QC',
    action: 'pass_qc',
    actor: 'operator',
    weightGrams: 420,
    qcResult: 'pass',
    photoCount: 3,
    storageFeeFen: 0,
    shipmentId: null,
    note: null,
    at: SAMPLE_ORDER.updatedAt + 86_400_000,
  };
  return parcelMessage(payload).messageBody;
}

/** The messageBody a real delivery carries when a weighed shipment costs less than prepaid and is settled. */
export function sampleLogisticsOrderBody(): string {
  const payload: ShipmentEventPayload = {
    shipmentId: 'LO3779263400012345',
    ownerUserId: SAMPLE_ORDER.ownerUserId,
    renderId: 'FF3779263350012345',
    tmallOrderId: null,
    serviceId: 'nswex-sg-air-general',
    state: 'PAID',
    fromState: 'WEIGHED',
    action: 'settle',
    actor: 'operator',
    parcelIds: ['WP3779263300012345', 'WP3779263300012346'],
    estimateFen: 8_600,
    actualFen: 7_900,
    supplementaryFen: 0,
    refundedFen: 700,
    chargeableGrams: 1_050,
    carrier: null,
    trackingNumber: null,
    note: null,
    at: SAMPLE_ORDER.updatedAt + 3 * 86_400_000,
  };
  return logisticsOrderMessage(payload).messageBody;
}
