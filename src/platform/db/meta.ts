/** A small key/value table for installation facts (demo developer id, sandbox clock offset …). */
import type { SystemCtx } from '../context.ts';

export async function getMeta(ctx: SystemCtx, key: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setMeta(ctx: SystemCtx, key: string, value: string): Promise<void> {
  await ctx.db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
