/** 1688 discovery: categories, recommendations, related offers and the hot list (reference G5–G7, G10). */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { defineRoute, ok, type RouteServices } from '../../platform/http/index.ts';
import { fail, type Language } from '../../platform/errors.ts';
import { findProduct, relatedGoods, searchGoods, type Source } from '../../modules/catalog/index.ts';
import { BeginPage, CategoryIdParam, LanguageParam, PageSize, baseUrl, pageOf, toPage, translationLanguage } from '../goods/common.ts';
import { AlibabaListItem, alibabaListItem } from './product-view.ts';
import { MarketId } from '../common/ids.ts';

const CategoryView = z.object({ categoryId: z.number().int(), name: z.string(), nameTrans: z.string(), leaf: z.boolean() });

const PagedBody = z.object({ pageNo: BeginPage, pageSize: PageSize, language: LanguageParam, country: LanguageParam });
type PagedBody = z.output<typeof PagedBody>;

/** A page of offers as 1688 list items, links rooted at the caller's base URL. */
function listPage(services: RouteServices, headers: IncomingHttpHeaders, body: PagedBody, result: Awaited<ReturnType<typeof searchGoods>>) {
  const lang = translationLanguage(body.language, body.country);
  const base = baseUrl(headers, services.publicUrl);
  return toPage(
    result.total,
    body.pageNo,
    body.pageSize,
    result.rows.map((p) => alibabaListItem(services.source, p, lang, base)),
  );
}

function bestSellers(source: Source, body: { pageNo: number; pageSize: number; categoryId: number | undefined }) {
  return searchGoods(source, {
    platform: '1688',
    sort: 'sales_desc',
    page: body.pageNo,
    pageSize: body.pageSize,
    ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
  });
}

function categoryView(c: { id: number; names: Record<string, string>; leaf: boolean }, lang: Language) {
  return { categoryId: c.id, name: c.names.zh!, nameTrans: c.names[lang]!, leaf: c.leaf };
}

const categories = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/category/get',
  aliases: ['/alibaba/category/get'],
  operationId: 'alibabaCategoryGet',
  summary: 'Multilingual categories by id',
  description:
    'The category node, its Taobao-style path and its children, names in the requested language. ' +
    '`categoryId` 0 or absent = the top level.',
  tags: ['1688 goods'],
  action: 'read',
  body: z.object({ categoryId: CategoryIdParam, language: LanguageParam, country: LanguageParam }),
  data: z.object({
    category: CategoryView.extend({ parentId: z.number().int().nullable(), path: z.string(), pathTrans: z.string() }).nullable(),
    children: z.array(CategoryView),
  }),
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { body, services: { source } }) => {
    const lang = translationLanguage(body.language, body.country);
    if (body.categoryId === undefined)
      return ok({ category: null, children: source.categoryChildren(null).map((c) => categoryView(c, lang)) });
    const node = source.category(body.categoryId);
    if (!node) return fail('NOT_FOUND', { what: `category ${body.categoryId}` });
    return ok({
      category: {
        ...categoryView(node, lang),
        parentId: node.parentId,
        path: source.categoryPath(node.id, 'zh'),
        pathTrans: source.categoryPath(node.id, lang),
      },
      children: source.categoryChildren(node.id).map((c) => categoryView(c, lang)),
    });
  },
});

const recommend = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/recommend',
  aliases: ['/alibaba/product/recommend'],
  operationId: 'alibabaProductRecommend',
  summary: 'Product recommendation',
  description: 'Best-selling offers across categories, optionally within one category.',
  tags: ['1688 goods'],
  action: 'read',
  body: PagedBody.extend({ categoryId: CategoryIdParam }),
  data: pageOf(AlibabaListItem),
  errors: [],
  handler: async (_ctx, { body, headers, services }) => ok(listPage(services, headers, body, await bestSellers(services.source, body))),
});

const related = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/productRelatedRecommendQuery',
  aliases: ['/alibaba/product/productRelatedRecommendQuery'],
  operationId: 'alibabaRelatedRecommend',
  summary: 'Related product recommendation',
  description: 'Offers similar to `offerId`: same category, best sellers first (the offer itself excluded).',
  tags: ['1688 goods'],
  action: 'read',
  body: PagedBody.extend({ offerId: MarketId }),
  data: pageOf(AlibabaListItem),
  errors: ['NOT_FOUND'],
  handler: async (_ctx, { body, headers, services }) => {
    const found = await findProduct(services.source, body.offerId, '1688');
    if (!found.ok) return found;
    return ok(listPage(services, headers, body, await relatedGoods(services.source, found.product, body.pageNo, body.pageSize)));
  },
});

const hot = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/product/hot/query',
  aliases: [],
  operationId: 'alibabaHotQuery',
  summary: 'Hot list query',
  description: 'Offers ranked by recent sales (`monthSold`), optionally within a category.',
  tags: ['1688 goods'],
  action: 'read',
  body: PagedBody.extend({ categoryId: CategoryIdParam }),
  data: pageOf(AlibabaListItem.extend({ rank: z.number().int() })),
  errors: [],
  handler: async (_ctx, { body, headers, services }) => {
    const page = listPage(services, headers, body, await bestSellers(services.source, body));
    const first = (body.pageNo - 1) * body.pageSize;
    return ok({ ...page, data: page.data.map((item, i) => ({ ...item, rank: first + i + 1 })) });
  },
});

export const alibabaDiscoveryRoutes = [categories, recommend, related, hot] as const;
