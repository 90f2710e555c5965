import { z } from 'zod';
import type { LineRequest } from '../../modules/orders/index.ts';
import { ALIBABA_RECEIVER_FIELDS, orderFieldNames } from '../common/orders.ts';
import { MarketId } from '../common/ids.ts';

/**
 * What 1688 order requests carry (reference §8.8 AO2, AO3, AO6, AO7): the cargo list, the order
 * flow, and the wire names the order services' refusals are reported under.
 */
export const Cargo = z
  .object({
    offerMapId: MarketId.nullish().describe('v2 opaque offer id'),
    offerId: MarketId.nullish().describe('v1 numeric offer id (v2 opaque ids accepted too)'),
    specId: MarketId.nullish().describe('SKU spec id (skuId accepted instead)'),
    skuId: MarketId.nullish(),
    quantity: z.number().int().min(1).max(1_000_000),
    sellerOpenId: z.string().max(64).nullish().describe('informational: orders are grouped by the offer’s real seller'),
    productNo: z.string().max(64).nullish(),
    container: z.string().max(64).nullish(),
  })
  .refine((c) => Boolean(c.offerMapId ?? c.offerId), { message: 'offerMapId or offerId is required', path: ['offerMapId'] });
export type Cargo = z.infer<typeof Cargo>;

/** The order flows the sandbox understands (the reference documents `general`); others are refused. */
export const Flow = z.enum(['general']).describe('"general"');

export function lineOf(c: Cargo): LineRequest {
  return {
    itemRef: (c.offerMapId ?? c.offerId)!,
    specId: c.specId ?? undefined,
    skuId: c.specId ? undefined : (c.skuId ?? undefined),
    quantity: c.quantity,
  };
}

export const CARGO_FIELDS = { lines: 'cargoParamList', lineFields: { itemRef: 'offerId', skuId: 'specId', quantity: 'quantity' } } as const;

export const ALIBABA_ORDER_FIELDS = orderFieldNames({
  receiver: 'addressParam',
  receiverFields: ALIBABA_RECEIVER_FIELDS,
  ...CARGO_FIELDS,
  clientOrderId: 'sellerOrderNumber',
});
