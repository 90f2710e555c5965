import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Source, SourceProduct } from '../source.ts';
import { categoryById, categoryPath, childrenOf, generateShop, shopCount, type Platform, type ShopRecord } from './catalog/index.ts';
import { getProductByItemId, getProductByNumericId, getProductsByIndexes, readCatalogState, searchProducts } from './store/index.ts';
import { SandboxImageSearch } from './image-search.ts';
import { DEFAULT_BEHAVIOUR, planAfterPayment, planBeforePayment, type SellerBehaviour } from './sellers/plan.ts';
import { planRefundResponse, shopReturnAddress } from './sellers/refund-plan.ts';
import { sellerSettings } from './sellers/settings.ts';
import { hashString } from './catalog/prng.ts';
import { measureParcel, weighShipmentMeasure } from './warehouse/measure.ts';
import { qcPhotoJpegs } from './warehouse/photos.ts';
import { trackingPlan } from './warehouse/tracking.ts';

const NUMERIC = /^\d{6,19}$/;

/**
 * The sandbox marketplace behind the Source seam. Shops are a fixed, seed-determined pool, so
 * they are regenerated in memory (6,000 small records) rather than read per request. Product,
 * search and image-vector reads go to db.catalogReads (a replica when configured); the shop pool
 * and seller settings stay on the primary: read rarely, and an operator expects to see a setting
 * the moment it is saved.
 */
export async function createSandboxSource(db: Db, behaviour: SellerBehaviour = DEFAULT_BEHAVIOUR): Promise<Source> {
  const shops = new ShopPool(db, (await readCatalogState(db))?.seed ?? null);
  await shops.load();
  const images = new SandboxImageSearch(db.catalogReads);
  await images.refresh();
  const settings = sellerSettings(db, behaviour);
  await settings.refresh();
  return {
    name: 'sandbox',
    async findProduct(ref) {
      await shops.load();
      const product = await findCatalogProduct(db, ref);
      return product ? (await shops.attachTo([product]))[0]! : null;
    },
    async searchProducts(query) {
      await shops.load();
      const { text, ...rest } = query;
      const page = await searchProducts(db.catalogReads, { ...rest, ...(text !== undefined ? { query: text } : {}) });
      return { ...page, rows: await shops.attachTo(page.rows) };
    },
    shop: (platform, shopIndex) => shops.get(platform, shopIndex),
    async findSeller(openId) {
      await shops.load();
      return shops.bySeller(openId);
    },
    category: (id) => categoryById(id) ?? null,
    categoryChildren: (id) => childrenOf(id),
    categoryPath: (id, language) => categoryPath(id, language),
    async searchByImage(descriptor, platform, limit, minIndex = 0) {
      await images.refresh();
      return shops.attachTo(await nearestProducts(db.catalogReads, images, descriptor, { platform, limit, minIndex }));
    },
    sellerSettings: settings,
    planBeforePayment: (order) => planBeforePayment(shops.seed ?? 0, order, settings.current()),
    planAfterPayment: (order) => planAfterPayment(shops.seed ?? 0, order, settings.current()),
    planRefundResponse: (refund) => planRefundResponse(shops.seed ?? 0, refund, settings.current()),
    returnAddress(platform, shopIndex) {
      const shop = shops.get(platform, shopIndex);
      return shop ? shopReturnAddress(shop) : null;
    },
    async refreshImageIndex() {
      await images.refresh();
      return { vectors: images.vectorCount, products: images.productCount };
    },
    ...sandboxWarehouseFloor(db),
  };
}

/** The sandbox warehouse floor: deterministic weights, sizes, photos and carrier tracking (sandbox/warehouse/). */
function sandboxWarehouseFloor(
  db: Db,
): Pick<Source, 'measureParcel' | 'qcPhotos' | 'weighShipment' | 'trackingPlan' | 'internationalTracking'> {
  return {
    async measureParcel(parcel) {
      const lines = [];
      for (const line of parcel.lines) {
        const product = await findCatalogProduct(db, line.itemId);
        lines.push({ weightGrams: product?.weightGrams ?? UNKNOWN_GOODS_GRAMS, quantity: line.quantity });
      }
      return measureParcel(parcel.parcelId, lines);
    },
    qcPhotos: (parcel) =>
      qcPhotoJpegs(
        `${parcel.parcelId}:${parcel.series}`,
        parcel.count,
        `${(parcel.weightGrams / 1000).toFixed(2)} kg  ${parcel.trackingNumber}`,
      ),
    weighShipment: (shipment, parcels) => weighShipmentMeasure(shipment.shipmentId, parcels),
    trackingPlan: (shipment) => trackingPlan(shipment.shipmentId, shipment.country, shipment.transitDays),
    internationalTracking: (shipment) => ({ carrier: shipment.companyName, trackingNumber: internationalNumber(shipment.shipmentId) }),
  };
}

/** What one unit weighs when the goods are not the sandbox's (a W3 declaration of an order bought elsewhere). */
const UNKNOWN_GOODS_GRAMS = 500;

/** A UPU-style number (two letters, nine digits, the origin country) derived from the shipment id. */
function internationalNumber(shipmentId: string): string {
  return `PP${String(hashString(`intl:${shipmentId}`) % 1_000_000_000).padStart(9, '0')}CN`;
}

/**
 * The generated shop pool, filled once the catalog has a seed, and the imported suppliers
 * (catalog import), which live in sandbox_shops above the generated pool and are read when a
 * product of theirs is first seen.
 */
class ShopPool {
  seed: number | null;
  readonly #db: Db;
  readonly #shops = new Map<string, ShopRecord>();
  readonly #byOpenId = new Map<string, ShopRecord>();

  constructor(db: Db, seed: number | null) {
    this.#db = db;
    this.seed = seed;
  }

  /** False while no catalog (and so no seed) exists yet. */
  async load(): Promise<boolean> {
    if (this.#shops.size > 0) return true;
    this.seed ??= (await readCatalogState(this.#db))?.seed ?? null;
    if (this.seed === null) return false;
    for (const platform of ['taobao', '1688'] as Platform[]) {
      for (let i = 0; i < shopCount(platform); i++) this.#add(platform, i, generateShop(this.seed, platform, i));
    }
    return true;
  }

  get(platform: Platform, shopIndex: number): ShopRecord | null {
    return this.#shops.get(`${platform}:${shopIndex}`) ?? null;
  }

  bySeller(openId: string): ShopRecord | null {
    return this.#byOpenId.get(openId) ?? null;
  }

  /** Makes sure the shops of these products are known (reading imported ones); answers the products. */
  async attachTo<T extends SourceProduct[]>(products: T): Promise<T> {
    const missing = [...new Set(products.filter((p) => !this.#shops.has(`${p.platform}:${p.shopIndex}`)).map((p) => p.shopIndex))];
    if (missing.length === 0) return products;
    const rows = await (this.#db.kysely as unknown as Kysely<any>)
      .selectFrom('sandbox_shops')
      .select(['platform', 'shop_index', 'json'])
      .where('shop_index', 'in', missing)
      .execute();
    for (const row of rows) this.#add(row.platform, row.shop_index, JSON.parse(String(row.json)) as ShopRecord);
    return products;
  }

  #add(platform: Platform, shopIndex: number, shop: ShopRecord): void {
    this.#shops.set(`${platform}:${shopIndex}`, shop);
    this.#byOpenId.set(shop.sellerOpenId, shop);
  }
}

/**
 * A product from the catalog reads; a miss there is asked again of the primary, so a product
 * imported a moment ago is not "not found" while the replica catches up.
 */
async function findCatalogProduct(db: Db, ref: string): Promise<SourceProduct | null> {
  const found = await findByRef(db.catalogReads, ref);
  return found || db.catalogReads === db ? found : findByRef(db, ref);
}

/** By v1 numeric id, v2 item id, or map id. */
async function findByRef(db: Db, ref: string): Promise<SourceProduct | null> {
  if (NUMERIC.test(ref)) return getProductByNumericId(db, ref);
  return (await getProductByItemId(db, ref)) ?? (await getProductByMapId(db, ref));
}

async function nearestProducts(
  db: Db,
  images: SandboxImageSearch,
  descriptor: Float32Array,
  { platform, limit, minIndex }: { platform: Platform; limit: number; minIndex: number },
): Promise<SourceProduct[]> {
  // The index spans both platforms; over-fetch so the page survives the platform filter.
  const hits = images.search(descriptor, Math.min(500, limit * 3 + 20), minIndex);
  const products = await getProductsByIndexes(
    db,
    hits.map((h) => h.productKey),
  );
  return products.filter((p) => p.platform === platform).slice(0, limit);
}

async function getProductByMapId(db: Db, mapId: string): Promise<SourceProduct | null> {
  const row = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_products')
    .select('item_id')
    .where('map_id', '=', mapId)
    .executeTakeFirst();
  return row ? getProductByItemId(db, String(row.item_id)) : null;
}
