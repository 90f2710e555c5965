import type { Kysely } from 'kysely';
import type { Config } from '../../src/config.ts';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { topUp } from '../../src/modules/wallet/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { createSandboxSource } from '../../src/sources/sandbox/source.ts';
import { getProductsByIndexes } from '../../src/sources/sandbox/store/index.ts';
import type { Source, SourceProduct } from '../../src/sources/source.ts';
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
