import type { Kysely } from 'kysely';
import type { Config } from '../../src/config.ts';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { priceOrder } from '../../src/modules/orders/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { createSandboxSource } from '../../src/sources/sandbox/source.ts';
import { getProductsByIndexes } from '../../src/sources/sandbox/store/index.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
import { TAOBAO_RECEIVER } from './fixtures-buyers.ts';
import { createHarness, type Harness } from './harness.ts';

/** Sets one SKU's stock in the sandbox store (sources read it live), to meet stock-outs in tests. */
export async function setSkuStock(db: Db, productIndex: number, skuIndex: number, stock: number): Promise<void> {
  const kysely = db.kysely as unknown as Kysely<any>;
  const row = await kysely
    .selectFrom('sandbox_products')
    .select('detail_json')
    .where('product_index', '=', productIndex)
    .executeTakeFirstOrThrow();
  const detail = JSON.parse(row.detail_json);
  detail.skus[skuIndex].stock = stock;
  await kysely
    .updateTable('sandbox_products')
    .set({ detail_json: JSON.stringify(detail) })
    .where('product_index', '=', productIndex)
    .execute();
}

export interface OrderTestbed {
  h: Harness;
  source: Source;
  /** Every generated product, in index order: tests pick fresh SKUs from it. */
  products: SourceProduct[];
}

/** An in-process app over a generated catalog, with its sandbox source and all its products. */
export async function orderTestbed(overrides: Partial<Config> = {}, catalogProducts = 600): Promise<OrderTestbed> {
  const h = await createHarness(overrides, { catalogProducts });
  return { h, ...(await catalogSource(h, catalogProducts)) };
}

/** The sandbox source over a harness made with `catalogProducts` generated products, and those products. */
export async function catalogSource(h: Harness, catalogProducts: number): Promise<Omit<OrderTestbed, 'h'>> {
  const source = await createSandboxSource(h.db);
  const products = await getProductsByIndexes(
    h.db,
    Array.from({ length: catalogProducts }, (_, i) => i),
  );
  return { source, products };
}

/** A new developer whose wallet holds amountFen. */
export async function fundedDeveloper(h: Harness, amountFen: number): Promise<CreatedDeveloper> {
  const developer = await h.developer();
  await topUp(h.ctx, { developerId: developer.developerId, amountFen });
  return developer;
}

/** A funded developer's signed Taobao order for one unit of the first SKU in stock; answers the order id. */
export async function signedTaobaoOrder(h: Harness, source: Source, products: SourceProduct[]): Promise<string> {
  const product = products.find((p) => p.platform === 'taobao' && p.skus.some((s) => s.stock > 0));
  const sku = product?.skus.find((s) => s.stock > 0);
  if (!product || !sku) throw new Error('no taobao SKU in stock');
  const priced = await priceOrder(source, 'taobao', [{ itemRef: product.itemId, skuId: sku.skuId, quantity: 1 }]);
  if (!priced.ok) throw new Error(`pricing failed: ${JSON.stringify(priced)}`);
  const line = { itemId: product.itemId, skuId: sku.skuId, quantity: '1', orderLineNo: '1', price: String(sku.priceFen), currency: 'CNY' };
  const answer = await h.call(await fundedDeveloper(h, 10_000_000), 'POST', '/v2/taobao/order/create', {
    orderLineList: JSON.stringify([line]),
    receiver: JSON.stringify(TAOBAO_RECEIVER),
    purchaseAmount: priced.groups.reduce((sum, g) => sum + g.totalAmountFen, 0),
    orderSource: 'test',
  });
  if (answer.code !== 200) throw new Error(`order refused: ${answer.code} ${answer.msg}`);
  return String(answer.data.purchaseOrderId);
}
