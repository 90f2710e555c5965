/**
 * Pure pricing and availability rules of a cart line. Orders created from a cart must use the
 * same rules, so they are exported through the module's door.
 */
import type { Platform, SourceProduct } from '../../sources/source.ts';
import { shippingFeeFen as orderShippingFeeFen, unitPriceFen as orderUnitPriceFen } from '../orders/index.ts';

export type CartSku = SourceProduct['skus'][number];

/**
 * Why a line cannot be bought as it is. Listed lines with reasons go to `disableList`; previewed
 * lines with reasons are `unsupported`.
 */
export const LINE_REASONS = [
  'PRODUCT_UNAVAILABLE',
  'SKU_UNAVAILABLE',
  'OUT_OF_STOCK',
  'INSUFFICIENT_STOCK',
  'BELOW_MIN_ORDER_QUANTITY',
] as const;
export type LineReason = (typeof LINE_REASONS)[number];

/**
 * What a line costs is decided by the order module, which charges it: a cart preview must show
 * exactly what creating the order will charge (a copy of the rules once disagreed and clients
 * copying the preview amount into `purchaseAmount` met PRICE_CHANGED).
 */
export function unitPriceFen(product: SourceProduct, sku: CartSku, quantity: number): number {
  return orderUnitPriceFen(product, sku.priceFen, quantity);
}

/** One seller's parcel: the order module's shipping rule over the lines' goods and weight. */
export function sellerShippingFen(
  platform: Platform,
  goodsFen: number,
  lines: readonly { product: SourceProduct | null; quantity: number }[],
): number {
  const grams = lines.reduce((sum, l) => sum + (l.product?.weightGrams ?? 0) * l.quantity, 0);
  return orderShippingFeeFen(platform, goodsFen, grams);
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
