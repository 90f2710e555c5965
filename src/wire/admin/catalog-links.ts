/**
 * An operator adds a product from a pasted Taobao, Tmall or 1688 link (manual source,
 * docs/decisions/018-manual-source.md): the link names the platform and id, the body completes
 * the catalog line (`ponte catalog import`'s format, docs/catalog-import.md, with pictures by
 * public URL only). Adding a product whose id is already in the catalog updates it.
 */
import { z } from 'zod';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { addProductFromLink, LinkSku } from '../../sources/manual/index.ts';
import { CatalogLine } from '../../sources/sandbox/store/import-line.ts';

const PictureUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\//i, 'must be an http(s) URL');

export const ProductFromLinkBody = CatalogLine.omit({ platform: true, id: true, images: true }).extend({
  skus: z
    .array(LinkSku)
    .min(1)
    .max(500)
    .describe(
      'Each SKU’s properties (颜色 = 红色, 尺码 = XL); propId and valueId may be left out: they are then taken from the Chinese names',
    ),
  link: z
    .string()
    .min(1)
    .max(4096)
    .describe('The product page or share text as pasted; m.tb.cn short links are refused (paste the full link)'),
  pictures: z.array(PictureUrl).min(1).max(20).describe('Picture URLs, the main picture first'),
});

const AddedProduct = z.object({
  platform: z.enum(['taobao', '1688']),
  id: z.string().describe('The marketplace item or offer id, read from the link'),
  itemId: z.string().describe('The opaque id developers order it by'),
  created: z.boolean().describe('false when the id was already in the catalog and was updated'),
});

export const adminProductFromLinkRoute = defineAdminRoute({
  method: 'POST',
  path: '/admin/catalog/products/from-link',
  roles: ['purchaser', 'admin'],
  operationId: 'adminCatalogProductFromLink',
  summary: 'Add (or update) a product from a pasted marketplace link, completed by the operator',
  tags: ['Admin'],
  body: ProductFromLinkBody,
  data: AddedProduct,
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { body, services }) => {
    const added = await addProductFromLink(ctx, body, { allowPrivateUrls: services.allowPrivateUrls, source: services.source });
    return added.ok ? ok(added.product) : added;
  },
});
