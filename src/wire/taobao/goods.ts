import { z } from 'zod';
import { fail } from '../../platform/errors.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { findProduct, searchGoods, type SourceProduct } from '../../modules/catalog/index.ts';
import { ImageQueryFields, imageSearchPage } from '../goods/image-input.ts';
import {
  BeginPage,
  CategoryIdParam,
  LanguageParam,
  PageSize,
  SortParam,
  baseUrl,
  pageOf,
  parseSort,
  toPage,
  translationLanguage,
} from '../goods/common.ts';
import { jsonText } from '../common/json-text.ts';
import { TaobaoListItem, TaobaoProductDetail, taobaoDetail, taobaoListItem } from './product-view.ts';
import { MarketId } from '../common/ids.ts';

const BatchParams = jsonText(
  z
    .array(z.object({ itemId: MarketId, skuIds: z.array(MarketId).max(100).optional() }))
    .min(1)
    .max(50),
);

const productGet = defineRoute({
  method: 'GET',
  path: '/v2/taobao/product/get',
  aliases: ['/open/product/get'],
  operationId: 'taobaoProductGet',
  summary: 'Taobao product detail',
  description: '`itemId` is the v2 opaque id (`itemId` or `itemMapId`); the v1 path also takes the numeric id. Prices are fen.',
  tags: ['Taobao goods'],
  action: 'read',
  query: z.object({ itemId: z.string().trim().min(1).max(40), language: LanguageParam }),
  data: TaobaoProductDetail,
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { query, headers, services }) => {
    const found = await findProduct(services.source, query.itemId, 'taobao');
    if (!found.ok) return found;
    return ok(taobaoDetail(services.source, found.product, translationLanguage(query.language), baseUrl(headers, services.publicUrl)));
  },
});

const batchCheck = defineRoute({
  method: 'POST',
  path: '/v2/taobao/product/batch/check',
  aliases: ['/open/product/batch/check'],
  operationId: 'taobaoProductBatchCheck',
  summary: 'Query products in bulk by ids',
  description: [
    '`params` is a JSON string (PandaPon quirk): `[{"itemId":"…","skuIds":["…"]}]`, at most 50 items.',
    'Unknown items and SKUs are reported with a reason, not as an error.',
  ].join(' '),
  tags: ['Taobao goods'],
  action: 'read',
  body: z.object({ params: BatchParams, language: LanguageParam }),
  data: z.object({
    mpProducts: z.array(z.object({ itemId: z.string(), mpId: z.string(), skuIds: z.array(z.string()) })),
    noMpProductItemIds: z.array(z.string()),
    noMpReasonList: z.array(z.object({ itemId: z.string(), reason: z.string() })),
  }),
  errors: [],
  handler: async (_ctx, { body, services }) => {
    const result = {
      mpProducts: [] as { itemId: string; mpId: string; skuIds: string[] }[],
      noMpProductItemIds: [] as string[],
      noMpReasonList: [] as { itemId: string; reason: string }[],
    };
    for (const wanted of body.params) {
      const found = await findProduct(services.source, wanted.itemId, 'taobao');
      if (!found.ok) {
        result.noMpProductItemIds.push(wanted.itemId);
        result.noMpReasonList.push({ itemId: wanted.itemId, reason: 'ITEM_NOT_FOUND' });
        continue;
      }
      const known = new Set(found.product.skus.map((s) => s.skuId));
      const missing = (wanted.skuIds ?? []).filter((id) => !known.has(id));
      if (missing.length > 0) result.noMpReasonList.push({ itemId: wanted.itemId, reason: `SKU_NOT_FOUND:${missing.join(',')}` });
      const skuIds = wanted.skuIds ? wanted.skuIds.filter((id) => known.has(id)) : [...known];
      result.mpProducts.push({ itemId: found.product.itemId, mpId: found.product.numericId, skuIds });
    }
    return ok(result);
  },
});

const search = defineRoute({
  method: 'POST',
  path: '/v2/taobao/product/search',
  aliases: ['/open/product/search'],
  operationId: 'taobaoProductSearch',
  summary: 'Taobao keyword search',
  description: [
    'Full-text search over the Chinese title and its translations: `dress`, `连衣裙`, `váy` and `ชุดเดรส` all find dresses.',
    '`sort` is a JSON string like `{"price":"asc"}` (or `{"sales":"desc"}`). Prices are fen.',
  ].join(' '),
  tags: ['Taobao goods'],
  action: 'read',
  body: z.object({
    keyword: z.string().trim().max(100).default(''),
    beginPage: BeginPage,
    pageSize: PageSize,
    sort: SortParam,
    priceStart: z.coerce.number().int().min(0).nullish().describe('fen'),
    priceEnd: z.coerce.number().int().min(0).nullish().describe('fen'),
    categoryId: CategoryIdParam,
    language: LanguageParam,
  }),
  data: pageOf(TaobaoListItem),
  errors: [],
  handler: async (_ctx, { body, headers, services }) => {
    const lang = translationLanguage(body.language);
    if (body.priceStart != null && body.priceEnd != null && body.priceStart > body.priceEnd)
      return fail('BAD_PARAMETER', { field: 'priceEnd', rule: '≥ priceStart' });
    const page = await searchGoods(services.source, {
      platform: 'taobao',
      text: body.keyword,
      language: lang,
      sort: parseSort(body.sort),
      page: body.beginPage,
      pageSize: body.pageSize,
      ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
      ...(body.priceStart != null ? { priceStartFen: body.priceStart } : {}),
      ...(body.priceEnd != null ? { priceEndFen: body.priceEnd } : {}),
    });
    const base = baseUrl(headers, services.publicUrl);
    return ok(
      toPage(
        page.total,
        body.beginPage,
        body.pageSize,
        page.rows.map((p: SourceProduct) => taobaoListItem(services.source, p, lang, base)),
      ),
    );
  },
});

const imageSearch = defineRoute({
  method: 'POST',
  path: '/v2/taobao/product/image/search',
  aliases: ['/open/product/image/search'],
  operationId: 'taobaoImageSearch',
  summary: 'Taobao image search',
  description: [
    'Finds products whose pictures look like the query image (`imageBase64`, or `imageAddress` e.g. a Ponte /media URL).',
    'Resized, cropped (≤ 20 %), re-encoded or brightened copies still find the product. At most 100 results, best first.',
  ].join(' '),
  tags: ['Taobao goods'],
  action: 'read',
  body: z.object({ ...ImageQueryFields, beginPage: BeginPage, pageSize: PageSize, language: LanguageParam }),
  data: pageOf(TaobaoListItem),
  errors: ['IMAGE_INVALID', 'IMAGE_TOO_LARGE', 'IMAGE_UNREACHABLE'],
  handler: async (_ctx, { body, headers, services }) => {
    const lang = translationLanguage(body.language);
    const base = baseUrl(headers, services.publicUrl);
    return imageSearchPage(services, body, 'taobao', (p) => taobaoListItem(services.source, p, lang, base));
  },
});

export const taobaoGoodsRoutes = [productGet, batchCheck, search, imageSearch] as const;
