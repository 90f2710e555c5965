/**
 * Reading orders, always through the owned-row helpers: another developer's order, or a sibling
 * sub-account's, is simply not found; the main user sees every order of its developer. The one
 * unscoped read (orderOwnerAndLines) takes a system context.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import type { OrderId } from '../../platform/ids.ts';
import { selectOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { readHistory, type HistoryEntry } from '../../platform/states.ts';
import { HISTORY, loadLines, toDetail, toSummary, type OrderDetail, type OrderLine, type OrderRow, type OrderSummary } from './repo.ts';
import { ORDER_STATES, type OrderState, type Platform } from './states.ts';

export const ORDER_PAGE = { page: 1, pageSize: 20, maxPageSize: 50 } as const;

export async function getOrder(ctx: Ctx, orderId: OrderId): Promise<{ ok: true; order: OrderDetail } | Failure> {
  const row =
    typeof orderId === 'string' && orderId !== ''
      ? ((await selectOwned(ctx, 'purchase_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst()) as OrderRow | undefined)
      : undefined;
  if (!row) return fail('NOT_FOUND', { what: `order ${orderId}` });
  return { ok: true, order: toDetail(row, await loadLines(ctx, [orderId])) };
}

/**
 * The caller's orders among `orderIds`, with their lines, in the order asked; an id that is not
 * the caller's is left out. Two queries however many orders (a page, or the orders a create made).
 */
export async function getOrders(ctx: Ctx, orderIds: readonly string[]): Promise<OrderDetail[]> {
  if (orderIds.length === 0) return [];
  const rows = (await selectOwned(ctx, 'purchase_orders').selectAll().where('order_id', 'in', orderIds).execute()) as unknown as OrderRow[];
  const byId = new Map(rows.map((row) => [row.order_id, row]));
  const lines = await loadLines(ctx, [...byId.keys()]);
  const linesOf = (id: string) => lines.filter((l) => l.order_id === id);
  return orderIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toDetail(row, linesOf(id))] : [];
  });
}

export async function getOrderHistory(ctx: Ctx, orderId: OrderId): Promise<{ ok: true; history: HistoryEntry[] } | Failure> {
  const owned = await selectOwned(ctx, 'purchase_orders').select('order_id').where('order_id', '=', orderId).executeTakeFirst();
  if (!owned) return fail('NOT_FOUND', { what: `order ${orderId}` });
  return { ok: true, history: await readHistory(ctx, HISTORY, orderId) };
}

export interface PageOrdersInput {
  platform: Platform;
  states?: OrderState[] | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Newest first (order ids are time-sortable). */
export async function pageOrders(
  ctx: Ctx,
  input: PageOrdersInput,
): Promise<{ ok: true; total: number; page: number; pageSize: number; rows: OrderSummary[] } | Failure> {
  const page = input.page ?? ORDER_PAGE.page;
  const pageSize = input.pageSize ?? ORDER_PAGE.pageSize;
  if (!Number.isSafeInteger(page) || page < 1) return fail('BAD_PARAMETER', { field: 'page', rule: 'must be ≥ 1' });
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > ORDER_PAGE.maxPageSize)
    return fail('BAD_PARAMETER', { field: 'pageSize', rule: `must be 1–${ORDER_PAGE.maxPageSize}` });
  const states = input.states ?? [];
  if (states.some((s) => !(ORDER_STATES as readonly string[]).includes(s)))
    return fail('BAD_PARAMETER', { field: 'states', rule: `must be among ${ORDER_STATES.join(', ')}` });
  let query = selectOwned(ctx, 'purchase_orders').where('platform', '=', input.platform);
  if (states.length > 0) query = query.where('state', 'in', states);
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('order_id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { ok: true, total: Number(counted.n), page, pageSize, rows: (rows as unknown as OrderRow[]).map(toSummary) };
}

/**
 * Whose an order is and what it holds, for system work that follows orders (the warehouse makes
 * a shipped order its expected parcel): no tenant scope, so only system contexts may ask.
 */
export async function orderOwnerAndLines(
  ctx: SystemCtx,
  orderId: string,
): Promise<{ developerId: string; ownerUserId: string; lines: OrderLine[] } | undefined> {
  const row = (await ctx.db.selectFrom('purchase_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst()) as
    | OrderRow
    | undefined;
  if (!row) return undefined;
  const { lines } = toDetail(row, await loadLines(ctx, [orderId]));
  return { developerId: row.developer_id, ownerUserId: row.owner_user_id, lines };
}
