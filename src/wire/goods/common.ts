import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../platform/errors.ts';
import { PAGE_DEFAULTS } from '../../modules/catalog/index.ts';
import type { ProductSort, SourceProduct } from '../../sources/source.ts';
import { MarketId } from '../ids.ts';

/** Wire pieces shared by the Taobao and 1688 goods families. */
export const LanguageParam = z.string().max(16).optional().describe('Translation language: zh, en, th, vi or es (1688 docs call it `country`)');

/** The translation language of goods fields (`subjectTrans`, `titleTrans` …): en unless asked. */
export function translationLanguage(...candidates: Array<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const tag = candidate?.toLowerCase().slice(0, 2);
    if (tag && (LANGUAGES as readonly string[]).includes(tag)) return tag as Language;
  }
  return 'en';
}

export const BeginPage = z.coerce.number().int().min(1).max(PAGE_DEFAULTS.maxPage).default(PAGE_DEFAULTS.page);
export const PageSize = z.coerce.number().int().min(1).max(PAGE_DEFAULTS.maxPageSize).default(PAGE_DEFAULTS.pageSize);
export const OptionalId = z.union([MarketId, z.literal('')]).nullish().transform((v) => (v ? v : undefined));
export const CategoryIdParam = z
  .union([z.string().regex(/^\d{1,12}$/, 'rule:numericId'), z.number().int().nonnegative()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' || Number(v) === 0 ? undefined : Number(v)));

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    totalRecords: z.number().int(),
    totalPage: z.number().int(),
    pageSize: z.number().int(),
    currentPage: z.number().int(),
    data: z.array(item),
  });
}

export function toPage<T>(total: number, page: number, pageSize: number, data: T[]) {
  return { totalRecords: total, totalPage: Math.ceil(total / pageSize), pageSize, currentPage: page, data };
}

/**
 * PandaPon passes sort as a JSON string such as `{"price":"asc"}`; plain names are accepted too.
 * Anything unrecognised sorts by relevance, as the marketplaces do.
 */
export function parseSort(sort: string | null | undefined): ProductSort {
  if (!sort) return 'relevance';
  let field = sort;
  let direction = 'desc';
  try {
    const parsed: unknown = JSON.parse(sort);
    if (parsed && typeof parsed === 'object') [field, direction] = Object.entries(parsed as Record<string, string>)[0] ?? ['', ''];
  } catch {
    [field, direction = 'desc'] = sort.split(/[_:\s]/) as [string, string?];
  }
  if (/price/i.test(field)) return /asc/i.test(direction) ? 'price_asc' : 'price_desc';
  if (/sold|sale/i.test(field)) return 'sales_desc';
  return 'relevance';
}

/** Absolute base URL for media links: PONTE_PUBLIC_URL, else the request's own host. */
export function baseUrl(headers: IncomingHttpHeaders, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const proto = String(headers['x-forwarded-proto'] ?? 'http').split(',')[0];
  return `${proto}://${headers.host ?? '127.0.0.1'}`;
}

/** Image n of a product (n = colour variant; 0 is the main image), rendered on first request. */
export function imageUrl(base: string, product: SourceProduct, colorIndex = 0): string {
  return `${base}/media/p/${product.itemId}/${colorIndex}.jpg`;
}

export function productImages(base: string, product: SourceProduct): string[] {
  const count = product.imageUrls?.length ?? product.colors.length;
  return count === 0 ? [imageUrl(base, product, 0)] : Array.from({ length: count }, (_, i) => imageUrl(base, product, i));
}

export function totalStock(product: SourceProduct): number {
  return product.skus.reduce((sum, sku) => sum + sku.stock, 0);
}
