import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { addToCart, editQuantity, groupBySeller, listCart, previewCart, removeFromCart } from '../../modules/cart/index.ts';
import { LanguageParam, baseUrl, translationLanguage } from '../goods/common.ts';
import { shippingRuleText } from '../../modules/orders/index.ts';
import { TaobaoCartList, TaobaoCartPreview, taobaoCartPreview, taobaoCartShops } from './cart-view.ts';
import { MarketId, rowId } from '../common/ids.ts';

const IdText = MarketId;
export const CartQuantity = z.number().int().min(1).max(999_999);
export const CartLineId = rowId(1);
export const CartLineIds = z.array(CartLineId).min(1).max(200);

/** A JSON-encoded string (PandaPon quirk, e.g. TC5 `properties`): checked to parse, otherwise ignored. */
export const JsonText = z
  .string()
  .max(10_000)
  .refine((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }, 'rule:json');

/** Names a missing field the way the validator names any required one ("itemMapId is required"). */
export function requireOneOf(ctx: z.RefinementCtx, value: Record<string, unknown>, fields: string[]): void {
  if (fields.some((f) => value[f] !== undefined && value[f] !== null)) return;
  ctx.addIssue({
    code: 'invalid_type',
    expected: 'string',
    input: undefined,
    path: [fields[0]!],
    message: `${fields.join(' or ')} is required`,
  });
}

/**
 * TC5, v2 and v1 fields together. The goods are identified by `itemMapId` (v2), else `itemId`,
 * else `mpId`, and the SKU by `skuId`, else `mpSkuId`. Descriptive fields the docs list (title,
 * picture, prices, shop, stock) are accepted but not trusted: the cart reads them live from the catalog.
 */
export const TaobaoCartAddBody = z
  .object({
    itemMapId: IdText.nullish().describe('v2 opaque item id (itemMapId or itemId)'),
    itemId: IdText.nullish().describe('v1 numeric item id (v2 opaque ids accepted too)'),
    mpId: IdText.nullish().describe('Distribution item id (= v1 numeric id)'),
    skuId: IdText.nullish(),
    mpSkuId: IdText.nullish().describe('Distribution SKU id (= skuId)'),
    quantity: CartQuantity,
    properties: JsonText.nullish().describe('JSON string of [{valueId, valueName, propId, propName}] (ignored: the SKU defines them)'),
    userId: z.string().max(40).nullish(),
    platform: z.number().int().nullish(),
    itemTitle: z.string().max(1000).nullish(),
    itemPic: z.string().max(2000).nullish(),
    price: z.number().nullish().describe('fen; informational'),
    promotionPrice: z.number().nullish().describe('fen; informational'),
    shopId: z.union([z.string().max(40), z.number()]).nullish(),
    aliShopId: z.string().max(40).nullish(),
    shopName: z.string().max(200).nullish(),
    skuQuantity: z.union([z.string().max(20), z.number()]).nullish(),
    userNick: z.string().max(100).nullish(),
    priceRanges: z
      .array(z.object({ startQuantity: z.number().int().nullish(), price: z.number().nullish() }))
      .max(20)
      .nullish(),
    quoteType: z.number().int().nullish(),
    language: LanguageParam,
  })
  .superRefine((body, ctx) => {
    requireOneOf(ctx, body, ['itemMapId', 'itemId', 'mpId']);
    requireOneOf(ctx, body, ['skuId', 'mpSkuId']);
  });

const CART_ERRORS = ['NOT_FOUND', 'OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE'] as const;

const add = defineRoute({
  method: 'POST',
  path: '/v2/taobao/cart/add',
  aliases: ['/open/cart/add'],
  operationId: 'taobaoCartAdd',
  summary: 'Add cart item',
  description: [
    'Reference TC5. Adds a SKU to the caller’s cart;',
    'the same SKU already there raises that line’s quantity (the checks apply to the total).',
    'The SKU must exist (404) and have stock for the quantity (2003, with `available`).',
    'At most 200 lines per cart (409).',
  ].join(' '),
  tags: ['Taobao cart'],
  action: 'cart.write',
  body: TaobaoCartAddBody,
  data: z.object({
    id: z.number().int().describe('cart record id'),
    quantity: z.number().int().describe('the line’s quantity after adding'),
    created: z.boolean(),
  }),
  errors: ['NOT_FOUND', 'OUT_OF_STOCK', 'CONFLICT'],
  handler: async (ctx, { body, services }) => {
    const added = await addToCart(ctx, services.source, {
      platform: 'taobao',
      itemRef: (body.itemMapId ?? body.itemId ?? body.mpId)!,
      skuId: (body.skuId ?? body.mpSkuId)!,
      quantity: body.quantity,
    });
    return added.ok ? ok({ id: added.line.id, quantity: added.line.quantity, created: added.created }) : added;
  },
});

const list = defineRoute({
  method: 'GET',
  path: '/v2/taobao/cart/list',
  aliases: ['/open/cart/list'],
  operationId: 'taobaoCartList',
  summary: 'Cart list',
  description: [
    'Reference TC3 (shape designed like the 1688 list, AC1).',
    'The caller’s lines grouped by shop with live title, picture, price and stock: `enableList` can be ordered;',
    '`disableList` holds lines whose item or SKU vanished or whose stock is 0 or below the line’s quantity,',
    'each with `reasons`. A sub-account sees its own lines, the main user id all of the developer’s. Prices are fen.',
  ].join(' '),
  tags: ['Taobao cart'],
  action: 'read',
  query: z.object({ language: LanguageParam }),
  data: TaobaoCartList,
  errors: [],
  handler: async (ctx, { query, headers, services }) => {
    const cart = await listCart(ctx, services.source, 'taobao');
    const lang = translationLanguage(query.language);
    const base = baseUrl(headers, services.publicUrl);
    return ok({
      enableList: taobaoCartShops(groupBySeller(cart.enabled), lang, base),
      disableList: taobaoCartShops(groupBySeller(cart.disabled), lang, base),
    });
  },
});

const edit = defineRoute({
  method: 'POST',
  path: '/v2/taobao/cart/edit-quantity',
  aliases: ['/open/cart/edit-quantity'],
  operationId: 'taobaoCartEditQuantity',
  summary: 'Edit quantity',
  description: [
    'Reference TC6 (body designed like the 1688 AC4): sets the quantity of cart record `id`,',
    'under the same stock check as adding (2003 with `available`).',
    'Another user’s or developer’s id answers 404; a line whose item vanished answers 2007.',
  ].join(' '),
  tags: ['Taobao cart'],
  action: 'cart.write',
  body: z.object({ id: CartLineId.describe('cart record id'), quantity: CartQuantity }),
  data: z.boolean(),
  errors: [...CART_ERRORS],
  handler: async (ctx, { body, services }) => {
    const edited = await editQuantity(ctx, services.source, { platform: 'taobao', lineId: body.id, quantity: body.quantity });
    return edited.ok ? ok(true) : edited;
  },
});

const remove = defineRoute({
  method: 'POST',
  path: '/v2/taobao/cart/delete',
  aliases: ['/open/cart/delete'],
  operationId: 'taobaoCartDelete',
  summary: 'Delete cart item',
  description:
    'Reference TC4: removes the cart records `ids`, all or none — an id that is not the caller’s answers 404 and nothing is removed.',
  tags: ['Taobao cart'],
  action: 'cart.write',
  body: z.object({ ids: CartLineIds.describe('cart record ids') }),
  data: z.boolean(),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const removed = await removeFromCart(ctx, { platform: 'taobao', lineIds: body.ids });
    return removed.ok ? ok(true) : removed;
  },
});

const preview = defineRoute({
  method: 'POST',
  path: '/v2/taobao/cart/preview/order',
  aliases: ['/open/cart/preview/order'],
  operationId: 'taobaoCartPreviewOrder',
  summary: 'Generate order preview',
  description: [
    `Reference TC1 (body like TC2): what ordering the cart records \`ids\` costs now, per shop`,
    `— goods at today’s price (promotion price when there is one), postage by the sandbox rule (${shippingRuleText('taobao')})`,
    `— and \`purchaseAmount\`, the total an order must carry.`,
    `Lines that cannot be ordered are listed in \`unsupportedList\` with reasons and count in no total. Amounts are fen.`,
    'An id that is not the caller’s answers 404.',
  ].join(' '),
  tags: ['Taobao cart'],
  action: 'read',
  body: z.object({
    ids: CartLineIds.describe('cart record ids'),
    orderAddress: z.record(z.string(), z.unknown()).nullish().describe('OrderAddress (TC2); postage does not depend on it in the sandbox'),
    userId: z.string().max(40).nullish(),
  }),
  data: TaobaoCartPreview,
  errors: ['NOT_FOUND'],
  fields: { lineIds: 'ids' },
  handler: async (ctx, { body, services }) => {
    const previewed = await previewCart(ctx, services.source, { platform: 'taobao', lineIds: body.ids });
    return previewed.ok ? ok(taobaoCartPreview(previewed.preview)) : previewed;
  },
});

export const taobaoCartRoutes = [add, list, edit, remove, preview] as const;
