/**
 * The sandbox sellers' behaviour rates, editable at run time: each tick of the sellers (and each
 * `sandbox advance`) reads them before planning, so every node plans with the rates stored last;
 * a rate never stored is the environment's.
 */
import type { SystemCtx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/index.ts';
import { fail, type Failure } from '../../../platform/errors.ts';
import type { SellerBehaviour } from './plan.ts';

export const SELLER_RATES = ['priceChangeRate', 'stockOutRate', 'refundAgreeRate', 'refundRefuseRate', 'receiptRefuseRate'] as const;
export type SellerRate = (typeof SELLER_RATES)[number];

export interface SellerSettingsView extends SellerBehaviour {
  source: Record<SellerRate, 'env' | 'stored'>;
}

export interface SellerSettings {
  /** The rates the plans use now. */
  current(): SellerBehaviour;
  /** Reads the stored rates (one small query); the ticks call it before planning. */
  refresh(): Promise<SellerSettingsView>;
  save(ctx: SystemCtx, patch: Partial<SellerBehaviour>, updatedBy: string): Promise<{ ok: true; settings: SellerSettingsView } | Failure>;
}

const isRate = (name: string): name is SellerRate => (SELLER_RATES as readonly string[]).includes(name);

export function sellerSettings(db: Db, defaults: SellerBehaviour): SellerSettings {
  let current: SellerBehaviour = { ...defaults };
  const refresh = async (): Promise<SellerSettingsView> => {
    const rows = await db.kysely.selectFrom('sandbox_seller_settings').select(['name', 'value']).execute();
    const next = { ...defaults };
    const source = Object.fromEntries(SELLER_RATES.map((name) => [name, 'env'])) as Record<SellerRate, 'env' | 'stored'>;
    for (const row of rows) {
      if (!isRate(row.name)) continue;
      next[row.name] = Number(row.value);
      source[row.name] = 'stored';
    }
    current = next;
    return { ...next, source };
  };
  return {
    current: () => current,
    refresh,
    async save(ctx, patch, updatedBy) {
      const merged = { ...(await refresh()), ...patch };
      // The seller agrees, refuses, or leaves the application to the timer: two shares of one whole.
      if (merged.refundAgreeRate + merged.refundRefuseRate > 1) {
        return fail('BAD_PARAMETER', { field: 'refundRefuseRate', rule: 'refundAgreeRate + refundRefuseRate must be at most 1' });
      }
      const now = ctx.clock.nowMs();
      for (const [name, value] of Object.entries(patch)) {
        if (!isRate(name) || value === undefined) continue;
        await ctx.db
          .insertInto('sandbox_seller_settings')
          .values({ name, value, updated_at: now, updated_by: updatedBy })
          .onConflict((conflict) => conflict.column('name').doUpdateSet({ value, updated_at: now, updated_by: updatedBy }))
          .execute();
      }
      return { ok: true as const, settings: await refresh() };
    },
  };
}
