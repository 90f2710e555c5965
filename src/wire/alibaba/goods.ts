import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { fail } from '../../platform/errors.ts';
import { yuanToFen } from '../../platform/money.ts';
import { defineRoute, ok, type Result, type RouteServices } from '../../platform/http/index.ts';
import { findProduct, searchGoods, type ProductQuery } from '../../modules/catalog/index.ts';
import { ImageQueryFields, imageSearchPage } from '../goods/image-input.ts';
import {
  BeginPage,
  CategoryIdParam,
  LanguageParam,
  OptionalId,
  PageSize,
  SortParam,
  baseUrl,
  oneOf,
  pageOf,
  parseSort,
  toPage,
  translationLanguage,
} from '../goods/common.ts';
import { AlibabaListItem, AlibabaProductDetail, alibabaDetail, alibabaListItem } from './product-view.ts';

/**
 * The 1688 search filters Ponte knows; others are refused, not ignored. `shipInToday` and
 * `ksCiphertext` are the reference's own example: every sandbox seller ships the day it is paid
 * and no field is enciphered, so they narrow nothing here.
 */
const FILTERS = ['jxhy', 'globalSelection', 'shipInToday', 'ksCiphertext'] as const;
const filterNames = (filter: string) =>
  filter
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
const FilterParam = oneOf(z.string().max(200), FILTERS, (v) => filterNames(v).every((f) => (FILTERS as readonly string[]).includes(f)))
  .nullish()
  .describe(
    'Comma list of: `jxhy` (strictly selected), `globalSelection`, `shipInToday`, `ksCiphertext` ' +
      '(these two narrow nothing in the sandbox); other values are refused',
  );

/** The 1688 keyword query body (reference G2); the seller, strictly-selected and global variants extend it. */
export const KeywordQueryBody = z.object({
  keyword: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v ?? ''),
  beginPage: BeginPage,
  pageSize: PageSize,
  country: LanguageParam,
  language: LanguageParam,
  filter: FilterParam,
  sort: SortParam,
  outMemberId: z.string().max(64).nullish(),
  priceStart: z.union([z.string(), z.number()]).nullish().describe('yuan'),
  priceEnd: z.union([z.string(), z.number()]).nullish().describe('yuan'),
  categoryId: CategoryIdParam,
});
type KeywordQuery = z.output<typeof KeywordQueryBody>;

function yuanBound(value: string | number | null | undefined, field: string): number | undefined | { error: string } {
  if (value === null || value === undefined || value === '') return undefined;
  const fen = yuanToFen(value);
  return fen === null ? { error: field } : fen;
}

/** Turns the wire body into a platform-neutral query; a bad price bound is a BAD_PARAMETER. */
function toQuery(body: KeywordQuery, extra: Partial<ProductQuery>): ProductQuery | { error: string } {
  const start = yuanBound(body.priceStart, 'priceStart');
  const end = yuanBound(body.priceEnd, 'priceEnd');
  if (typeof start === 'object') return start;
  if (typeof end === 'object') return end;
  const filters = new Set(filterNames(body.filter ?? ''));
  const flag = filters.has('jxhy') ? 'strictlySelected' : filters.has('globalSelection') ? 'globalSelection' : undefined;
  return {
    platform: '1688',
    text: body.keyword,
    language: translationLanguage(body.language, body.country),
    sort: parseSort(body.sort),
    page: body.beginPage,
    pageSize: body.pageSize,
    ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
    ...(start !== undefined ? { priceStartFen: start } : {}),
    ...(end !== undefined ? { priceEndFen: end } : {}),
    ...(flag ? { flag } : {}),
    ...extra,
  };
}

export async function runKeywordQuery(
  services: RouteServices,
  body: KeywordQuery,
  headers: IncomingHttpHeaders,
  extra: Partial<ProductQuery>,
): Promise<Result<z.input<ReturnType<typeof pageOf<typeof AlibabaListItem>>>>> {
  const query = toQuery(body, extra);
  if ('error' in query) return fail('BAD_PARAMETER', { field: query.error, rule: 'yuan amount, e.g. 19.90' });
  const page = await searchGoods(services.source, query);
  const base = baseUrl(headers, services.publicUrl);
  const lang = query.language ?? 'en';
  return ok(
    toPage(
      page.total,
      query.page,
      query.pageSize,
      page.rows.map((p) => alibabaListItem(services.source, p, lang, base)),
    ),
  );
}

/** The keyword query and its variants differ only in path, docs and the fixed narrowing `extra`. */
function keywordRoute<const P extends string>(spec: {
  path: P;
  aliases: string[];
  operationId: string;
  summary: string;
  description: string;
  extra: Partial<ProductQuery>;
}) {
  return defineRoute({
    method: 'POST',
    path: spec.path,
    aliases: spec.aliases,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: ['1688 goods'],
    action: 'read',
    body: KeywordQueryBody,
    data: pageOf(AlibabaListItem),
    errors: [],
    handler: (_ctx, { body, headers, services }) => runKeywordQuery(services, body, headers, spec.extra),
  });
}

const detail = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/detail/get',
  aliases: ['/alibaba/product/detail/get'],
  operationId: 'alibabaProductDetail',
  summary: '1688 product detail',
  description: '`offerId` is the v2 opaque id (`offerId` or `offerMapId`) or the v1 numeric id. Prices are yuan strings.',
  tags: ['1688 goods'],
  action: 'read',
  body: z.object({ offerId: OptionalId, country: LanguageParam, language: LanguageParam, outMemberId: z.string().max(64).nullish() }),
  data: AlibabaProductDetail,
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { body, headers, services }) => {
    if (!body.offerId) return fail('BAD_PARAMETER', { field: 'offerId', rule: 'is required' });
    const found = await findProduct(services.source, body.offerId, '1688');
    if (!found.ok) return found;
    const lang = translationLanguage(body.language, body.country);
    return ok(alibabaDetail(services.source, found.product, lang, baseUrl(headers, services.publicUrl)));
  },
});

const keywords = keywordRoute({
  path: '/v2/alibaba/product/keywords/query',
  aliases: ['/alibaba/product/keywords/query'],
  operationId: 'alibabaKeywordsQuery',
  summary: '1688 keyword query',
  description: 'Full-text search in any supported language; `totalRecords` is exact. Prices are yuan strings.',
  extra: {},
});

const strictlySelected = keywordRoute({
  path: '/v2/alibaba/product/jxhy/keywords/query',
  aliases: [],
  operationId: 'alibabaJxhyKeywordsQuery',
  summary: '1688 strictly-select keyword query',
  description: 'The keyword query limited to 1688 strictly selected (jxhy) offers.',
  extra: { flag: 'strictlySelected' },
});

const globalSelection = keywordRoute({
  path: '/v2/alibaba/product/globalSelection/keywords/query',
  aliases: [],
  operationId: 'alibabaGlobalSelectionKeywordsQuery',
  summary: 'Global strictly-selected keyword query',
  description: 'The keyword query limited to the global-selection offers curated for cross-border buyers.',
  extra: { flag: 'globalSelection' },
});

const sellerOffers = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/query/selleroffer',
  aliases: ['/alibaba/product/query/selleroffer'],
  operationId: 'alibabaSellerOfferQuery',
  summary: 'Multilingual store search',
  description: 'The keyword query within one supplier, named by `sellerOpenId`. An unknown seller answers 404.',
  tags: ['1688 goods'],
  action: 'read',
  body: KeywordQueryBody.extend({ sellerOpenId: z.string().trim().min(1).max(64) }),
  data: pageOf(AlibabaListItem),
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { body, headers, services }) => {
    const shop = await services.source.findSeller(body.sellerOpenId);
    if (shop?.platform !== '1688') return fail('NOT_FOUND', { what: `seller ${body.sellerOpenId}` });
    return runKeywordQuery(services, body, headers, { shopIndex: shop.shopIndex });
  },
});

const imageQuery = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/image/query',
  aliases: ['/alibaba/product/image/query'],
  operationId: 'alibabaImageQuery',
  summary: '1688 image search',
  description:
    'Offers whose pictures look like the query image (`imageBase64` or `imageAddress`); robust to resizing, cropping (≤ 20 %), ' +
    'JPEG re-encoding and brightness changes. At most 100 results, best first.',
  tags: ['1688 goods'],
  action: 'read',
  body: KeywordQueryBody.extend({ ...ImageQueryFields, region: z.string().max(100).nullish() }),
  data: pageOf(AlibabaListItem),
  errors: ['IMAGE_INVALID', 'IMAGE_TOO_LARGE', 'IMAGE_UNREACHABLE'],
  handler: async (_ctx, { body, headers, services }) => {
    const lang = translationLanguage(body.language, body.country);
    const base = baseUrl(headers, services.publicUrl);
    return imageSearchPage(services, body, '1688', (p) => alibabaListItem(services.source, p, lang, base));
  },
});

export const alibabaGoodsRoutes = [detail, keywords, sellerOffers, strictlySelected, globalSelection, imageQuery] as const;
