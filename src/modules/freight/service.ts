/**
 * W1 and W2: freight for catalog SKUs. Resolve each line's SKU and weight in the catalog, make one
 * consolidated parcel, quote it on the card in effect now (the answer names its version), and
 * (W2) store the quote for the caller with a lifetime, under a `FF…` id the booking will name.
 */
import type { Ctx } from '../../platform/context.ts';
import { ownership, selectOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { newNumericId } from '../../platform/ids.ts';
import type { Source } from '../../sources/source.ts';
import type { CargoAttribute } from './card-schema.ts';
import { knowsCurrency } from './fx.ts';
import { estimateParcel, type ParcelLine } from './parcel.ts';
import { type Quote, quoteParcel } from './quote.ts';
import { activeFx, rateCardAt } from './store.ts';

export const MAX_FREIGHT_QUANTITY = 10_000;
export const MAX_RENDER_LINES = 50;
/** How long a W2 quote can be booked (W4) after it was made [DESIGN: 30 minutes, rates move]. */
export const RENDER_LIFETIME_MS = 30 * 60 * 1000;
export const RENDER_ID = /^FF[1-9]\d{0,19}$/;

export interface FreightLine {
  itemRef: string;
  skuId: string;
  quantity: number;
  attributes: readonly CargoAttribute[];
  /** The channel the client picked for the line (W2 freightInfo.serviceId); empty when none. */
  serviceId?: string | undefined;
}

export interface FreightRequest {
  country: string;
  currency: string;
  lines: FreightLine[];
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });
/** An assigned ISO 3166-1 alpha-2 code (ICU knows its name), not just two letters. */
export function isCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ') return false;
  try {
    const name = regions.of(code);
    return name !== undefined && name !== code;
  } catch {
    return false;
  }
}

async function parcelLine(source: Source, line: FreightLine, field: string): Promise<{ ok: true; line: ParcelLine } | Failure> {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_FREIGHT_QUANTITY)
    return fail('BAD_PARAMETER', { field: `${field}quantity`, rule: `must be an integer 1–${MAX_FREIGHT_QUANTITY}` });
  const product = line.itemRef ? await source.findProduct(line.itemRef) : null;
  if (!product) return fail('NOT_FOUND', { what: `item ${line.itemRef}` });
  const sku = product.skus.find((s) => s.skuId === line.skuId || s.specId === line.skuId);
  if (!sku) return fail('NOT_FOUND', { what: `sku ${line.skuId} of ${line.itemRef}` });
  return { ok: true, line: { weightGrams: product.weightGrams, quantity: line.quantity, attributes: line.attributes } };
}

/** Quotes the request's lines as one consolidated parcel; `prefix` names the line fields (`renderItems[0].`). */
export async function quoteLines(
  ctx: Ctx,
  source: Source,
  request: FreightRequest,
  prefix: (i: number) => string,
): Promise<{ ok: true; quote: Quote } | Failure> {
  if (!isCountry(request.country))
    return fail('BAD_PARAMETER', { field: 'receiverAddress.country', rule: 'must be an ISO 3166-1 alpha-2 country code' });
  const [card, fx] = await Promise.all([rateCardAt(ctx, ctx.clock.nowMs()), activeFx(ctx)]);
  if (!card.ok) return card;
  const { compiled } = card;
  if (!knowsCurrency(fx, request.currency))
    return fail('BAD_PARAMETER', { field: 'currency', rule: `has no rate in the FX snapshot of ${fx.asOf}` });
  const lines: ParcelLine[] = [];
  for (const [i, line] of request.lines.entries()) {
    if (line.serviceId && !compiled.card.channels.some((c) => c.serviceId === line.serviceId))
      return fail('BAD_PARAMETER', {
        field: `${prefix(i)}freightInfo.serviceId`,
        rule: `is not a channel of rate card ${compiled.card.version}`,
      });
    const resolved = await parcelLine(source, line, prefix(i));
    if (!resolved.ok) return resolved;
    lines.push(resolved.line);
  }
  const parcel = estimateParcel(lines, compiled.card.packagingFactor);
  return { ok: true, quote: quoteParcel(compiled, fx, parcel, request.country, request.currency) };
}

export interface StoredRender {
  renderId: string;
  createdAt: number;
  expiresAt: number;
  request: FreightRequest;
  quote: Quote;
}

/** W2: quote and store for the caller; the id is "FF" + a numeric id. */
export async function renderFreight(
  ctx: Ctx,
  source: Source,
  request: FreightRequest,
): Promise<{ ok: true; render: StoredRender } | Failure> {
  if (request.lines.length < 1 || request.lines.length > MAX_RENDER_LINES)
    return fail('BAD_PARAMETER', { field: 'renderItems', rule: `must hold 1–${MAX_RENDER_LINES} lines` });
  const quoted = await quoteLines(ctx, source, request, (i) => `renderItems[${i}].`);
  if (!quoted.ok) return quoted;
  const now = ctx.clock.nowMs();
  const render: StoredRender = {
    renderId: `FF${newNumericId(now)}`,
    createdAt: now,
    expiresAt: now + RENDER_LIFETIME_MS,
    request,
    quote: quoted.quote,
  };
  await ctx.db
    .insertInto('freight_renders')
    .values({
      id: render.renderId,
      ...ownership(ctx),
      card_version: quoted.quote.cardVersion,
      quote_json: JSON.stringify({ request, quote: quoted.quote }),
      created_at: now,
      expires_at: render.expiresAt,
    })
    .execute();
  return { ok: true, render };
}

/**
 * The caller's stored quote, while it lives: another developer's id is not found; the caller's
 * own expired one answers RENDER_EXPIRED, so the client knows to preview again rather than to
 * look for a typo.
 */
export async function findRender(ctx: Ctx, renderId: string): Promise<{ ok: true; render: StoredRender } | Failure> {
  const missing = fail('NOT_FOUND', { what: `renderId ${renderId}` });
  if (!RENDER_ID.test(renderId)) return missing;
  const row = await selectOwned(ctx, 'freight_renders').selectAll().where('id', '=', renderId).executeTakeFirst();
  if (!row) return missing;
  if (Number(row.expires_at) <= ctx.clock.nowMs()) return fail('RENDER_EXPIRED', { renderId });
  const stored = JSON.parse(row.quote_json) as { request: FreightRequest; quote: Quote };
  return { ok: true, render: { renderId, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), ...stored } };
}
