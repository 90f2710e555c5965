import type { Rng } from './prng.ts';
import type { Platform } from './types.ts';

/**
 * Shelf prices as sellers set them. Taobao retail ends in .90 ('59.90'); 1688 wholesale is
 * quoted to the ten fen ('12.50'). All amounts are integer fen.
 */
export function shelfPriceFen(rawFen: number, platform: Platform): number {
  if (platform === '1688') return Math.max(50, Math.round(rawFen / 10) * 10);
  if (rawFen >= 1000) return Math.round(rawFen / 100) * 100 - 10;
  return Math.max(90, Math.round(rawFen / 10) * 10);
}

/** Wholesale sits well under retail for the same goods: 35–60 % of the Taobao price. */
export function platformBaseFen(retailFen: number, platform: Platform, rng: Rng): number {
  return platform === 'taobao' ? retailFen : retailFen * (0.35 + rng.next() * 0.25);
}

/** Taobao runs a promotion on about 45 % of listings; 1688 quotes tiers instead. */
export function promotionRatio(platform: Platform, rng: Rng): number | null {
  if (platform === '1688' || !rng.chance(0.45)) return null;
  return 0.75 + rng.next() * 0.2;
}

export function promotionPriceFen(priceFen: number, ratio: number | null, platform: Platform): number | null {
  if (ratio === null) return null;
  const promoted = shelfPriceFen(priceFen * ratio, platform);
  return promoted < priceFen ? promoted : null;
}

const MIN_ORDER_WEIGHTS: readonly [number, number][] = [
  [1, 35],
  [2, 25],
  [3, 15],
  [5, 12],
  [10, 8],
  [4, 3],
  [6, 2],
];

/** 1688 suppliers mostly sell from 1–3 pieces, some from 5 or 10; Taobao always from 1. */
export function minOrderQuantity(platform: Platform, rng: Rng): number {
  if (platform === 'taobao') return 1;
  let ticket = rng.next() * 100;
  for (const [quantity, weight] of MIN_ORDER_WEIGHTS) {
    ticket -= weight;
    if (ticket < 0) return quantity;
  }
  return 1;
}

/**
 * 1688 quantity tiers: the first starts at the minimum order and carries the list price; each
 * further tier starts higher and is strictly cheaper.
 */
export function quantityTiers(priceFen: number, minOrder: number, rng: Rng): { startQuantity: number; priceFen: number }[] {
  const count = rng.chance(0.6) ? 3 : 2;
  const starts = [minOrder, Math.max(minOrder + 1, minOrder * rng.pick([5, 10, 20])), 0];
  starts[2] = (starts[1] as number) * rng.pick([4, 5, 10]);
  const tiers = [{ startQuantity: minOrder, priceFen }];
  let previous = priceFen;
  for (let i = 1; i < count; i++) {
    const discounted = shelfPriceFen(previous * (0.9 + rng.next() * 0.06), '1688');
    const tierPrice = Math.max(10, Math.min(discounted, previous - 10));
    if (tierPrice >= previous) break;
    tiers.push({ startQuantity: starts[i] as number, priceFen: tierPrice });
    previous = tierPrice;
  }
  return tiers;
}

/**
 * Lifetime sales follow a steep long tail (most listings sell a handful, a few sell tens of
 * thousands); young listings have had less time to sell.
 */
export function salesFigures(createdDayOffset: number, rng: Rng): { sales: number; monthSold: number } {
  const r = rng.next();
  let sales = Math.floor(Math.exp(r * r * Math.log(200_000))) - 1;
  if (createdDayOffset < 30) sales = Math.floor((sales * (createdDayOffset + 1)) / 30);
  const monthShare = createdDayOffset < 30 ? 1 : 0.05 + rng.next() * 0.3;
  return { sales, monthSold: Math.min(sales, Math.floor(sales * monthShare)) };
}
