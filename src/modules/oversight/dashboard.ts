/** The operators' dashboard: what waits for someone, counted across the modules' tables. */
import type { SystemCtx } from '../../platform/context.ts';
import { messageCounts } from './callback-counts.ts';

export interface Dashboard {
  orders: { byState: { platform: string; state: string; count: number }[] };
  purchasing: { byState: { state: string; count: number }[] };
  parcels: { byState: { state: string; count: number }[] };
  callbacks: {
    pending: number;
    failed: number;
    failedLast24h: number;
    recentFailures: { messageId: string; developerId: string; messageType: string; lastError: string; at: number }[];
  };
  wallets: { count: number; totalBalanceFen: number };
}

async function countsBy<T extends 'purchase_tasks' | 'warehouse_parcels'>(ctx: SystemCtx, table: T) {
  const rows = await ctx.db
    .selectFrom(table as 'purchase_tasks')
    .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .orderBy('state')
    .execute();
  return rows.map((row) => ({ state: row.state, count: Number(row.n) }));
}

async function callbackCounts(ctx: SystemCtx): Promise<Dashboard['callbacks']> {
  const counts = await messageCounts(ctx, null);
  const recent = await ctx.db
    .selectFrom('callback_messages as m')
    .innerJoin('callback_attempts as a', (join) => join.onRef('a.message_id', '=', 'm.id').onRef('a.attempt_no', '=', 'm.attempts'))
    .select(['m.id', 'm.developer_id', 'm.message_type', 'a.error', 'a.status_code', 'a.at'])
    .where('m.status', '=', 'failed')
    .orderBy('a.at', 'desc')
    .limit(10)
    .execute();
  return {
    pending: counts.pending,
    failed: counts.failed,
    failedLast24h: counts.failed24h,
    recentFailures: recent.map((row) => ({
      messageId: row.id,
      developerId: row.developer_id,
      messageType: row.message_type,
      lastError: row.error ?? `HTTP ${row.status_code}`,
      at: Number(row.at),
    })),
  };
}

export async function dashboard(ctx: SystemCtx): Promise<Dashboard> {
  const orders = await ctx.db
    .selectFrom('purchase_orders')
    .select((eb) => ['platform', 'state', eb.fn.countAll<number>().as('n')])
    .groupBy(['platform', 'state'])
    .orderBy('platform')
    .orderBy('state')
    .execute();
  const wallets = await ctx.db
    .selectFrom('wallets')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('balance_fen').as('total')])
    .executeTakeFirstOrThrow();
  return {
    orders: { byState: orders.map((row) => ({ platform: row.platform, state: row.state, count: Number(row.n) })) },
    purchasing: { byState: await countsBy(ctx, 'purchase_tasks') },
    parcels: { byState: await countsBy(ctx, 'warehouse_parcels') },
    callbacks: await callbackCounts(ctx),
    wallets: { count: Number(wallets.n), totalBalanceFen: Number(wallets.total ?? 0) },
  };
}
