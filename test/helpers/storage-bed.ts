/**
 * Parcels already in the warehouse, written straight into warehouse_parcels (with the history
 * row a real QC pass leaves), for the storage tests and the storage benchmark: the inbound flow
 * that normally puts them there is tested on its own.
 */
import type { Kysely } from 'kysely';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { ledgerCheck, topUp } from '../../src/modules/wallet/index.ts';
import type { ParcelState } from '../../src/modules/warehouse/index.ts';
import type { SystemCtx } from '../../src/platform/context.ts';
import { newNumericId } from '../../src/platform/ids.ts';

export interface StoredParcels {
  count: number;
  storedAtMs: number;
  state?: ParcelState;
  /** The sub-account owning them (default: the main user). */
  ownerUserId?: string;
  /** What each parcel holds (default nothing), the order bought elsewhere it came with, its weight. */
  lines?: { itemId: string; skuId: string; quantity: number }[];
  tmallOrderId?: string;
  weightGrams?: number;
}

const CHUNK = 500;

/** Inserts `count` parcels of a developer stored at `storedAtMs`; answers their ids in insertion order. */
export async function insertStoredParcels(ctx: SystemCtx, developerId: string, spec: StoredParcels): Promise<string[]> {
  const ids: string[] = [];
  const now = spec.storedAtMs;
  for (let start = 0; start < spec.count; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, spec.count - start) }, () => {
      const parcelId = `WP${newNumericId(now)}`;
      ids.push(parcelId);
      return {
        parcel_id: parcelId,
        developer_id: developerId,
        owner_user_id: spec.ownerUserId ?? developerId,
        state: spec.state ?? 'STORED',
        origin: 'declared' as const,
        order_id: null,
        tmall_order_id: spec.tmallOrderId ?? null,
        lines_json: JSON.stringify((spec.lines ?? []).map((l) => ({ ...l, title: 'goods', imageUrl: '' }))),
        tracking_number: `SB${parcelId.slice(2)}`,
        carrier: 'YTO',
        rts_at: null,
        received_at: now,
        stored_at: now,
        weight_grams: spec.weightGrams ?? 800,
        length_cm: 30,
        width_cm: 20,
        height_cm: 10,
        qc_result: 'pass' as const,
        qc_note: null,
        problem_kind: null,
        refund_id: null,
        storage_fee_fen: 0,
        storage_unpaid_fen: 0,
        extra_photo_requests: 0,
        extra_photos: 0,
        reminded_at: null,
        shipment_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
    });
    await ctx.db.insertInto('warehouse_parcels').values(rows).execute();
    const history = rows.map((r) => ({
      parcel_id: r.parcel_id,
      from_state: null,
      to_state: r.state,
      action: 'pass_qc',
      actor: 'test',
      at: now,
      note: null,
    }));
    // The id is the table's autoincrement; schema.ts types the column as a plain number.
    await (ctx.db as unknown as Kysely<any>).insertInto('warehouse_parcel_history').values(history).execute();
  }
  return ids;
}

export async function fund(ctx: SystemCtx, developer: CreatedDeveloper | string, amountFen: number): Promise<void> {
  const developerId = typeof developer === 'string' ? developer : developer.developerId;
  const topped = await topUp(ctx, { developerId, amountFen, note: 'test funds' });
  if (!topped.ok) throw new Error(`top-up refused: ${topped.error}`);
}

export interface ParcelFees {
  state: string;
  feeFen: number;
  unpaidFen: number;
  remindedAt: number | null;
  /** The charged days, and those still unpaid. */
  days: number[];
  unpaidDays: number[];
}

export async function parcelFees(ctx: SystemCtx, parcelId: string): Promise<ParcelFees> {
  const parcel = await ctx.db.selectFrom('warehouse_parcels').selectAll().where('parcel_id', '=', parcelId).executeTakeFirstOrThrow();
  const charges = await ctx.db
    .selectFrom('warehouse_storage_charges')
    .selectAll()
    .where('parcel_id', '=', parcelId)
    .orderBy('day')
    .execute();
  return {
    state: parcel.state,
    feeFen: Number(parcel.storage_fee_fen),
    unpaidFen: Number(parcel.storage_unpaid_fen),
    remindedAt: parcel.reminded_at === null ? null : Number(parcel.reminded_at),
    days: charges.map((c) => Number(c.day)),
    unpaidDays: charges.filter((c) => c.transaction_id === null).map((c) => Number(c.day)),
  };
}

/** The wallet's entries sum to its balance and every transaction balances; answers the balance. */
export async function soundBalance(ctx: SystemCtx, developerId: string): Promise<number> {
  const check = await ledgerCheck(ctx, developerId);
  if (check.entriesSumFen !== check.balanceFen || check.unbalancedTransactions !== 0)
    throw new Error(`ledger of ${developerId} unsound: ${JSON.stringify(check)}`);
  return check.balanceFen;
}
