/**
 * Scans that matched no declared parcel are kept for the policy's hold (hold_until was set at
 * the scan) and then disposed of. They belong to no developer yet, so there is no history row
 * or callback: the row's state and updated_at are the record. Batches of `limit` rows, each one
 * guarded UPDATE, so two nodes dispose of a scan once.
 */
import type { SystemCtx } from '../../platform/context.ts';

export async function expireUnmatchedScans(ctx: SystemCtx, options: { limit?: number } = {}): Promise<number> {
  const limit = options.limit ?? 500;
  const now = ctx.clock.nowMs();
  let disposed = 0;
  for (;;) {
    const due = await ctx.db
      .selectFrom('warehouse_unmatched_scans')
      .select('scan_id')
      .where('state', '=', 'UNMATCHED')
      .where('hold_until', '<=', now)
      .orderBy('hold_until')
      .orderBy('scan_id')
      .limit(limit)
      .execute();
    if (due.length === 0) return disposed;
    const done = await ctx.db
      .updateTable('warehouse_unmatched_scans')
      .set({ state: 'DISPOSED', updated_at: now })
      .where(
        'scan_id',
        'in',
        due.map((d) => d.scan_id),
      )
      .where('state', '=', 'UNMATCHED')
      .executeTakeFirst();
    disposed += Number(done.numUpdatedRows);
  }
}
