import type { Platform, SourceProduct } from '../../sources/source.ts';

/**
 * Pure pricing and availability rules of a cart line. Orders created from a cart must use the
 * same rules, so they are exported through the module's door.
 */
export type CartSku = SourceProduct['skus'][number];

/**
 * Why a line cannot be bought as it is. Listed lines with reasons go to `disableList`; previewed
 * lines with reasons are `unsupported`.
 */
export const LINE_REASONS = ['PRODUCT_UNAVAILABLE', 'SKU_UNAVAILABLE', 'OUT_OF_STOCK', 'INSUFFICIENT_STOCK', 'BELOW_MIN_ORDER_QUANTITY'] as const;
export type LineReason = (typeof LINE_REASONS)[number];

/**
 * The sandbox shipping rule, per seller and order: goods of ¥99.00 or more from one seller ship
 * free, anything less pays a flat ¥8.00. Deterministic so clients can assert exact totals.
 */
export const FREE_SHIPPING_FROM_FEN = 9_900;
export const FLAT_SHIPPING_FEN = 800;

export function shippingFeeFen(goodsFen: number): number {
  return goodsFen >= FREE_SHIPPING_FROM_FEN ? 0 : FLAT_SHIPPING_FEN;
}

/**
 * The unit price a line pays now. Taobao: the SKU's promotion price when it has one, else its
 * price. 1688: the quantity tier (the last `priceRanges` entry whose startQuantity ≤ quantity)
 * scales the SKU's price by tier price ÷ first-tier price, rounded to the fen; the tiers are
 * quoted on the cheapest SKU, which therefore pays exactly the tier price.
 */
export function unitPriceFen(product: SourceProduct, sku: CartSku, quantity: number): number {
  if (product.platform === 'taobao') return sku.promotionPriceFen ?? sku.priceFen;
  const tiers = product.priceRanges;
  const first = tiers[0];
  if (!first || first.priceFen <= 0) return sku.priceFen;
  let tier = first;
  for (const candidate of tiers) if (candidate.startQuantity <= quantity) tier = candidate;
  return Math.round((sku.priceFen * tier.priceFen) / first.priceFen);
}

export function lineAmountFen(unitFen: number, quantity: number): number {
  const amount = unitFen * quantity;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`line amount overflowed: ${unitFen} × ${quantity}`);
  return amount;
}

/** The SKU a line means: by skuId, or (1688) by specId; both given must name the same SKU. */
export function findSku(product: SourceProduct, ids: { skuId?: string | undefined; specId?: string | undefined }): CartSku | null {
  const { skuId, specId } = ids;
  if (!skuId && !specId) return null;
  return product.skus.find((s) => (!skuId || s.skuId === skuId) && (!specId || s.specId === specId)) ?? null;
}

/** Every reason the line cannot be bought at this quantity; empty when it can. */
export function lineReasons(platform: Platform, product: SourceProduct | null, sku: CartSku | null, quantity: number): LineReason[] {
  if (!product || product.platform !== platform) return ['PRODUCT_UNAVAILABLE'];
  if (!sku) return ['SKU_UNAVAILABLE'];
  const reasons: LineReason[] = [];
  if (sku.stock <= 0) reasons.push('OUT_OF_STOCK');
  else if (sku.stock < quantity) reasons.push('INSUFFICIENT_STOCK');
  if (platform === '1688' && quantity < product.minOrderQuantity) reasons.push('BELOW_MIN_ORDER_QUANTITY');
  return reasons;
}
