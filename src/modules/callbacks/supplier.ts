import type { SystemCtx } from '../../platform/context.ts';
import type { OrderDetail } from '../orders/index.ts';
import type { Source, SourceProduct } from '../../sources/source.ts';
import { orderFor, subscribedDevelopers } from './record.ts';

export type SupplierSource = Pick<Source, 'findProduct' | 'shop'>;

export interface SkuText {
  en: string;
  zh: string;
}

/**
 * What a message says about the seller and the SKUs that the order row does not keep: the
 * seller's nick (the one order detail shows) and each line's SKU property text per language, in
 * the marketplace's own `name:value;name:value` form, e.g. "Color:Red;Size:M" / "颜色:红色;尺码:M".
 */
export interface SupplierFacts {
  sellerNick: string;
  /** By order line number; a line whose product or SKU vanished has empty texts. */
  skuTexts: ReadonlyMap<number, SkuText>;
}

type Sku = SourceProduct['skus'][number];

function skuText(sku: Sku | undefined, lang: 'en' | 'zh'): string {
  return (sku?.properties ?? []).map((p) => `${p.propName[lang]}:${p.valueName[lang]}`).join(';');
}

/** Products already read in this batch of messages, by item id: one read per product, not per line. */
export type ProductCache = Map<string, Promise<SourceProduct | null>>;

export async function supplierFacts(source: SupplierSource, order: OrderDetail, cache: ProductCache = new Map()): Promise<SupplierFacts> {
  const skuTexts = new Map<number, SkuText>();
  for (const line of order.lines) {
    let product = cache.get(line.itemId);
    if (!product) {
      product = source.findProduct(line.itemId);
      cache.set(line.itemId, product);
    }
    const sku = (await product)?.skus.find((s) => s.skuId === line.skuId);
    skuTexts.set(line.lineNo, { en: skuText(sku, 'en'), zh: skuText(sku, 'zh') });
  }
  // After findProduct: the sandbox source learns imported shops when it reads their products.
  const shop = source.shop(order.platform, order.shopIndex);
  return { sellerNick: shop?.userNick ?? '', skuTexts };
}

type EventRef = { developer_id: string; aggregate_type: string; aggregate_id: string };

/**
 * Supplier facts of the orders behind the given events, for subscribed developers, by order id
 * (null: the order cannot be read). Gathered before the ingest transaction, never inside it: the
 * source reads through its own connection, which on SQLite would wait for that transaction.
 */
export async function prefetchSupplierFacts(
  ctx: SystemCtx,
  source: SupplierSource,
  mainUsers: Map<string, string>,
  events: EventRef[],
): Promise<Map<string, SupplierFacts | null>> {
  const facts = new Map<string, SupplierFacts | null>();
  const orders = events.filter((e) => e.aggregate_type === 'purchase_order');
  if (orders.length === 0) return facts;
  const subscribed = await subscribedDevelopers(ctx, orders);
  const products: ProductCache = new Map();
  for (const event of orders) {
    if (!subscribed.has(event.developer_id) || facts.has(event.aggregate_id)) continue;
    const order = await orderFor(ctx, mainUsers, event.developer_id, event.aggregate_id);
    facts.set(event.aggregate_id, order ? await supplierFacts(source, order, products) : null);
  }
  return facts;
}
