import type { OrderDetail, OrderState } from '../orders/index.ts';
import type { SkuText, SupplierFacts } from './supplier.ts';

/** An outbox event, as the callbacks read it. */
export interface OutboxEventInput {
  id: string;
  type: string;
  createdAt: number;
  payload: Record<string, unknown>;
}

/**
 * What one order event says happened: the current order with the event's own state and amounts
 * laid over it (the row may have moved on since), plus what the marketplace knows of the seller
 * and SKUs. The wire layer renders these facts as a PandaPon message body.
 */
export interface OrderEventFacts {
  eventType: string;
  platform: 'taobao' | '1688';
  orderId: string;
  state: OrderState;
  /** The current order (lines, receiver); null when it cannot be read, then the event alone speaks. */
  order: OrderDetail | null;
  totalFen: number;
  /** The total before a price change; the total itself for any other event. */
  oldTotalFen: number;
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

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback: string | null): string | null => (typeof v === 'string' ? v : fallback);

export function orderEventFacts(event: OutboxEventInput, order: OrderDetail | null, supplier: SupplierFacts | null): OrderEventFacts {
  const p = event.payload;
  const totalFen = num(p.newTotalFen, num(p.totalAmountFen, order?.totalAmountFen ?? 0));
  const shippingFen = order?.shippingFeeFen ?? 0;
  return {
    eventType: event.type,
    platform: p.platform === '1688' || order?.platform === '1688' ? '1688' : 'taobao',
    orderId: String(p.orderId ?? order?.orderId ?? ''),
    state: (str(p.state, null) ?? order?.state ?? 'created') as OrderState,
    order,
    totalFen,
    oldTotalFen: num(p.oldTotalFen, totalFen),
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
