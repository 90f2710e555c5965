import type { OrderState } from '../orders/index.ts';
import type { RefundPlatform } from './machines.ts';

export type RefundKind = 'refund' | 'return_refund';

/**
 * What the buyer says about the goods, in each platform's own values (stored raw), and the rules
 * that hang on it, as data: the order states it may be said in, whether a return (return_refund)
 * is possible, whether the amount is fixed to the whole refundable sum (1688 before the seller
 * ships) and whether part of a line's quantity may be refunded.
 */
export interface GoodsStatusRule {
  orderStates: readonly OrderState[];
  returnAllowed: boolean;
  /** The amount must be the whole refundable amount (canEditFee false). */
  wholeAmount: boolean;
  /** Which kinds may cover part of a line's quantity. */
  partialKinds: readonly RefundKind[];
}

const BOTH: readonly RefundKind[] = ['refund', 'return_refund'];

export const GOODS_STATUS_RULES: Record<RefundPlatform, Readonly<Record<string, GoodsStatusRule>>> = {
  taobao: {
    '1': { orderStates: ['paid'], returnAllowed: false, wholeAmount: false, partialKinds: BOTH },
    '2': { orderStates: ['shipped'], returnAllowed: false, wholeAmount: false, partialKinds: BOTH },
    '3': { orderStates: ['shipped', 'arrived_warehouse', 'completed'], returnAllowed: false, wholeAmount: false, partialKinds: BOTH },
    '4': { orderStates: ['arrived_warehouse', 'completed'], returnAllowed: true, wholeAmount: false, partialKinds: BOTH },
  },
  '1688': {
    refundWaitSellerSend: { orderStates: ['paid'], returnAllowed: false, wholeAmount: true, partialKinds: [] },
    refundWaitBuyerReceive: { orderStates: ['shipped'], returnAllowed: false, wholeAmount: false, partialKinds: [] },
    refundBuyerReceived: { orderStates: ['arrived_warehouse'], returnAllowed: true, wholeAmount: false, partialKinds: ['return_refund'] },
    aftersaleBuyerNotReceived: { orderStates: ['completed'], returnAllowed: false, wholeAmount: false, partialKinds: [] },
    aftersaleBuyerReceived: { orderStates: ['completed'], returnAllowed: true, wholeAmount: false, partialKinds: [] },
  },
};

/** The goods statuses a buyer may choose for this kind of application while the order is in this state. */
export function goodsStatusesFor(platform: RefundPlatform, kind: RefundKind, orderState: OrderState): string[] {
  return Object.entries(GOODS_STATUS_RULES[platform])
    .filter(([, rule]) => rule.orderStates.includes(orderState) && (kind === 'refund' || rule.returnAllowed))
    .map(([status]) => status);
}

/** The rule of a goods status, or the rule it breaks (the text REFUND_GOODS_STATUS_INVALID shows). */
export function goodsStatusRule(
  platform: RefundPlatform,
  kind: RefundKind,
  goodsStatus: string,
  orderState: OrderState,
): { ok: true; rule: GoodsStatusRule } | { ok: false; rule: string } {
  const rules = GOODS_STATUS_RULES[platform];
  const rule = Object.hasOwn(rules, goodsStatus) ? rules[goodsStatus] : undefined;
  if (!rule) return { ok: false, rule: `the goods statuses of ${platform} applications (${Object.keys(rules).join(', ')})` };
  if (kind === 'return_refund' && !rule.returnAllowed) {
    const returnable = Object.entries(rules).filter(([, r]) => r.returnAllowed);
    return { ok: false, rule: `a return and refund (allowed: ${returnable.map(([s]) => s).join(', ')})` };
  }
  if (!rule.orderStates.includes(orderState)) {
    return { ok: false, rule: `order state ${orderState} (allowed: ${goodsStatusesFor(platform, kind, orderState).join(', ') || 'none'})` };
  }
  return { ok: true, rule };
}
