/**
 * Goods, platform-neutral: finding a product by any of its ids and searching, over a Source.
 * Paging limits live here, once.
 */
import { fail, type Failure } from '../../platform/errors.ts';
import type { Platform, ProductPage, ProductQuery, Source, SourceProduct } from '../../sources/source.ts';

export const PAGE_DEFAULTS = { page: 1, pageSize: 20, maxPageSize: 50, maxPage: 500 } as const;

export async function findProduct(
  source: Source,
  ref: string,
  platform: Platform,
): Promise<{ ok: true; product: SourceProduct } | Failure> {
  const product = ref ? await source.findProduct(ref) : null;
  // A 1688 offer asked for on a Taobao path (or the reverse) does not exist there.
  if (!product || product.platform !== platform) return fail('NOT_FOUND', { what: `${platform === 'taobao' ? 'item' : 'offer'} ${ref}` });
  return { ok: true, product };
}

export async function searchGoods(source: Source, query: ProductQuery): Promise<ProductPage> {
  return source.searchProducts(query);
}

/** Same leaf category, best sellers first, the product itself left out. */
export async function relatedGoods(source: Source, product: SourceProduct, page: number, pageSize: number): Promise<ProductPage> {
  return source.searchProducts({
    platform: product.platform,
    categoryId: product.categoryId,
    excludeIndexes: [product.index],
    sort: 'sales_desc',
    page,
    pageSize,
  });
}

/** Image search answers at most this many products, best first, paged like any search. */
export const IMAGE_SEARCH_LIMIT = 100;

export async function searchGoodsByImage(
  source: Source,
  descriptor: Float32Array,
  platform: Platform,
  page: number,
  pageSize: number,
): Promise<ProductPage> {
  const ranked = await source.searchByImage(descriptor, platform, Math.min(IMAGE_SEARCH_LIMIT, page * pageSize));
  return { total: ranked.length, rows: ranked.slice((page - 1) * pageSize, page * pageSize) };
}

export type { Platform, ProductPage, ProductQuery, Source, SourceProduct };
