/**
 * A bed for outbound shipments: STORED parcels and W2 quotes written straight into their tables
 * (the inbound flow and the W2 route have tests of their own), and contexts for a developer or
 * one of its sub-accounts. The quote is the sample card's real answer for a parcel of `grams`.
 */
import assert from 'node:assert/strict';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { activeFx, activeRateCard, cartonSides, quoteParcel, RENDER_LIFETIME_MS } from '../../src/modules/freight/index.ts';
import { ledgerCheck } from '../../src/modules/wallet/index.ts';
import type { Ctx } from '../../src/platform/context.ts';
import type { DeveloperId, UserId } from '../../src/platform/ids.ts';
import { newNumericId } from '../../src/platform/ids.ts';
import type { Harness } from './harness.ts';
import { insertStoredParcels } from './storage-bed.ts';

export { US_RECEIVER } from './fixtures-buyers.ts';

/** The caller's context: the main user (sees all rows), or a buyer sub-account (sees its own). */
export function callerCtx(h: Harness, who: CreatedDeveloper, sub = false): Ctx {
  return {
    ...h.ctx,
    developerId: who.developerId as DeveloperId,
    userId: who.userId as UserId,
    rowsVisible: sub ? 'own' : 'all',
    role: sub ? 'buyer' : 'main',
    language: 'en',
  } as Ctx;
}

/** A STORED parcel of `who` holding one line (itemId, skuId), 30×20×10 cm, 900 g. */
export async function storedParcel(
  h: Harness,
  who: CreatedDeveloper,
  line: { itemId: string; skuId: string; tmallOrderId?: string; unpaidFen?: number },
): Promise<string> {
  const now = h.ctx.clock.nowMs();
  const [parcelId] = await insertStoredParcels(h.ctx, who.developerId, {
    count: 1,
    storedAtMs: now,
    ownerUserId: who.userId,
    lines: [{ itemId: line.itemId, skuId: line.skuId, quantity: 1 }],
    ...(line.tmallOrderId ? { tmallOrderId: line.tmallOrderId } : {}),
    weightGrams: 900,
  });
  // An owed storage day as the daily job leaves it when the wallet could not pay: the row without a transaction.
  if (line.unpaidFen) {
    await h.ctx.db
      .insertInto('warehouse_storage_charges')
      .values({ parcel_id: parcelId!, day: 20_000, fee_fen: line.unpaidFen, transaction_id: null, created_at: now })
      .execute();
    await h.ctx.db
      .updateTable('warehouse_parcels')
      .set({ storage_unpaid_fen: line.unpaidFen })
      .where('parcel_id', '=', parcelId!)
      .execute();
  }
  return parcelId!;
}

/** A W2 quote of `who` for one parcel of `grams` to `country`, stored as the W2 route stores it. */
export async function storedRender(h: Harness, who: CreatedDeveloper, grams = 2000, country = 'US'): Promise<string> {
  const now = h.ctx.clock.nowMs();
  const [compiled, fx] = await Promise.all([activeRateCard(h.ctx), activeFx(h.ctx)]);
  const quote = quoteParcel(compiled, fx, { grams, sides: cartonSides(grams * 4), attributes: new Set() }, country, 'CNY');
  const renderId = `FF${newNumericId(now)}`;
  const request = { country, currency: 'CNY', lines: [{ itemRef: 'item-1', skuId: 'sku-1', quantity: 1, attributes: [] }] };
  await h.ctx.db
    .insertInto('freight_renders')
    .values({
      id: renderId,
      developer_id: who.developerId,
      owner_user_id: who.userId,
      card_version: quote.cardVersion,
      quote_json: JSON.stringify({ request, quote }),
      created_at: now,
      expires_at: now + RENDER_LIFETIME_MS,
    })
    .execute();
  return renderId;
}

/** The ledger is sound and its entries sum to the balance. */
export async function assertLedger(h: Harness, who: CreatedDeveloper, balanceFen: number): Promise<void> {
  const check = await ledgerCheck(h.ctx, who.developerId);
  assert.equal(check.balanceFen, balanceFen);
  assert.equal(check.entriesSumFen, check.balanceFen);
  assert.equal(check.unbalancedTransactions, 0);
}
