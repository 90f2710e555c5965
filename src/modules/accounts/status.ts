import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';

/**
 * Disabling a developer refuses its signed calls (DEVELOPER_DISABLED) and its console sessions at
 * once; its orders, wallet and callbacks stay as they are, and enabling it again restores access.
 */
export async function setDeveloperDisabled(ctx: SystemCtx, developerId: string, disabled: boolean): Promise<{ ok: true } | Failure> {
  const updated = await ctx.db
    .updateTable('developers')
    .set({ disabled: disabled ? 1 : 0 })
    .where('developer_id', '=', developerId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? { ok: true } : fail('NOT_FOUND', { what: `developer ${developerId}` });
}
