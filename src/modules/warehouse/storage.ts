/**
 * Storage fees: one row per parcel and warehouse day in warehouse_storage_charges, inserted
 * before the wallet is charged, so the row is the claim (a second node's insert finds it and
 * does nothing) and the wallet ref `storage:<parcelId>:<day>` makes the money move once even if
 * two claims raced. A day the wallet cannot pay keeps its row without a transaction and counts
 * in the parcel's storage_unpaid_fen until a later run, or a booking, pays it.
 */
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { chargeWallet, getBalance } from '../wallet/index.ts';
import type { ParcelRow } from './repo.ts';

/** A fee day still owed: its row exists, its wallet transaction does not. */
export interface UnpaidDay {
  parcelId: string;
  day: number;
  feeFen: number;
}

/** What a parcel's storage_fee_fen and storage_unpaid_fen move by in one pass. */
export interface FeeDelta {
  paidFen: number;
  unpaidFen: number;
  paidDays: number;
  unpaidDays: number;
}

export const noDelta = (): FeeDelta => ({ paidFen: 0, unpaidFen: 0, paidDays: 0, unpaidDays: 0 });

/**
 * Charges one claimed day. False when the wallet is short (the day stays unpaid); any other
 * refusal is a bug (the amount and ref are ours), so it throws.
 */
export async function payDay(ctx: SystemCtx, developerId: string, unpaid: UnpaidDay): Promise<boolean> {
  const charged = await chargeWallet(ctx, {
    developerId,
    amountFen: unpaid.feeFen,
    kind: 'storage',
    ref: `storage:${unpaid.parcelId}:${unpaid.day}`,
  });
  if (!charged.ok) {
    if (charged.error === 'INSUFFICIENT_BALANCE') return false;
    throw new Error(`storage charge ${unpaid.parcelId}/${unpaid.day} refused: ${charged.error}`);
  }
  await ctx.db
    .updateTable('warehouse_storage_charges')
    .set({ transaction_id: charged.transactionId })
    .where('parcel_id', '=', unpaid.parcelId)
    .where('day', '=', unpaid.day)
    .where('transaction_id', 'is', null)
    .execute();
  return true;
}

/** Pays owed days in order until the wallet is short; answers what moved. */
export async function payOwedDays(ctx: SystemCtx, developerId: string, owed: UnpaidDay[]): Promise<FeeDelta> {
  const delta = noDelta();
  for (const day of owed) {
    if (!(await payDay(ctx, developerId, day))) break;
    delta.paidFen += day.feeFen;
    delta.unpaidFen -= day.feeFen;
    delta.paidDays += 1;
  }
  return delta;
}

/** Keeps the parcel's two fee columns in step with its charge rows. */
export async function applyFeeDelta(ctx: SystemCtx, parcelId: string, delta: FeeDelta): Promise<void> {
  if (delta.paidFen === 0 && delta.unpaidFen === 0) return;
  await ctx.db
    .updateTable('warehouse_parcels')
    .set((eb) => ({
      storage_fee_fen: eb('storage_fee_fen', '+', delta.paidFen),
      storage_unpaid_fen: eb('storage_unpaid_fen', '+', delta.unpaidFen),
    }))
    .where('parcel_id', '=', parcelId)
    .execute();
}

/** The owed days of some parcels, oldest first. */
export async function owedDays(ctx: SystemCtx, parcelIds: readonly string[]): Promise<UnpaidDay[]> {
  if (parcelIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('warehouse_storage_charges')
    .select(['parcel_id', 'day', 'fee_fen'])
    .where('parcel_id', 'in', parcelIds)
    .where('transaction_id', 'is', null)
    .where('fee_fen', '>', 0)
    .orderBy('parcel_id')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ parcelId: r.parcel_id, day: Number(r.day), feeFen: Number(r.fee_fen) }));
}

/**
 * Claims the days from..to of a parcel (the rows another node already inserted are skipped) and
 * charges each claimed day; once the wallet is short the remaining days are claimed unpaid
 * without asking it again.
 */
export async function claimDays(
  ctx: SystemCtx,
  parcel: Pick<ParcelRow, 'parcel_id' | 'developer_id'>,
  days: { from: number; to: number; feeFen: number },
  short: boolean,
): Promise<FeeDelta> {
  const delta = noDelta();
  if (days.from > days.to) return delta;
  const now = ctx.clock.nowMs();
  const values = [];
  for (let day = days.from; day <= days.to; day++)
    values.push({ parcel_id: parcel.parcel_id, day, fee_fen: days.feeFen, transaction_id: null, created_at: now });
  const claimed = await ctx.db
    .insertInto('warehouse_storage_charges')
    .values(values)
    .onConflict((oc) => oc.columns(['parcel_id', 'day']).doNothing())
    .returning('day')
    .execute();
  if (days.feeFen === 0) return delta;
  for (const { day } of claimed) {
    const unpaid = { parcelId: parcel.parcel_id, day: Number(day), feeFen: days.feeFen };
    short = short || !(await payDay(ctx, parcel.developer_id, unpaid));
    const side = short ? 'unpaid' : 'paid';
    delta[`${side}Fen`] += days.feeFen;
    delta[`${side}Days`] += 1;
  }
  return delta;
}

export function byParcel(owed: readonly UnpaidDay[]): Map<string, UnpaidDay[]> {
  const grouped = new Map<string, UnpaidDay[]>();
  for (const day of owed) {
    const days = grouped.get(day.parcelId);
    if (days) days.push(day);
    else grouped.set(day.parcelId, [day]);
  }
  return grouped;
}

/** The storage fees still owed for these parcels, fen. */
export async function unpaidStorageFen(ctx: SystemCtx, parcelIds: readonly string[]): Promise<number> {
  return (await owedDays(ctx, parcelIds)).reduce((sum, day) => sum + day.feeFen, 0);
}

/**
 * Pays the owed storage of a developer's parcels now, in the caller's transaction (a booking
 * settles storage before its parcels leave). Parcels of another developer are ignored. A wallet
 * short of the whole sum answers INSUFFICIENT_BALANCE and charges nothing; if a debit elsewhere
 * wins the race after that check, the days paid before it stay paid (each is a fee owed) and the
 * answer is still INSUFFICIENT_BALANCE.
 */
export async function settleUnpaidStorage(
  ctx: SystemCtx,
  developerId: string,
  parcelIds: readonly string[],
): Promise<{ ok: true; chargedFen: number } | Failure> {
  return inTransaction(ctx, async (tx) => {
    const owed = await owedDays(tx, await ownParcels(tx, developerId, parcelIds));
    const owedFen = owed.reduce((sum, d) => sum + d.feeFen, 0);
    if (owedFen === 0) return { ok: true as const, chargedFen: 0 };
    const balanceFen = await getBalance(tx, developerId);
    if (balanceFen < owedFen) return fail('INSUFFICIENT_BALANCE', { shortfallFen: owedFen - balanceFen });
    let chargedFen = 0;
    for (const [parcelId, days] of byParcel(owed)) {
      const delta = await payOwedDays(tx, developerId, days);
      await applyFeeDelta(tx, parcelId, delta);
      chargedFen += delta.paidFen;
    }
    return chargedFen === owedFen
      ? { ok: true as const, chargedFen }
      : fail('INSUFFICIENT_BALANCE', { shortfallFen: owedFen - chargedFen });
  });
}

async function ownParcels(ctx: SystemCtx, developerId: string, parcelIds: readonly string[]): Promise<string[]> {
  if (parcelIds.length === 0) return [];
  const own = await ctx.db
    .selectFrom('warehouse_parcels')
    .select('parcel_id')
    .where('developer_id', '=', developerId)
    .where('parcel_id', 'in', [...parcelIds])
    .execute();
  return own.map((p) => p.parcel_id);
}
