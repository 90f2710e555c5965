import type { Ctx } from '../../platform/context.ts';
import type { Failure } from '../../platform/errors.ts';
import { sumFen } from '../../platform/money.ts';
import type { Platform, ShopRecord, Source, SourceProduct } from '../../sources/source.ts';
import { distinctSkus, ownedLines, takeCartLines, type CartLine } from './lines.ts';
import { findSku, lineAmountFen, lineReasons, sellerShippingFen, unitPriceFen, type CartSku, type LineReason } from './pricing.ts';

/** A line with the live goods behind it. product/sku are null when they vanished from the source. */
export interface CartEntry {
  line: CartLine;
  product: SourceProduct | null;
  sku: CartSku | null;
  /** The seller (Taobao shop / 1688 supplier); null when the product vanished. */
  seller: ShopRecord | null;
  /** Today's unit price at the line's quantity; null when the SKU vanished. */
  unitPriceFen: number | null;
  /** The SKU's stock now; 0 when it vanished. */
  stock: number;
  reasons: LineReason[];
}

export interface CartListing {
  enabled: CartEntry[];
  disabled: CartEntry[];
}

/** Entries sharing one seller, in the order their first line appears. */
export interface SellerGroup<E extends CartEntry = CartEntry> {
  seller: ShopRecord | null;
  entries: E[];
}

export type PricedEntry = CartEntry & { unitPriceFen: number; amountFen: number };

export interface PreviewGroup extends SellerGroup<PricedEntry> {
  goodsFen: number;
  shippingFen: number;
  totalFen: number;
}

export interface CartPreview {
  platform: Platform;
  groups: PreviewGroup[];
  goodsFen: number;
  shippingFen: number;
  totalFen: number;
  /** Asked-for lines that cannot be ordered as they are, with the reasons. */
  unsupported: CartEntry[];
}

async function enrich(source: Source, lines: CartLine[]): Promise<CartEntry[]> {
  const products = new Map<string, SourceProduct | null>();
  for (const line of lines) {
    if (!products.has(line.itemId)) products.set(line.itemId, await source.findProduct(line.itemId));
  }
  return lines.map((line) => {
    const found = products.get(line.itemId) ?? null;
    const product = found && found.platform === line.platform ? found : null;
    const sku = product ? findSku(product, { skuId: line.skuId }) : null;
    return {
      line,
      product,
      sku,
      seller: product ? source.shop(product.platform, product.shopIndex) : null,
      unitPriceFen: product && sku ? unitPriceFen(product, sku, line.quantity) : null,
      stock: sku?.stock ?? 0,
      reasons: lineReasons(line.platform, product, sku, line.quantity),
    };
  });
}

/** The caller's cart of one platform with live titles, prices and stock, split by whether it can be bought. */
export async function listCart(ctx: Ctx, source: Source, platform: Platform): Promise<CartListing> {
  const entries = await enrich(source, await ownedLines(ctx, platform));
  return { enabled: entries.filter((e) => e.reasons.length === 0), disabled: entries.filter((e) => e.reasons.length > 0) };
}

/** Groups entries by seller (vanished products share one group with seller null). */
export function groupBySeller<E extends CartEntry>(entries: readonly E[]): SellerGroup<E>[] {
  const groups = new Map<string, SellerGroup<E>>();
  for (const entry of entries) {
    const key = entry.seller ? `${entry.seller.platform}:${entry.seller.shopIndex}` : '';
    let group = groups.get(key);
    if (!group) {
      group = { seller: entry.seller, entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  return [...groups.values()];
}

/**
 * What ordering these lines would cost now: per seller, the goods at today's (1688: tiered)
 * prices, the sandbox shipping fee (the order module's rule) and the total; lines that cannot be
 * ordered are listed under `unsupported` and count in no total. Unknown ids are NOT_FOUND.
 */
export async function previewCart(
  ctx: Ctx,
  source: Source,
  input: { platform: Platform; lineIds: readonly number[] },
): Promise<{ ok: true; preview: CartPreview } | Failure> {
  const taken = await takeCartLines(ctx, input.platform, input.lineIds);
  if (!taken.ok) return taken;
  const duplicate = distinctSkus(taken.lines);
  if (duplicate) return duplicate;
  const entries = await enrich(source, taken.lines);
  const priced: PricedEntry[] = entries
    .filter((e) => e.reasons.length === 0 && e.unitPriceFen !== null)
    .map((e) => ({ ...e, unitPriceFen: e.unitPriceFen!, amountFen: lineAmountFen(e.unitPriceFen!, e.line.quantity) }));
  const groups = groupBySeller(priced).map((group) => {
    const goodsFen = sumFen(group.entries.map((e) => e.amountFen));
    const shippingFen = sellerShippingFen(
      input.platform,
      goodsFen,
      group.entries.map((e) => ({ product: e.product, quantity: e.line.quantity })),
    );
    return { ...group, goodsFen, shippingFen, totalFen: goodsFen + shippingFen };
  });
  const goodsFen = sumFen(groups.map((g) => g.goodsFen));
  const shippingFen = sumFen(groups.map((g) => g.shippingFen));
  return {
    ok: true,
    preview: {
      platform: input.platform,
      groups,
      goodsFen,
      shippingFen,
      totalFen: goodsFen + shippingFen,
      unsupported: entries.filter((e) => e.reasons.length > 0),
    },
  };
}
