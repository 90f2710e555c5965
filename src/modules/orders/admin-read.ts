/**
 * The operator console's view of orders: every developer's, unscoped (the caller is an operator,
 * never a developer), so these take a system context.
 */
import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';
import { readHistory, type HistoryEntry } from '../../platform/states.ts';
import { orderMachine, type OrderState, type Platform } from './states.ts';
import { HISTORY, loadLines, toDetail, type OrderDetail, type OrderRow } from './repo.ts';

export interface AdminOrderQuery {
  developerId?: string | undefined;
  platform?: Platform | undefined;
  state?: OrderState | undefined;
  q?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  sort: 'createdAt' | 'totalFen';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface AdminOrderRow {
  orderId: string;
  developerId: string;
  platform: Platform;
  state: OrderState;
  totalFen: number;
  createdAt: number;
  updatedAt: number;
  outerPurchaseId: string | null;
  lineCount: number;
}

/** Admin actions an operator may take on an order in this state (the console shows these buttons). */
export function adminOrderActions(state: OrderState): string[] {
  const { cancel, close } = orderMachine.transitions;
  return (cancel.from as readonly string[]).includes(state) || (close.from as readonly string[]).includes(state) ? ['cancel'] : [];
}

export async function pageAdminOrders(ctx: SystemCtx, query: AdminOrderQuery): Promise<{ total: number; rows: AdminOrderRow[] }> {
  let scoped = ctx.db.selectFrom('purchase_orders as o');
  if (query.developerId !== undefined) scoped = scoped.where('o.developer_id', '=', query.developerId);
  if (query.platform !== undefined) scoped = scoped.where('o.platform', '=', query.platform);
  if (query.state !== undefined) scoped = scoped.where('o.state', '=', query.state);
  if (query.from !== undefined) scoped = scoped.where('o.created_at', '>=', query.from);
  if (query.to !== undefined) scoped = scoped.where('o.created_at', '<=', query.to);
  const q = query.q;
  if (q !== undefined) {
    // substr rather than LIKE: no wildcard in an operator's text to escape, on either engine.
    const starts = (column: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${q.length}) = ${q}`;
    scoped = scoped.where((eb) => eb.or([starts('o.order_id'), starts('o.client_order_id')]));
  }
  const counted = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sortColumn = query.sort === 'totalFen' ? 'o.total_amount_fen' : 'o.created_at';
  const rows = await scoped
    .select([
      'o.order_id',
      'o.developer_id',
      'o.platform',
      'o.state',
      'o.total_amount_fen',
      'o.created_at',
      'o.updated_at',
      'o.client_order_id',
    ])
    .select((eb) =>
      eb
        .selectFrom('purchase_order_lines as l')
        .whereRef('l.order_id', '=', 'o.order_id')
        .select(eb.fn.countAll<number>().as('c'))
        .as('line_count'),
    )
    .orderBy(sortColumn, query.order)
    .orderBy('o.order_id', query.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => ({
      orderId: r.order_id,
      developerId: r.developer_id,
      platform: r.platform,
      state: r.state,
      totalFen: Number(r.total_amount_fen),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      outerPurchaseId: r.client_order_id,
      lineCount: Number(r.line_count ?? 0),
    })),
  };
}

/** Any developer's order with its lines and state history; null when there is no such order. */
export async function adminOrder(
  ctx: SystemCtx,
  orderId: string,
): Promise<{ order: OrderDetail; developerId: string; history: HistoryEntry[] } | null> {
  const row = (await ctx.db.selectFrom('purchase_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst()) as
    | OrderRow
    | undefined;
  if (!row) return null;
  return {
    order: toDetail(row, await loadLines(ctx, [orderId])),
    developerId: row.developer_id,
    history: await readHistory(ctx, HISTORY, orderId),
  };
}
