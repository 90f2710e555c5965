/**
 * W4 `orderBookingFreight` (pandapon-api.md §8.13), v2 path with the v1 alias: books an outbound
 * shipment of the caller's stored parcels on a W2 quote. The documented body, plus Ponte's
 * additive fields (`parcelIds`, `packaging`, `services`, `declaredValueFen`).
 */
import { z } from 'zod';
import { bookShipment, MAX_SHIPMENT_PARCELS, PACKAGING } from '../../modules/warehouse/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { ERROR_TABLE } from '../../platform/error-table.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';
import { AskedCurrency, DeclaredPrice, FreightInfoTO, Quantity, ReceiverAddressTO } from './freight-view.ts';
import { ShipmentState } from './shipments-view.ts';

const Id = z.string().trim().min(1).max(64);
const Text = z.string().max(300).nullish();

const LineItem = z.object({
  itemId: Id,
  skuId: Id,
  quantity: Quantity,
  title: Text,
  imageUrl: z.string().max(1000).nullish(),
  freightInfo: FreightInfoTO,
  currency: AskedCurrency.nullish(),
  price: DeclaredPrice.nullish(),
});

export const orderBookingFreight = defineRoute({
  method: 'POST',
  path: '/v2/open/pp/logistics/orderBookingFreight',
  aliases: ['/open/pp/logistics/orderBookingFreight'],
  operationId: 'logisticsOrderBookingFreight',
  summary: 'Book an international shipment on a freight preview (W4)',
  description: [
    'Books the caller’s STORED parcels for shipping on the channel `lineItems[0].freightInfo.serviceId` of the quote `renderId` (every line must name it).',
    'In one transaction: unpaid storage of the parcels is settled, the quote’s price for the channel is charged to the wallet (prepaid freight), the services too, and the parcels are allocated to the new shipment (REQUESTED).',
    'Parcels: `parcelIds`, or by default every STORED parcel not yet booked holding one of the lines’ itemId/skuId or declared for `tmallOrderInfo.tmallOrderId`.',
    'The weighing settles the freight: lighter refunds the difference, heavier asks for it (paySupplementary).',
    'Idempotent by renderId: the same body again answers the same logisticsOrderId and charges nothing; another body for a booked quote answers IDEMPOTENCY_KEY_REUSED.',
    `Errors: unknown renderId ${ERROR_TABLE.NOT_FOUND.code}, expired ${ERROR_TABLE.RENDER_EXPIRED.code}; a channel the quote excluded ${ERROR_TABLE.SHIPMENT_CHANNEL_REFUSED.code} (with the reason); a country other than the quote’s ${ERROR_TABLE.BAD_PARAMETER.code}; a wallet that cannot pay leaves nothing booked.`,
  ].join(' '),
  tags: ['Warehouse logistics'],
  action: 'order.write',
  body: z.object({
    renderId: z.string().trim().min(1).max(40).describe('"FF…" from orderRenderFreight'),
    receiverAddress: ReceiverAddressTO,
    lineItems: z.array(LineItem).min(1).max(50),
    tmallOrderInfo: z.object({ tmallOrderId: z.string().trim().max(64).nullish() }).nullish(),
    remark: z.string().max(500).nullish(),
    parcelIds: z
      .array(z.string().max(24))
      .max(MAX_SHIPMENT_PARCELS)
      .optional()
      .describe('Additive: the parcels ("WP…") that travel; default: see above'),
    packaging: z.enum(PACKAGING).optional().describe('Additive: keep_outer_box (default), keep_retail_box or remove_all'),
    services: z
      .array(z.object({ code: z.string().max(40), quantity: z.number().int().min(1).max(100) }))
      .max(20)
      .optional()
      .describe('Additive: value-added services from servicePrices (code, quantity)'),
    declaredValueFen: z.number().int().min(0).max(MAX_WALLET_FEN).optional().describe('Additive: declared value, CNY fen (insurance)'),
  }),
  data: z.object({
    logisticsOrderId: z.string().describe('"LO…"'),
    state: ShipmentState,
    estimateFen: z.number().int().describe('Prepaid freight charged, CNY fen'),
    servicesFen: z.number().int().describe('Services charged, CNY fen'),
    parcelIds: z.array(z.string()),
  }),
  errors: [
    'BAD_PARAMETER',
    'NOT_FOUND',
    'RENDER_EXPIRED',
    'SHIPMENT_CHANNEL_REFUSED',
    'PARCEL_STATE_INVALID',
    'INSUFFICIENT_BALANCE',
    'IDEMPOTENCY_KEY_REUSED',
    'CONFLICT',
  ],
  handler: async (ctx, { body }) => {
    const booked = await bookShipment(ctx, {
      renderId: body.renderId,
      receiver: body.receiverAddress,
      lineItems: body.lineItems.map((l) => ({
        itemId: l.itemId,
        skuId: l.skuId,
        quantity: l.quantity,
        serviceId: l.freightInfo.serviceId,
      })),
      tmallOrderId: body.tmallOrderInfo?.tmallOrderId || null,
      remark: body.remark ?? '',
      ...(body.parcelIds ? { parcelIds: body.parcelIds } : {}),
      ...(body.packaging ? { packaging: body.packaging } : {}),
      ...(body.services ? { services: body.services } : {}),
      ...(body.declaredValueFen !== undefined ? { declaredValueFen: body.declaredValueFen } : {}),
    });
    if (!booked.ok) return booked;
    const { shipmentId, state, estimateFen, servicesFen, parcelIds } = booked;
    return ok({ logisticsOrderId: shipmentId, state, estimateFen, servicesFen, parcelIds });
  },
});

export const bookingRoutes = [orderBookingFreight] as const;
