import type { SystemCtx } from '../../platform/context.ts';
import type { SandboxClock } from '../../sources/sandbox/clock.ts';
import type { Source } from '../../sources/source.ts';
import { refundSellersTick } from '../aftersales/index.ts';
import { warehouseSandboxTick, type WarehouseSource } from '../warehouse/index.ts';
import { fulfilmentTick } from './run.ts';

/** How long an advance waits for tasks another process has leased and is running. */
const WAIT_FOR_OTHERS_MS = 5000;

/**
 * Work is accounted in the database, not by whoever did it: a server's scheduler (or another
 * node) may plan and run what an advance made due before this process gets to it. Plans and
 * tasks stamp business time, and every process re-reads the clock before it works, so what was
 * stamped at or after the advanced time happened after the advance.
 */
export async function sellerWorkSince(ctx: SystemCtx, sinceMs: number): Promise<{ planned: number; ran: number }> {
  const planned = await ctx.db
    .selectFrom('fulfilment_plans')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('planned_at', '>=', sinceMs)
    .executeTakeFirstOrThrow();
  const ran = await ctx.db
    .selectFrom('fulfilment_tasks')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('done_at', '>=', sinceMs)
    .executeTakeFirstOrThrow();
  return { planned: Number(planned.n), ran: Number(ran.n) };
}

/** After-sales moves made since: sellers' answers, timer expiries and stock-out refunds (by any process). */
async function refundWorkSince(ctx: SystemCtx, sinceMs: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('refund_events')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('at', '>=', sinceMs)
    .where('actor', 'in', ['seller', 'system'])
    .where('action', '<>', 'submit')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function leasedByOthers(ctx: SystemCtx): Promise<boolean> {
  const now = ctx.clock.nowMs();
  const row = await ctx.db
    .selectFrom('fulfilment_tasks')
    .select('id')
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .where('lease_until', '>=', now)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * `ponte sandbox advance` and `POST /sandbox/clock/advance`: moves business time, runs what
 * became due (order work, then the sellers' after-sales answers and the refund timers, then the
 * warehouse floor when there is one), waits (briefly) for what other processes are running, and reports all of it.
 */
export async function advanceSandbox(
  ctx: SystemCtx,
  clock: SandboxClock,
  source: Source,
  ms: number,
  floor: WarehouseSource | null,
): Promise<{ nowMs: number; planned: number; ran: number; refundActions: number }> {
  const since = await clock.advance(ctx, ms);
  const local = { ...ctx, clock };
  await source.sellerSettings?.refresh();
  await fulfilmentTick(local, source);
  await refundSellersTick(local, source);
  await warehouseSandboxTick(local, floor);
  const deadline = Date.now() + WAIT_FOR_OTHERS_MS;
  while (Date.now() < deadline && (await leasedByOthers(local))) await new Promise((r) => setTimeout(r, 50));
  return { nowMs: clock.nowMs(), ...(await sellerWorkSince(local, since)), refundActions: await refundWorkSince(local, since) };
}
