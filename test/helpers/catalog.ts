import type { Kysely } from 'kysely';
import type { Db } from '../../src/platform/db/index.ts';

/** Sets one SKU's stock in the sandbox store (sources read it live), to meet stock-outs in tests. */
export async function setSkuStock(db: Db, productIndex: number, skuIndex: number, stock: number): Promise<void> {
  const kysely = db.kysely as unknown as Kysely<any>;
  const row = await kysely.selectFrom('sandbox_products').select('detail_json').where('product_index', '=', productIndex).executeTakeFirstOrThrow();
  const detail = JSON.parse(row.detail_json);
  detail.skus[skuIndex].stock = stock;
  await kysely.updateTable('sandbox_products').set({ detail_json: JSON.stringify(detail) }).where('product_index', '=', productIndex).execute();
}
