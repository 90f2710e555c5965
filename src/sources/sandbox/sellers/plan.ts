/**
 * What the simulated sellers do with an order, decided up front and deterministically from the
 * catalog seed and the order id, so a test or an integrator's CI run sees the same story every
 * time: before payment a seller may change the price; after payment it either runs out of stock
 * and closes the order (the order module refunds it) or accepts, ships with a real carrier and a
 * tracking number, and the parcel moves through tracking events until it is signed for at the
 * warehouse (SIGN).
 */
import { createHash } from 'node:crypto';

export type SellerAction =
  | { kind: 'modify_price'; afterMs: number; newTotalFen: number }
  /** Out of stock for one line: `lineShare` in [0, 1) picks it among the order's lines (a line refund). */
  | { kind: 'stock_out'; afterMs: number; reason: string; lineShare: number }
  /** Closes the whole order (tasks planned before stock-outs became line refunds). */
  | { kind: 'close'; afterMs: number; reason: string }
  | { kind: 'ship'; afterMs: number; carrier: string; trackingNumber: string }
  | { kind: 'track'; afterMs: number; status: TrackingStatus; description: string }
  | { kind: 'arrive'; afterMs: number };

export type TrackingStatus = 'ACCEPT' | 'TRANSPORT' | 'ARRIVE_CITY' | 'DELIVERING' | 'SIGN';

export interface SellerBehaviour {
  /** Share of unpaid orders whose seller changes the price (default 0.1). */
  priceChangeRate: number;
  /** Share of paid orders whose seller runs out of one line's stock and refunds that line (default 0.05). */
  stockOutRate: number;
  /** Share of refund applications the seller agrees to (refund, or publish a return address; default 0.8). */
  refundAgreeRate: number;
  /** Share of refund applications the seller refuses with a reason (default 0.1); the rest are ignored until the timer runs out. */
  refundRefuseRate: number;
  /** Share of returned parcels the seller refuses after inspection instead of refunding (default 0.05). */
  receiptRefuseRate: number;
}

export const DEFAULT_BEHAVIOUR: SellerBehaviour = {
  priceChangeRate: 0.1,
  stockOutRate: 0.05,
  refundAgreeRate: 0.8,
  refundRefuseRate: 0.1,
  receiptRefuseRate: 0.05,
};

export const CARRIERS = [
  { name: '顺丰速运', code: 'SF', prefix: 'SF' },
  { name: '圆通速递', code: 'YTO', prefix: 'YT' },
  { name: '中通快递', code: 'ZTO', prefix: '7' },
  { name: '韵达快递', code: 'YUNDA', prefix: '43' },
  { name: '申通快递', code: 'STO', prefix: '77' },
  { name: '极兔速递', code: 'JT', prefix: 'JT' },
] as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A stream of numbers in [0, 1) from (seed, order id, purpose): the same inputs, the same story. */
export function chance(seed: number, orderId: string, purpose: string): number {
  return createHash('sha256').update(`${seed}:${orderId}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function planBeforePayment(
  seed: number,
  order: { orderId: string; totalAmountFen: number },
  behaviour = DEFAULT_BEHAVIOUR,
): SellerAction[] {
  if (chance(seed, order.orderId, 'price-change') >= behaviour.priceChangeRate) return [];
  // Sellers mostly raise shipping or give a small discount: ±3–10 %, never below 1 fen.
  const factor =
    1 + (chance(seed, order.orderId, 'price-factor') < 0.5 ? -1 : 1) * (0.03 + 0.07 * chance(seed, order.orderId, 'price-size'));
  return [{ kind: 'modify_price', afterMs: 10 * MINUTE, newTotalFen: Math.max(1, Math.round(order.totalAmountFen * factor)) }];
}

export function planAfterPayment(seed: number, order: { orderId: string }, behaviour = DEFAULT_BEHAVIOUR): SellerAction[] {
  // The other lines of an order with a stock-out still ship; for a one-line order the line refund
  // closes the order first and the shipping steps find it closed and skip.
  const stockOut: SellerAction[] =
    chance(seed, order.orderId, 'stock-out') < behaviour.stockOutRate
      ? [
          {
            kind: 'stock_out',
            afterMs: 30 * MINUTE,
            reason: 'seller_out_of_stock',
            lineShare: chance(seed, order.orderId, 'stock-out-line'),
          },
        ]
      : [];
  const carrier = CARRIERS[Math.floor(chance(seed, order.orderId, 'carrier') * CARRIERS.length)]!;
  const digits = String(Math.floor(chance(seed, order.orderId, 'tracking') * 1e12)).padStart(12, '0');
  const ship = (2 + Math.floor(chance(seed, order.orderId, 'ship-delay') * 5)) * HOUR;
  return [
    ...stockOut,
    { kind: 'ship', afterMs: ship, carrier: carrier.name, trackingNumber: `${carrier.prefix}${digits}` },
    { kind: 'track', afterMs: ship + 1 * HOUR, status: 'ACCEPT', description: `【${carrier.name}】已揽收` },
    { kind: 'track', afterMs: ship + 8 * HOUR, status: 'TRANSPORT', description: '快件已发往 金华转运中心' },
    { kind: 'track', afterMs: ship + 20 * HOUR, status: 'ARRIVE_CITY', description: '快件已到达 义乌集货仓所在城市' },
    { kind: 'track', afterMs: ship + 26 * HOUR, status: 'DELIVERING', description: '快件派送中' },
    { kind: 'track', afterMs: ship + 30 * HOUR, status: 'SIGN', description: '已签收, 签收人: 仓库' },
    { kind: 'arrive', afterMs: ship + 30 * HOUR },
  ];
}
