import { z } from 'zod';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { addToCart, editQuantity, groupBySeller, listCart, previewCart, removeFromCart } from '../../modules/cart/index.ts';
import { LanguageParam, baseUrl, translationLanguage } from '../goods/common.ts';
import { CartLineId, CartLineIds, CartQuantity, requireOneOf } from '../taobao/cart.ts';
import { shippingRuleText } from '../../modules/orders/index.ts';
import { AlibabaCartList, AlibabaCartPreview, alibabaCartPreview, alibabaCartShops } from './cart-view.ts';
import { MarketId } from '../common/ids.ts';

const IdText = MarketId;

/** FastAdress (AC5/AC6): accepted as the docs show it; the sandbox shipping rule does not read it. */
const FastAddress = z.object({
  fullName: z.string().max(100).nullish(),
  mobile: z.string().max(40).nullish(),
  phone: z.string().max(40).nullish(),
  postCode: z.string().max(20).nullish(),
  cityText: z.string().max(60).nullish(),
  provinceText: z.string().max(60).nullish(),
  areaText: z.string().max(60).nullish(),
  townText: z.string().max(60).nullish(),
  address: z.string().max(300).nullish(),
  districtCode: z.string().max(20).nullish(),
});

/** The offer by `offerMapId` (v2), else `offerId` (v2 opaque or v1 numeric); the SKU by `specId`, else `skuId`. */
export const AlibabaCartAddBody = z
  .object({
    offerMapId: IdText.nullish(),
    offerId: IdText.nullish(),
    specId: IdText.nullish(),
    skuId: IdText.nullish(),
    quantity: CartQuantity,
    userId: z.string().max(40).nullish(),
    productNo: z.string().max(64).nullish(),
    container: z.string().max(64).nullish(),
    language: LanguageParam,
  })
  .superRefine((body, ctx) => {
    requireOneOf(ctx, body, ['offerMapId', 'offerId']);
    requireOneOf(ctx, body, ['specId', 'skuId']);
  });

const ListQuery = z.object({ language: LanguageParam, country: LanguageParam });

const list = defineRoute({
  method: 'GET',
  path: '/v2/alibaba/cart/list',
  aliases: ['/alibaba/cart/list'],
  operationId: 'alibabaCartList',
  summary: '1688 cart list',
  description: [
    'Reference AC1: `enableList` / `disableList`, each grouped by seller (`sellerOpenId`, `sellerNickName`,',
    '`companyName`, `cartItemInfos`). A line is disabled, with `reasons`, when the offer or SKU vanished, its stock is 0',
    'or below the line’s quantity, or the quantity is below the offer’s minimum order quantity. `price` is today’s tier',
    'price at the line’s quantity, in yuan. A sub-account sees its own lines, the main user id all of the developer’s.',
  ].join(' '),
  tags: ['1688 cart'],
  action: 'read',
  query: ListQuery,
  data: AlibabaCartList,
  errors: [],
  handler: async (ctx, { query, headers, services }) => {
    const cart = await listCart(ctx, services.source, '1688');
    const lang = translationLanguage(query.language, query.country);
    const base = baseUrl(headers, services.publicUrl);
    return ok({
      enableList: alibabaCartShops(groupBySeller(cart.enabled), lang, base),
      disableList: alibabaCartShops(groupBySeller(cart.disabled), lang, base),
    });
  },
});

const add = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/cart/add',
  aliases: ['/alibaba/cart/add'],
  operationId: 'alibabaCartAdd',
  summary: '1688 add cart item',
  description: [
    'Reference AC2 (body designed from FastCargo): adds `quantity` of the SKU (`specId` or `skuId`) of the offer',
    '(`offerMapId` or `offerId`). The same SKU already in the cart raises that line’s quantity; the total must reach the',
    'offer’s minimum order quantity (2004, with `minimum`) and fit the stock (2003, with `available`). Unknown offers or',
    'SKUs answer 404; at most 200 lines per cart (409).',
  ].join(' '),
  tags: ['1688 cart'],
  action: 'cart.write',
  body: AlibabaCartAddBody,
  data: z.object({
    id: z.number().int().describe('cart id'),
    quantity: z.number().int().describe('the line’s quantity after adding'),
    created: z.boolean(),
  }),
  errors: ['NOT_FOUND', 'OUT_OF_STOCK', 'BELOW_MIN_ORDER_QUANTITY', 'CONFLICT'],
  handler: async (ctx, { body, services }) => {
    const added = await addToCart(ctx, services.source, {
      platform: '1688',
      itemRef: (body.offerMapId ?? body.offerId)!,
      specId: body.specId ?? undefined,
      skuId: body.specId ? undefined : (body.skuId ?? undefined),
      quantity: body.quantity,
    });
    return added.ok ? ok({ id: added.line.id, quantity: added.line.quantity, created: added.created }) : added;
  },
});

const remove = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/cart/delete',
  aliases: ['/alibaba/cart/delete'],
  operationId: 'alibabaCartDelete',
  summary: '1688 delete cart item',
  description:
    'Reference AC3: removes the cart lines `cartIds`, all or none — an id that is not the caller’s answers 404 and nothing is removed.',
  tags: ['1688 cart'],
  action: 'cart.write',
  body: z.object({ cartIds: CartLineIds.describe('cart ids') }),
  data: z.boolean(),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const removed = await removeFromCart(ctx, { platform: '1688', lineIds: body.cartIds });
    return removed.ok ? ok(true) : removed;
  },
});

const edit = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/cart/edit-quantity',
  aliases: ['/alibaba/cart/edit-quantity'],
  operationId: 'alibabaCartEditQuantity',
  summary: '1688 edit quantity',
  description: [
    'Reference AC4: sets the quantity of cart line `id`; it must reach the minimum order quantity (2004) and fit the',
    'stock (2003). `productNo` and `container` are accepted; `updateTime` (a doc artefact) is ignored. Another user’s or',
    'developer’s id answers 404; a line whose offer vanished answers 2007.',
  ].join(' '),
  tags: ['1688 cart'],
  action: 'cart.write',
  body: z.object({
    id: CartLineId.describe('cart id'),
    quantity: CartQuantity,
    productNo: z.string().max(64).nullish(),
    container: z.string().max(64).nullish(),
    updateTime: z.unknown().optional(),
  }),
  data: z.boolean(),
  errors: ['NOT_FOUND', 'OUT_OF_STOCK', 'BELOW_MIN_ORDER_QUANTITY', 'PRODUCT_UNAVAILABLE'],
  handler: async (ctx, { body, services }) => {
    const edited = await editQuantity(ctx, services.source, { platform: '1688', lineId: body.id, quantity: body.quantity });
    return edited.ok ? ok(true) : edited;
  },
});

const preview = defineRoute({
  method: 'POST',
  path: '/v2/alibaba/cart/preview/order',
  aliases: ['/alibaba/cart/preview/order'],
  operationId: 'alibabaCartPreviewOrder',
  summary: '1688 preview before creating an order from the cart',
  description: [
    'Reference AC5: one `orderPreviewResuslt` entry per seller with the cargo at today’s tier prices (yuan) and',
    '`sumPaymentNoCarriage`, `sumCarriage`, `sumPayment` in fen (as 1688 sends them).',
    `Sandbox shipping rule: ${shippingRuleText('1688')}.`,
    'Lines that cannot be ordered (vanished, out of stock, below the minimum) are listed in `unsupportedList` with reasons',
    'and count in no sum. An id that is not the caller’s answers 404.',
  ].join(' '),
  tags: ['1688 cart'],
  action: 'read',
  body: z.object({ cartIds: CartLineIds.describe('cart ids'), addressParam: FastAddress.nullish() }),
  data: AlibabaCartPreview,
  errors: ['NOT_FOUND'],
  fields: { lineIds: 'cartIds' },
  handler: async (ctx, { body, services }) => {
    const previewed = await previewCart(ctx, services.source, { platform: '1688', lineIds: body.cartIds });
    return previewed.ok ? ok(alibabaCartPreview(previewed.preview)) : previewed;
  },
});

export const alibabaCartRoutes = [list, add, remove, edit, preview] as const;
