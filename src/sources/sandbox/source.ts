import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Source, SourceProduct } from '../source.ts';
import { categoryById, categoryPath, childrenOf, generateShop, shopCount, type Platform, type ShopRecord } from './catalog/index.ts';
import { getProductByItemId, getProductByNumericId, getProductsByIndexes, readCatalogState, searchProducts } from './store/index.ts';
import { SandboxImageSearch } from './image-search.ts';
import { DEFAULT_BEHAVIOUR, planAfterPayment, planBeforePayment, type SellerBehaviour } from './sellers/plan.ts';

const NUMERIC = /^\d{6,19}$/;

/**
 * The sandbox marketplace behind the Source seam. Shops are a fixed, seed-determined pool, so
 * they are regenerated in memory (6,000 small records) rather than read per request.
 */
export async function createSandboxSource(db: Db, behaviour: SellerBehaviour = DEFAULT_BEHAVIOUR): Promise<Source> {
  let seed = (await readCatalogState(db))?.seed ?? null;
  const shops = new Map<string, ShopRecord>();
  const byOpenId = new Map<string, ShopRecord>();
  const loadShops = async () => {
    if (shops.size > 0) return true;
    seed ??= (await readCatalogState(db))?.seed ?? null;
    if (seed === null) return false;
    for (const platform of ['taobao', '1688'] as Platform[]) {
      for (let i = 0; i < shopCount(platform); i++) {
        const shop = generateShop(seed, platform, i);
        shops.set(`${platform}:${i}`, shop);
        byOpenId.set(shop.sellerOpenId, shop);
      }
    }
    return true;
  };
  await loadShops();
  const images = new SandboxImageSearch(db);
  await images.refresh();
  // Imported suppliers (catalog import) live in sandbox_shops above the generated pool.
  const withShops = async <T extends SourceProduct[]>(products: T): Promise<T> => {
    const missing = [...new Set(products.filter((p) => !shops.has(`${p.platform}:${p.shopIndex}`)).map((p) => p.shopIndex))];
    if (missing.length === 0) return products;
    const rows = await (db.kysely as unknown as Kysely<any>)
      .selectFrom('sandbox_shops')
      .select(['platform', 'shop_index', 'json'])
      .where('shop_index', 'in', missing)
      .execute();
    for (const row of rows) {
      const shop = JSON.parse(String(row.json)) as ShopRecord;
      shops.set(`${row.platform}:${row.shop_index}`, shop);
      byOpenId.set(shop.sellerOpenId, shop);
    }
    return products;
  };
  return {
    name: 'sandbox',
    async findProduct(ref) {
      await loadShops();
      const product = NUMERIC.test(ref)
        ? await getProductByNumericId(db, ref)
        : ((await getProductByItemId(db, ref)) ?? (await getProductByMapId(db, ref)));
      return product ? (await withShops([product]))[0]! : null;
    },
    async searchProducts(query) {
      await loadShops();
      const { text, ...rest } = query;
      const page = await searchProducts(db, { ...rest, ...(text !== undefined ? { query: text } : {}) });
      return { ...page, rows: await withShops(page.rows) };
    },
    shop: (platform, shopIndex) => shops.get(`${platform}:${shopIndex}`) ?? null,
    async findSeller(openId) {
      await loadShops();
      return byOpenId.get(openId) ?? null;
    },
    category: (id) => categoryById(id) ?? null,
    categoryChildren: (id) => childrenOf(id),
    categoryPath: (id, language) => categoryPath(id, language),
    async searchByImage(descriptor, platform, limit) {
      await images.refresh();
      // The index spans both platforms; over-fetch so the page survives the platform filter.
      const hits = images.search(descriptor, Math.min(500, limit * 3 + 20));
      const products = await getProductsByIndexes(
        db,
        hits.map((h) => h.productKey),
      );
      return withShops(products.filter((p) => p.platform === platform).slice(0, limit));
    },
    planBeforePayment: (order) => planBeforePayment(seed ?? 0, order, behaviour),
    planAfterPayment: (order) => planAfterPayment(seed ?? 0, order, behaviour),
    async refreshImageIndex() {
      await images.refresh();
      return { vectors: images.vectorCount, products: images.productCount };
    },
  };
}

async function getProductByMapId(db: Db, mapId: string): Promise<SourceProduct | null> {
  const row = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_products')
    .select('item_id')
    .where('map_id', '=', mapId)
    .executeTakeFirst();
  return row ? getProductByItemId(db, String(row.item_id)) : null;
}
