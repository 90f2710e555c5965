/**
 * An outbound shipment on the wire (W4's logisticsOrderId and the Ponte reads around it)
 * [DESIGN, the pages capture no response]: Ponte-own money as integer fen with a `…Fen` suffix,
 * weights in grams, times in epoch ms, as the other Ponte extensions of this family.
 */
import { z } from 'zod';
import { SHIPMENT_STATES } from '../../modules/warehouse/index.ts';

const fen = (what: string) => z.number().int().describe(`${what}, CNY fen`);
const ms = (what: string) => z.number().int().describe(`${what}, epoch ms`);

export const ShipmentState = z.enum(SHIPMENT_STATES);

export const ShipmentView = z.object({
  logisticsOrderId: z.string().describe('"LO…"'),
  state: ShipmentState,
  ownerUserId: z.string(),
  renderId: z.string().describe('The W2 quote it was booked on'),
  serviceId: z.string(),
  companyName: z.string(),
  serviceCategory: z.string(),
  country: z.string(),
  currency: z.string().describe('The quote’s answer currency (the wallet is always CNY)'),
  receiverAddress: z.record(z.string(), z.string().nullable()),
  packaging: z.string(),
  services: z.array(z.object({ code: z.string(), quantity: z.number().int(), amountFen: z.number().int().optional() })),
  remark: z.string(),
  tmallOrderId: z.string().nullable(),
  parcels: z.array(
    z.object({ parcelId: z.string(), trackingNumber: z.string(), weightGrams: z.number().int().nullable(), state: z.string() }),
  ),
  estimateFen: fen('Prepaid freight (the quote’s price for the channel)'),
  servicesFen: fen('Value-added services charged at booking'),
  actualFen: fen('Freight of the weighed shipment').nullable(),
  supplementaryFen: fen('What the weighing asks beyond the prepaid freight'),
  refundedFen: fen('Returned to the wallet (weighed lighter, or cancelled)'),
  weightGrams: z.number().int().nullable(),
  sizes: z.object({ lengthCm: z.number().int(), widthCm: z.number().int(), heightCm: z.number().int() }).nullable(),
  chargeableGrams: z.number().int().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable().describe('International tracking number, once dispatched'),
  tracking: z.array(z.object({ at: ms('When'), status: z.string(), description: z.string() })),
  photos: z.array(
    z.object({
      photoId: z.string(),
      kind: z.string(),
      url: z.string().describe('Public link, no signature: the id is the secret'),
      width: z.number().int(),
      height: z.number().int(),
      createdAt: ms('Taken'),
    }),
  ),
  history: z.array(
    z.object({
      fromState: z.string().nullable(),
      toState: z.string(),
      action: z.string(),
      actor: z.string(),
      at: ms('When'),
      note: z.string().nullable(),
    }),
  ),
  createdAt: ms('Booked'),
  updatedAt: ms('Last change'),
});

export const LogisticsOrderId = z.string().trim().min(3).max(24).describe('"LO…" from orderBookingFreight');
