/**
 * W1 `itemLogisticsPrice` and W2 `orderRenderFreight` (pandapon-api.md §8.13), v2 paths with
 * the v1 `/open/pp/logistics/…` aliases. This family documents the query `timestamp` + `sign`
 * form; the gateway serves it for every route under the prefix, and the usual signed headers work too.
 * Both are reads ('read' action): W2 stores a quote but moves no money and changes no order.
 */
import { z } from 'zod';
import { MAX_RENDER_LINES, quoteLines, renderFreight } from '../../modules/freight/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import {
  AskedCurrency,
  DeclaredPrice,
  FreightInfoTO,
  FreightQuoteView,
  GoodsAttributes,
  Quantity,
  quoteView,
  ReceiverAddressTO,
  RenderView,
} from './freight-view.ts';

const Id = z.string().trim().min(1).max(64);
const QUOTE_ERRORS = ['BAD_PARAMETER', 'NOT_FOUND', 'NO_RATE_CARD'] as const;
const HOW = [
  'One consolidated parcel: Σ SKU weight × quantity × the card’s packaging factor, in a carton sized from the weight (the catalog has no sizes);',
  'chargeable weight per channel = its volumetric rule (full, half, free throw, or none, with its divisor and side threshold), rounded up to its unit, at least its minimum;',
  'price = the zone tier (first + continued weight, item fee + per kg, or kg vs CBM) + surcharges, converted with the stored FX snapshot.',
  'Unknown country (not an ISO 3166-1 code) or a currency the snapshot lacks: 400; unknown item or SKU: 404. A country no channel serves answers no options, each channel excluded with its reason.',
].join(' ');

export const itemLogisticsPrice = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/itemLogisticsPrice',
  aliases: ['/open/pp/logistics/itemLogisticsPrice'],
  operationId: 'logisticsItemPrice',
  summary: 'Overseas freight estimate for one SKU (W1)',
  description: HOW,
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z.object({
    itemId: Id.describe('Catalog item / offer id (any id the catalog knows)'),
    skuId: Id,
    receiverAddress: ReceiverAddressTO,
    quantity: Quantity,
    currency: AskedCurrency,
    price: DeclaredPrice,
    goodsAttributes: GoodsAttributes,
  }),
  data: FreightQuoteView,
  errors: [...QUOTE_ERRORS],
  handler: async (ctx, { body, services }) => {
    const line = { itemRef: body.itemId, skuId: body.skuId, quantity: body.quantity, attributes: body.goodsAttributes ?? [] };
    const request = { country: body.receiverAddress.country, currency: body.currency, lines: [line] };
    const quoted = await quoteLines(ctx, services.source, request, () => '');
    return quoted.ok ? ok(quoteView(quoted.quote)) : quoted;
  },
});

const RenderItem = z.object({
  itemId: Id,
  skuId: Id,
  quantity: Quantity,
  freightInfo: FreightInfoTO,
  currency: AskedCurrency,
  price: DeclaredPrice,
  goodsAttributes: GoodsAttributes,
});

export const orderRenderFreight = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/orderRenderFreight',
  aliases: ['/open/pp/logistics/orderRenderFreight'],
  operationId: 'logisticsOrderRenderFreight',
  summary: 'Order overseas freight preview (W2)',
  description: [
    'All lines travel as one consolidated parcel, so the first weight is paid once.',
    HOW,
    'Prices are in the first line’s `currency`. A given `freightInfo.serviceId` must be a channel of the card (400).',
    'The quote is stored for the caller under `renderId` ("FF…") for 30 minutes; another developer’s renderId is not found.',
  ].join(' '),
  tags: ['Warehouse logistics'],
  action: 'read',
  body: z
    .object({ receiverAddress: ReceiverAddressTO, renderItems: z.array(RenderItem).min(1).max(MAX_RENDER_LINES) })
    .superRefine((body, issue) => {
      // One parcel has one price: the lines must agree on the answer's currency.
      for (const [i, item] of body.renderItems.entries())
        if (item.currency !== body.renderItems[0]!.currency)
          issue.addIssue({ code: 'custom', path: ['renderItems', i, 'currency'], message: 'must equal renderItems[0].currency' });
    }),
  data: RenderView,
  errors: [...QUOTE_ERRORS],
  handler: async (ctx, { body, services }) => {
    const lines = body.renderItems.map((item) => ({
      itemRef: item.itemId,
      skuId: item.skuId,
      quantity: item.quantity,
      attributes: item.goodsAttributes ?? [],
      serviceId: item.freightInfo.serviceId ?? undefined,
    }));
    const request = { country: body.receiverAddress.country, currency: body.renderItems[0]!.currency, lines };
    const done = await renderFreight(ctx, services.source, request);
    if (!done.ok) return done;
    return ok({ ...quoteView(done.render.quote), renderId: done.render.renderId, expireTime: done.render.expiresAt });
  },
});

export const freightRoutes = [itemLogisticsPrice, orderRenderFreight] as const;
