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
import { recordInitialState } from '../../src/platform/states.ts';
import type { Harness } from './harness.ts';

export const US_RECEIVER = {
  name: 'Ofir Birinbaum',
  country: 'US',
  state: 'California',
  city: 'VALLEY VLG',
  zip: '91607',
  address: '5818 WHITSETT AVE 401',
};

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

let seq = 0;

/** A STORED parcel of `who` holding one line (itemId, skuId), 30×20×10 cm unless told. */
export async function storedParcel(
  h: Harness,
  who: CreatedDeveloper,
  line: { itemId: string; skuId: string; tmallOrderId?: string; unpaidFen?: number },
): Promise<string> {
  const now = h.ctx.clock.nowMs();
  const parcelId = `WP${newNumericId(now)}`;
  await h.ctx.db
    .insertInto('warehouse_parcels')
    .values({
      parcel_id: parcelId,
      developer_id: who.developerId,
      owner_user_id: who.userId,
      state: 'STORED',
      origin: 'declared',
      order_id: null,
      tmall_order_id: line.tmallOrderId ?? null,
      lines_json: JSON.stringify([{ itemId: line.itemId, skuId: line.skuId, quantity: 1, title: 'goods', imageUrl: '' }]),
      tracking_number: `SF${Date.now()}${++seq}`,
      carrier: '顺丰',
      rts_at: null,
      received_at: now,
      stored_at: now,
      weight_grams: 900,
      length_cm: 30,
      width_cm: 20,
      height_cm: 10,
      qc_result: 'pass',
      qc_note: null,
      problem_kind: null,
      refund_id: null,
      storage_fee_fen: 0,
      storage_unpaid_fen: line.unpaidFen ?? 0,
      reminded_at: null,
      shipment_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordInitialState(
    h.ctx,
    { table: 'warehouse_parcel_history', idColumn: 'parcel_id', actor: 'system' },
    parcelId,
    'STORED',
    'test_seed',
  );
  // An owed storage day as the daily job leaves it when the wallet could not pay: the row without a transaction.
  if (line.unpaidFen)
    await h.ctx.db
      .insertInto('warehouse_storage_charges')
      .values({ parcel_id: parcelId, day: 20_000, fee_fen: line.unpaidFen, transaction_id: null, created_at: now })
      .execute();
  return parcelId;
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
