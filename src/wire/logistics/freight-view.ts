/**
 * The shapes of W1/W2 on the wire (pandapon-api.md §8.13): ReceiverAddressTO and FreightInfoTO
 * as the pages document them, and the answers [DESIGN, the pages capture no response]: money as
 * a decimal string in the asked currency (the family's `price` is a string), with the CNY fen
 * beside it; weights in kg with the grams beside them. Fields beyond the documented ones are additive.
 */
import { z } from 'zod';
import { CARGO_ATTRIBUTES, EXCLUSION_REASONS, MAX_FREIGHT_QUANTITY, SERVICE_CATEGORIES, type Quote } from '../../modules/freight/index.ts';
import { fenToYuan } from '../../platform/money.ts';

const Text = z.string().max(300).nullish();

export const ReceiverAddressTO = z.object({
  name: Text,
  email: Text,
  phone: Text,
  mobilePhone: Text,
  address: Text,
  taxId: Text,
  country: z.string().trim().min(2).max(2).toUpperCase().describe('ISO 3166-1 alpha-2 destination, e.g. "US"'),
  city: Text,
  zip: Text,
  state: Text,
});

export const FreightInfoTO = z.object({
  serviceId: z.string().max(40).nullish().describe('A channel of the rate card (serviceId of W1/W2), or empty'),
  companyName: z.string().max(100).nullish(),
  serviceCategory: z.string().max(40).nullish(),
});

export const Quantity = z.number().int().min(1).max(MAX_FREIGHT_QUANTITY).describe(`Units, 1–${MAX_FREIGHT_QUANTITY}`);
export const AskedCurrency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code')
  .toUpperCase()
  .describe('Currency of the answer’s prices (CNY, or one the FX snapshot knows: USD, EUR, THB, SGD…)');
/** The declared goods price: the family sends it; W1/W2 take it as documented and do not price from it. */
export const DeclaredPrice = z
  .string()
  .max(40)
  .describe('Declared unit price, as the family sends it (kept for the landed cost; not used for freight)');
export const GoodsAttributes = z
  .array(z.enum(CARGO_ATTRIBUTES))
  .max(CARGO_ATTRIBUTES.length)
  .optional()
  .describe('Additive: what the goods contain (battery_builtin, liquid, powder, magnetic…); lines refusing any of them are excluded');

const FreightOptionView = z.object({
  serviceId: z.string(),
  companyName: z.string(),
  serviceCategory: z.enum(SERVICE_CATEGORIES),
  price: z.string().describe('Freight in `currency`, two decimals, e.g. "58.00"'),
  currency: z.string(),
  priceFen: z.number().int().describe('The same freight in CNY fen (what the wallet is charged)'),
  estimatedDays: z.string().describe('Transit days, "min-max"'),
  minDays: z.number().int(),
  maxDays: z.number().int(),
  chargeableWeight: z.number().describe('Chargeable kg (all pieces)'),
  chargeableWeightGrams: z.number().int(),
  pieces: z.number().int().describe('Pieces the parcel travels as (a channel may split an overweight parcel)'),
  confidence: z.enum(['published', 'low']).describe('"low" when the card marks a number used as a placeholder'),
});

const ExcludedView = z.object({
  serviceId: z.string(),
  reason: z.enum(EXCLUSION_REASONS),
  detail: z.string(),
});

export const FreightQuoteView = z.object({
  options: z.array(FreightOptionView).describe('Eligible channels, cheapest first'),
  excluded: z.array(ExcludedView).describe('Additive: every other channel of the card, with the reason'),
  cardVersion: z.string().describe('The rate card the prices come from'),
});

export const RenderView = FreightQuoteView.extend({
  renderId: z.string().describe('"FF…": the stored quote, to book with orderBookingFreight while it lives'),
  expireTime: z.number().int().describe('When the renderId stops being bookable (ms since the epoch)'),
});

export function quoteView(quote: Quote): z.input<typeof FreightQuoteView> {
  return {
    options: quote.options.map((o) => ({
      serviceId: o.serviceId,
      companyName: o.companyName,
      serviceCategory: o.serviceCategory,
      price: fenToYuan(o.priceMinor),
      currency: o.currency,
      priceFen: o.priceFen,
      estimatedDays: `${o.transitDays[0]}-${o.transitDays[1]}`,
      minDays: o.transitDays[0],
      maxDays: o.transitDays[1],
      chargeableWeight: o.chargeableGrams / 1000,
      chargeableWeightGrams: o.chargeableGrams,
      pieces: o.pieces,
      confidence: o.confidence,
    })),
    excluded: quote.excluded.map((e) => ({ ...e })),
    cardVersion: quote.cardVersion,
  };
}
