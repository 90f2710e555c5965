/** Wire pieces shared by the Taobao and 1688 goods families. */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../platform/errors.ts';
import { PAGE_DEFAULTS } from '../../modules/catalog/index.ts';
import type { ProductSort, SourceProduct } from '../../sources/source.ts';
import { MarketId } from '../common/ids.ts';

/** Refuses a value outside `allowed`, naming them (the validator says "must be one of a|b|c"). */
export function oneOf<T extends z.ZodType>(schema: T, allowed: readonly string[], accepts: (value: z.output<T>) => boolean) {
  return schema.superRefine((value, ctx) => {
    if (value !== undefined && value !== null && !accepts(value))
      ctx.addIssue({ code: 'invalid_value', values: [...allowed], input: value });
  });
}

/** zh, en, th, vi, es — case-insensitive, a region suffix (`en-US`) allowed; anything else is refused. */
export const LanguageParam = oneOf(z.string().max(16), LANGUAGES, (v) => /^(zh|en|th|vi|es)([-_][a-z0-9]{1,8})?$/i.test(v))
  .optional()
  .describe('Language: zh, en, th, vi or es (1688 docs call it `country`); other values are refused');

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
export const OptionalId = z
  .union([MarketId, z.literal('')])
  .nullish()
  .transform((v) => (v ? v : undefined));
export const CategoryIdParam = z
  // The reference's own example sends `"categoryId":""` for "any category".
  .union([z.literal(''), z.string().regex(/^\d{1,12}$/, 'rule:numericId'), z.number().int().nonnegative()])
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

/** The sort values understood, as a client writes them; each one's meaning below. */
const SORTS: Readonly<Record<string, ProductSort>> = {
  '{"price":"asc"}': 'price_asc',
  '{"price":"desc"}': 'price_desc',
  '{"sales":"desc"}': 'sales_desc',
  '{"monthSold":"desc"}': 'sales_desc',
  price_asc: 'price_asc',
  price_desc: 'price_desc',
  sales_desc: 'sales_desc',
  relevance: 'relevance',
};

/** A sort's canonical spelling: JSON without spaces and with the direction in lower case, plain names in lower case. */
function sortKey(sort: string): string {
  try {
    const parsed: unknown = JSON.parse(sort);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const entries = Object.entries(parsed as Record<string, unknown>);
      return entries.length === 1 ? JSON.stringify({ [entries[0]![0]]: String(entries[0]![1]).toLowerCase() }) : sort;
    }
  } catch {
    // not JSON: a plain name
  }
  return sort.trim().toLowerCase();
}

/**
 * PandaPon passes sort as a JSON string such as `{"price":"asc"}`; plain names are accepted too.
 * A sort that is not understood is refused with the ones that are, never silently ignored.
 */
export const SortParam = oneOf(z.string().max(100), Object.keys(SORTS), (v) => v === '' || sortKey(v) in SORTS)
  .nullish()
  .describe(`JSON string or name: ${Object.keys(SORTS).join(', ')}`);

export function parseSort(sort: string | null | undefined): ProductSort {
  return sort ? (SORTS[sortKey(sort)] ?? 'relevance') : 'relevance';
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
