/**
 * Reading applications. A developer's reads are scoped (another developer's or a sibling
 * sub-account's application is NOT_FOUND 'refund <id>'); the system reads are for the seller side
 * and the wire views of orders. Lines of a page are read in one query, never per row.
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE, scopeOf, selectOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import type { RefundPlatform } from './machines.ts';
import { loadRefundLines } from './refund-lines.ts';
import { lockRefund, toEventView, toView, type RefundEventView, type RefundRow, type RefundView } from './repo.ts';

export const REFUND_PAGE = { maxPageSize: 100 } as const;

export async function getRefund(ctx: Ctx, refundId: string): Promise<{ ok: true; refund: RefundView } | Failure> {
  const found = await lockRefund(ctx, refundId, scopeOf(ctx), false);
  return found ? { ok: true, refund: toView(found.row, found.lines) } : fail('NOT_FOUND', { what: `refund ${refundId}` });
}

export async function getRefundSystem(ctx: SystemCtx, refundId: string): Promise<{ ok: true; refund: RefundView } | Failure> {
  const found = await lockRefund(ctx, refundId, SYSTEM_SCOPE, false);
  return found ? { ok: true, refund: toView(found.row, found.lines) } : fail('NOT_FOUND', { what: `refund ${refundId}` });
}

/** The application's events, oldest first: its message list and (1688) operation list. */
export async function refundEvents(
  ctx: Ctx,
  refundId: string,
  page?: { page: number; pageSize: number },
): Promise<{ ok: true; total: number; events: RefundEventView[] } | Failure> {
  const bad = page ? badPage(page) : null;
  if (bad) return bad;
  const owned = await selectOwned(ctx, 'refunds').select('refund_id').where('refund_id', '=', String(refundId)).executeTakeFirst();
  if (!owned) return fail('NOT_FOUND', { what: `refund ${refundId}` });
  const scoped = ctx.db.selectFrom('refund_events').where('refund_id', '=', owned.refund_id);
  const counted = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let rows = scoped.selectAll().orderBy('id');
  if (page) rows = rows.limit(page.pageSize).offset((page.page - 1) * page.pageSize);
  return { ok: true, total: Number(counted.n), events: (await rows.execute()).map(toEventView) };
}

export interface PageRefundsQuery {
  platform: RefundPlatform;
  orderId?: OrderId;
  lineNo?: number;
  status?: string;
  createdFrom?: number;
  createdTo?: number;
  page: number;
  pageSize: number;
}

/** The caller's applications, newest first, filtered; two or three queries whatever the page holds. */
export async function pageRefunds(ctx: Ctx, q: PageRefundsQuery): Promise<{ ok: true; total: number; rows: RefundView[] } | Failure> {
  const bad = badPage(q);
  if (bad) return bad;
  let query = selectOwned(ctx, 'refunds').where('platform', '=', q.platform);
  if (q.orderId !== undefined) query = query.where('order_id', '=', q.orderId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.createdFrom !== undefined) query = query.where('created_at', '>=', q.createdFrom);
  if (q.createdTo !== undefined) query = query.where('created_at', '<=', q.createdTo);
  if (q.lineNo !== undefined) {
    const lineNo = q.lineNo;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('refund_lines as l')
          .select('l.line_no')
          .whereRef('l.refund_id', '=', 'refunds.refund_id')
          .where('l.line_no', '=', lineNo),
      ),
    );
  }
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = (await query
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('refund_id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()) as unknown as RefundRow[];
  return { ok: true, total: Number(counted.n), rows: await withLines(ctx, rows) };
}

async function withLines(ctx: SystemCtx, rows: RefundRow[]): Promise<RefundView[]> {
  if (rows.length === 0) return [];
  const lines = await loadRefundLines(
    ctx,
    rows.map((r) => r.refund_id),
  );
  return rows.map((row) => toView(row, lines.get(row.refund_id) ?? []));
}

function badPage(p: { page: number; pageSize: number }): Failure | null {
  if (!Number.isSafeInteger(p.page) || p.page < 1) return fail('BAD_PARAMETER', { field: 'page', rule: 'must be ≥ 1' });
  if (!Number.isSafeInteger(p.pageSize) || p.pageSize < 1 || p.pageSize > REFUND_PAGE.maxPageSize)
    return fail('BAD_PARAMETER', { field: 'pageSize', rule: `must be 1–${REFUND_PAGE.maxPageSize}` });
  return null;
}

export interface LineRefundState {
  /** The latest application's status, null when the line never had one. */
  refundStatus: string | null;
  refundedFen: number;
  refundedQuantity: number;
  refundId: string | null;
}

/**
 * Per order, per line: the latest application's status and what was refunded; the wire views
 * of orders (Taobao refundStatus/refundAmount, 1688 productItems) read it. Two queries.
 */
export async function orderRefundState(ctx: SystemCtx, orderIds: string[]): Promise<Map<string, Map<number, LineRefundState>>> {
  const result = new Map<string, Map<number, LineRefundState>>();
  if (orderIds.length === 0) return result;
  const lines = await ctx.db
    .selectFrom('purchase_order_lines')
    .select(['order_id', 'line_no', 'refunded_fen', 'refunded_quantity'])
    .where('order_id', 'in', orderIds)
    .execute();
  for (const l of lines) {
    const perOrder = result.get(l.order_id) ?? new Map<number, LineRefundState>();
    perOrder.set(Number(l.line_no), {
      refundStatus: null,
      refundedFen: Number(l.refunded_fen),
      refundedQuantity: Number(l.refunded_quantity),
      refundId: null,
    });
    result.set(l.order_id, perOrder);
  }
  const applications = await ctx.db
    .selectFrom('refund_lines as l')
    .innerJoin('refunds as r', 'r.refund_id', 'l.refund_id')
    .select(['l.order_id', 'l.line_no', 'r.refund_id', 'r.status', 'r.created_at'])
    .where('l.order_id', 'in', orderIds)
    .orderBy('r.created_at')
    .orderBy('r.refund_id')
    .execute();
  // Oldest first, so the latest application of a line is the one left standing.
  for (const a of applications) {
    const state = result.get(a.order_id)?.get(Number(a.line_no));
    if (state) Object.assign(state, { refundStatus: a.status, refundId: a.refund_id });
  }
  return result;
}
