/**
 * The price policy of manual purchasing: what the operator paid at the marketplace may exceed
 * what the developer was charged by a tolerance, which the operator absorbs; the larger of a
 * share of the charge and a fixed amount (default 2 % or ¥5).
 */
export interface PricePolicy {
  tolerancePercent: number;
  toleranceFen: number;
}

export const DEFAULT_PRICE_POLICY: PricePolicy = Object.freeze({ tolerancePercent: 2, toleranceFen: 500 });

/** Rounded up: a tolerance of 2 % on 1 fen is 1 fen, not 0. */
export function toleranceFen(policy: PricePolicy, chargedFen: number): number {
  return Math.max(Math.ceil((chargedFen * policy.tolerancePercent) / 100), policy.toleranceFen);
}
