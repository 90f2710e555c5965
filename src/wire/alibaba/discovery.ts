/** 1688 discovery: categories, recommendations, related offers and the hot list (reference G5–G7, G10). */
import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { fail } from '../../platform/errors.ts';
import { findProduct, relatedGoods, searchGoods } from '../../modules/catalog/index.ts';
import { BeginPage, CategoryIdParam, LanguageParam, PageSize, baseUrl, pageOf, toPage, translationLanguage } from '../goods/common.ts';
import type { RouteServices as GoodsDeps } from '../../platform/http/index.ts';
import { AlibabaListItem, alibabaListItem } from './product-view.ts';
import { MarketId } from '../common/ids.ts';

const CategoryView = z.object({ categoryId: z.number().int(), name: z.string(), nameTrans: z.string(), leaf: z.boolean() });

const PagedBody = z.object({ pageNo: BeginPage, pageSize: PageSize, language: LanguageParam, country: LanguageParam });

export function alibabaDiscoveryRoutes(deps: GoodsDeps) {
  const listPage = async (
    headers: Record<string, unknown>,
    lang: ReturnType<typeof translationLanguage>,
    page: number,
    pageSize: number,
    result: Awaited<ReturnType<typeof searchGoods>>,
  ) => {
    const base = baseUrl(headers as never, deps.publicUrl);
    return ok(
      toPage(
        result.total,
        page,
        pageSize,
        result.rows.map((p) => alibabaListItem(deps.source, p, lang, base)),
      ),
    );
  };

  const bestSellers = (body: { pageNo: number; pageSize: number; categoryId: number | undefined }) =>
    searchGoods(deps.source, {
      platform: '1688',
      sort: 'sales_desc',
      page: body.pageNo,
      pageSize: body.pageSize,
      ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
    });

  const categories = defineRoute({
    method: 'POST',
    path: '/v2/alibaba/category/get',
    aliases: ['/alibaba/category/get'],
    operationId: 'alibabaCategoryGet',
    summary: 'Multilingual categories by id',
    description:
      'The category node, its Taobao-style path and its children, names in the requested language. `categoryId` 0 or absent = the top level.',
    tags: ['1688 goods'],
    action: 'read',
    body: z.object({ categoryId: CategoryIdParam, language: LanguageParam, country: LanguageParam }),
    data: z.object({
      category: CategoryView.extend({ parentId: z.number().int().nullable(), path: z.string(), pathTrans: z.string() }).nullable(),
      children: z.array(CategoryView),
    }),
    errors: ['NOT_FOUND'],
    handler: async (_ctx, { body }) => {
      const lang = translationLanguage(body.language, body.country);
      const view = (c: { id: number; names: Record<string, string>; leaf: boolean }) => ({
        categoryId: c.id,
        name: c.names.zh!,
        nameTrans: c.names[lang]!,
        leaf: c.leaf,
      });
      if (body.categoryId === undefined) return ok({ category: null, children: deps.source.categoryChildren(null).map(view) });
      const node = deps.source.category(body.categoryId);
      if (!node) return fail('NOT_FOUND', { what: `category ${body.categoryId}` });
      return ok({
        category: {
          ...view(node),
          parentId: node.parentId,
          path: deps.source.categoryPath(node.id, 'zh'),
          pathTrans: deps.source.categoryPath(node.id, lang),
        },
        children: deps.source.categoryChildren(node.id).map(view),
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
    handler: async (_ctx, { body, headers }) => {
      return listPage(headers, translationLanguage(body.language, body.country), body.pageNo, body.pageSize, await bestSellers(body));
    },
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
    handler: async (_ctx, { body, headers }) => {
      const found = await findProduct(deps.source, body.offerId, '1688');
      if (!found.ok) return found;
      const result = await relatedGoods(deps.source, found.product, body.pageNo, body.pageSize);
      return listPage(headers, translationLanguage(body.language, body.country), body.pageNo, body.pageSize, result);
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
    handler: async (_ctx, { body, headers }) => {
      const lang = translationLanguage(body.language, body.country);
      const result = await bestSellers(body);
      const base = baseUrl(headers, deps.publicUrl);
      const first = (body.pageNo - 1) * body.pageSize;
      return ok(
        toPage(
          result.total,
          body.pageNo,
          body.pageSize,
          result.rows.map((p, i) => ({ ...alibabaListItem(deps.source, p, lang, base), rank: first + i + 1 })),
        ),
      );
    },
  });

  return [categories, recommend, related, hot] as const;
}
