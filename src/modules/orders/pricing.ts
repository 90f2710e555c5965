/**
 * Pricing an order request against the catalog: resolving SKUs, the checks that need no
 * database (existence, the catalog's stock, 1688 minimum order quantity), unit prices, grouping
 * by seller and the sandbox shipping rule. Pure apart from reading products from the Source.
 */
import { findProduct, type Source, type SourceProduct } from '../catalog/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { fenToYuan, sumFen } from '../../platform/money.ts';
import type { OrderLine } from './repo.ts';
import type { Platform } from './states.ts';

export interface LineRequest {
  /** Any id the catalog knows the product by (v2 itemId/offerId, map id, or numeric id). */
  itemRef: string;
  skuId?: string | undefined;
  specId?: string | undefined;
  quantity: number;
}

/** An order line before it is numbered, with what the transaction still needs. */
export interface PricedLine extends Omit<OrderLine, 'lineNo' | 'paidFen' | 'refundedFen' | 'refundedQuantity'> {
  /** The catalog's stock for the SKU (reservations are subtracted in the transaction). */
  stock: number;
  weightGrams: number;
}

export interface SellerGroup {
  shopIndex: number;
  lines: PricedLine[];
  productAmountFen: number;
  shippingFeeFen: number;
  totalAmountFen: number;
}

export const MAX_LINES = 100;
export const MAX_LINE_QUANTITY = 1_000_000;

/**
 * The unit price of a line. Taobao: the SKU's price. 1688: the quantity tier for the line's
 * quantity (the last tier whose startQuantity ≤ quantity); tiers are quoted for the offer's
 * cheapest SKU, so a dearer SKU gets the same proportional discount, rounded half up:
 * unit = round(sku.price × tier.price / firstTier.price). The cheapest SKU pays exactly the
 * tier price, and without tiers every SKU pays its own price.
 */
export function unitPriceFen(product: Pick<SourceProduct, 'platform' | 'priceRanges'>, skuPriceFen: number, quantity: number): number {
  if (product.platform !== '1688' || product.priceRanges.length === 0) return skuPriceFen;
  const tiers = [...product.priceRanges].sort((a, b) => a.startQuantity - b.startQuantity);
  const base = tiers[0]!.priceFen;
  let tier = tiers[0]!;
  for (const candidate of tiers) if (candidate.startQuantity <= quantity) tier = candidate;
  if (tier.priceFen === base) return skuPriceFen;
  return Math.floor((2 * skuPriceFen * tier.priceFen + base) / (2 * base));
}

/**
 * The sandbox's shipping fee for one seller's parcel, deterministic:
 * weight = Σ product weight × quantity, charged per started kilogram (at least one).
 * Taobao: 600 fen for the first kg + 200 fen per further kg, free when the seller's goods
 * amount reaches 9,900 fen (99 yuan). 1688: 800 fen for the first kg + 300 fen per further kg,
 * never free (wholesale freight).
 */
export const SHIPPING_RULE = {
  taobao: { firstKgFen: 600, extraKgFen: 200, freeFromFen: 9_900 },
  '1688': { firstKgFen: 800, extraKgFen: 300, freeFromFen: null },
} as const satisfies Record<Platform, { firstKgFen: number; extraKgFen: number; freeFromFen: number | null }>;

export function shippingFeeFen(platform: Platform, productAmountFen: number, weightGrams: number): number {
  const rule = SHIPPING_RULE[platform];
  if (rule.freeFromFen !== null && productAmountFen >= rule.freeFromFen) return 0;
  const kilograms = Math.max(1, Math.ceil(weightGrams / 1000));
  return rule.firstKgFen + rule.extraKgFen * (kilograms - 1);
}

/**
 * The shipping rule in words, made from SHIPPING_RULE itself: the API reference quotes it, so
 * the text cannot drift from what is charged.
 */
export function shippingRuleText(platform: Platform): string {
  const rule = SHIPPING_RULE[platform];
  const fee = `¥${fenToYuan(rule.firstKgFen)} for the first kg + ¥${fenToYuan(rule.extraKgFen)} per further started kg of the seller's parcel`;
  return rule.freeFromFen === null ? `${fee}, never free` : `${fee}; free from ¥${fenToYuan(rule.freeFromFen)} of goods per seller`;
}

/** The fields of a line request a BAD_PARAMETER names (as `lines[i].field`; the wire maps them back). */
export type LineField = 'itemRef' | 'skuId' | 'quantity';

function badLine(index: number, field: LineField, rule: string): Failure {
  return fail('BAD_PARAMETER', { field: `lines[${index}].${field}`, rule });
}

function pickSku(product: SourceProduct, line: LineRequest) {
  if (line.skuId) return product.skus.find((s) => s.skuId === line.skuId) ?? null;
  if (line.specId) return product.skus.find((s) => s.specId === line.specId) ?? null;
  return product.skus.length === 1 ? product.skus[0]! : null;
}

async function priceLine(
  source: Source,
  platform: Platform,
  line: LineRequest,
  index: number,
): Promise<{ ok: true; shopIndex: number; line: PricedLine } | Failure> {
  if (typeof line.itemRef !== 'string' || line.itemRef === '') return badLine(index, 'itemRef', 'is required');
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY)
    return badLine(index, 'quantity', `must be an integer 1–${MAX_LINE_QUANTITY}`);
  const found = await findProduct(source, line.itemRef, platform);
  if (!found.ok) return fail('PRODUCT_UNAVAILABLE', { what: `${platform === 'taobao' ? 'item' : 'offer'} ${line.itemRef}` });
  const product = found.product;
  if (!line.skuId && !line.specId && product.skus.length !== 1) return badLine(index, 'skuId', 'is required: the product has several SKUs');
  const sku = pickSku(product, line);
  if (!sku) return fail('PRODUCT_UNAVAILABLE', { what: `sku ${line.skuId ?? line.specId} of ${line.itemRef}` });
  const what = `${line.itemRef}/${sku.skuId}`;
  if (platform === '1688' && line.quantity < product.minOrderQuantity)
    return fail('BELOW_MIN_ORDER_QUANTITY', { what, minimum: product.minOrderQuantity });
  if (sku.stock < line.quantity) return fail('OUT_OF_STOCK', { what, available: sku.stock });
  const unit = unitPriceFen(product, sku.priceFen, line.quantity);
  const amountFen = unit * line.quantity;
  if (!Number.isSafeInteger(amountFen)) return badLine(index, 'quantity', 'makes the amount overflow');
  return {
    ok: true,
    shopIndex: product.shopIndex,
    line: {
      itemId: product.itemId,
      skuId: sku.skuId,
      specId: sku.specId,
      title: product.title.zh,
      quantity: line.quantity,
      unitPriceFen: unit,
      amountFen,
      stock: sku.stock,
      weightGrams: product.weightGrams * line.quantity,
    },
  };
}

type Priced = { index: number; shopIndex: number; line: PricedLine };

/**
 * Two lines of one SKU are refused, naming the second: merging them would renumber the client's
 * lines and (1688) price them at another quantity tier than either line asked for.
 */
function duplicateLine(priced: readonly Priced[]): Failure | null {
  const seen = new Set<string>();
  for (const { index, line } of priced) {
    const key = `${line.itemId}\u0000${line.skuId}`;
    if (seen.has(key)) {
      return fail('BAD_PARAMETER', {
        field: `lines[${index}]`,
        rule: `names the same SKU as an earlier line (item ${line.itemId}, sku ${line.skuId}): put the whole quantity on one line`,
      });
    }
    seen.add(key);
  }
  return null;
}

function checkCount(lines: readonly LineRequest[]): Failure | null {
  return !Array.isArray(lines) || lines.length === 0 || lines.length > MAX_LINES
    ? fail('BAD_PARAMETER', { field: 'lines', rule: `must hold 1–${MAX_LINES} lines` })
    : null;
}

/** Prices every line and groups them by seller (sellers in first-seen order): one order each. */
export async function priceOrder(
  source: Source,
  platform: Platform,
  lines: readonly LineRequest[],
): Promise<{ ok: true; groups: SellerGroup[] } | Failure> {
  const invalid = checkCount(lines);
  if (invalid) return invalid;
  const priced: Priced[] = [];
  for (const [index, request] of lines.entries()) {
    const one = await priceLine(source, platform, request, index);
    if (!one.ok) return one;
    priced.push({ index, shopIndex: one.shopIndex, line: one.line });
  }
  const duplicate = duplicateLine(priced);
  return duplicate ?? { ok: true, groups: groupBySeller(platform, priced) };
}

/**
 * A preview: each line priced on its own, so a line that cannot be ordered is listed with its
 * failure (by position) instead of failing the others; the rest grouped as priceOrder groups them.
 */
export async function previewOrder(
  source: Source,
  platform: Platform,
  lines: readonly LineRequest[],
): Promise<{ ok: true; groups: SellerGroup[]; unsupported: { index: number; failure: Failure }[] } | Failure> {
  const invalid = checkCount(lines);
  if (invalid) return invalid;
  const priced: Priced[] = [];
  const unsupported: { index: number; failure: Failure }[] = [];
  for (const [index, request] of lines.entries()) {
    const one = await priceLine(source, platform, request, index);
    if (one.ok) priced.push({ index, shopIndex: one.shopIndex, line: one.line });
    else unsupported.push({ index, failure: one });
  }
  const duplicate = duplicateLine(priced);
  return duplicate ?? { ok: true, groups: groupBySeller(platform, priced), unsupported };
}

function groupBySeller(platform: Platform, priced: readonly Priced[]): SellerGroup[] {
  const bySeller = new Map<number, PricedLine[]>();
  for (const { shopIndex, line } of priced) {
    const group = bySeller.get(shopIndex) ?? [];
    group.push(line);
    bySeller.set(shopIndex, group);
  }
  return [...bySeller.entries()].map(([shopIndex, sellerLines]) => {
    const productAmountFen = sumFen(sellerLines.map((l) => l.amountFen));
    const shipping = shippingFeeFen(platform, productAmountFen, sumFen(sellerLines.map((l) => l.weightGrams)));
    return {
      shopIndex,
      lines: sellerLines,
      productAmountFen,
      shippingFeeFen: shipping,
      totalAmountFen: sumFen([productAmountFen, shipping]),
    };
  });
}
