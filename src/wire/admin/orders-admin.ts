/**
 * The operator console's orders: every developer's orders, one order's whole story (lines, wallet
 * entries, the order's and the purchase task's history and the console calls that named it,
 * parcels, refunds), and an operator cancel. Platforms are spelled as in the paths (`taobao`,
 * `alibaba`); ids are strings, money fen, times epoch ms.
 */
import { z } from 'zod';
import { closeOrderWithRefunds, pageAdminRefunds } from '../../modules/aftersales/index.ts';
import { auditOfOrder } from '../../modules/operators/index.ts';
import {
  adminOrder,
  adminOrderActions,
  operatorCancelOrder,
  ORDER_STATES,
  pageAdminOrders,
  type AdminOrderRow,
} from '../../modules/orders/index.ts';
import { cancelPurchase, purchaseTaskHistory } from '../../modules/purchasing/index.ts';
import { listEntries } from '../../modules/wallet/index.ts';
import { parcelsOfOrder } from '../../modules/warehouse/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { fail } from '../../platform/errors.ts';
import { actorLabel, defineAdminRoute, ok } from '../../platform/http/index.ts';
import type { OrderId } from '../../platform/ids.ts';
import { ALL_ROLES, DeveloperIdParam, fromWirePlatform, OrderIdParam, Paging, toWirePlatform, WirePlatform } from './admin-common.ts';

const OrderRow = z.object({
  orderId: z.string(),
  developerId: z.string(),
  platform: WirePlatform,
  state: z.enum(ORDER_STATES),
  totalFen: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  outerPurchaseId: z.string().nullable().describe('The id the developer gave at creation (outer_purchase_id / sellerOrderNumber)'),
  lineCount: z.number().int(),
});

const wireRow = (row: AdminOrderRow) => ({ ...row, platform: toWirePlatform(row.platform) });

const list = defineAdminRoute({
  method: 'GET',
  path: '/admin/orders',
  roles: ALL_ROLES,
  operationId: 'adminOrders',
  summary: 'Every developer’s orders, filtered and sorted (newest first by default)',
  tags: ['Admin'],
  query: Paging.extend({
    developerId: DeveloperIdParam.optional(),
    platform: WirePlatform.optional(),
    state: z.enum(ORDER_STATES).optional(),
    q: z.string().trim().min(1).max(64).optional().describe('Order id or outer purchase id: exact or prefix'),
    from: z.coerce.number().int().min(0).optional().describe('Created at or after, epoch ms'),
    to: z.coerce.number().int().min(0).optional().describe('Created at or before, epoch ms'),
    sort: z.enum(['createdAt', 'totalFen']).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
  }),
  data: z.object({ total: z.number().int(), rows: z.array(OrderRow) }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { query }) => {
    const page = await pageAdminOrders(ctx, { ...query, platform: query.platform && fromWirePlatform(query.platform) });
    return ok({ total: page.total, rows: page.rows.map(wireRow) });
  },
});

const HistoryRow = z.object({
  at: z.number().int(),
  from: z.string().nullable(),
  to: z.string().describe('The state reached; for an audit row, the answer code of the console call'),
  actor: z.string(),
  action: z.string(),
  note: z.string().nullable().describe('For an audit row, the client address it came from ("from 203.0.113.7")'),
  source: z.enum(['order', 'purchase', 'audit']),
});

const Detail = z.object({
  order: OrderRow,
  receiver: z.record(z.string(), z.string()),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      title: z.string(),
      skuId: z.string(),
      quantity: z.number().int(),
      unitPriceFen: z.number().int(),
      amountFen: z.number().int(),
      refundedFen: z.number().int(),
    }),
  ),
  payments: z.array(
    z.object({ entryId: z.string(), at: z.number().int(), kind: z.string(), amountFen: z.number().int(), ref: z.string() }),
  ),
  history: z.array(HistoryRow),
  parcels: z.array(z.object({ parcelId: z.string(), state: z.string(), trackingNumber: z.string() })),
  refunds: z.array(z.object({ refundId: z.string(), state: z.string(), amountFen: z.number().int() })),
  actions: z.array(z.string()).describe('Admin actions the order’s state allows'),
});

const detail = defineAdminRoute({
  method: 'GET',
  path: '/admin/orders/detail',
  roles: ALL_ROLES,
  operationId: 'adminOrderDetail',
  summary: 'One order with its lines, wallet entries, merged history, parcels, refunds and allowed actions',
  tags: ['Admin'],
  query: z.object({ orderId: OrderIdParam }),
  data: Detail,
  errors: ['BAD_PARAMETER', 'NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const found = await adminOrder(ctx, query.orderId);
    if (!found) return fail('NOT_FOUND', { what: `order ${query.orderId}` });
    const { order, developerId } = found;
    const refunds = await pageAdminRefunds(ctx, { orderId: order.orderId, page: 1, pageSize: 100 });
    // The refs the ledger writers give (orders: charge, close, freight refund; after-sales: refund:<id>).
    const refs = new Set([
      order.orderId as string,
      `close:${order.orderId}`,
      `refund-freight:${order.orderId}`,
      ...refunds.rows.map((r) => `refund:${r.refundId}`),
    ]);
    return ok({
      order: wireRow({
        orderId: order.orderId,
        developerId,
        platform: order.platform,
        state: order.state,
        totalFen: order.totalAmountFen,
        createdAt: order.createdAt,
        updatedAt: order.updatedAt,
        outerPurchaseId: order.clientOrderId,
        lineCount: order.lines.length,
      }),
      receiver: Object.fromEntries(Object.entries(order.receiver).filter((e): e is [string, string] => typeof e[1] === 'string')),
      lines: order.lines.map(({ lineNo, title, skuId, quantity, unitPriceFen, amountFen, refundedFen }) => ({
        lineNo,
        title,
        skuId,
        quantity,
        unitPriceFen,
        amountFen,
        refundedFen,
      })),
      payments: await entriesReferring(ctx, developerId, refs),
      history: await mergedHistory(ctx, order.orderId, found.history),
      parcels: await parcelsOfOrder(ctx, order.orderId),
      refunds: refunds.rows.map(({ refundId, state, amountFen }) => ({ refundId, state, amountFen })),
      actions: adminOrderActions(order.state),
    });
  },
});

/** The developer's wallet entries whose ref is the order or one of its refunds, oldest first. */
async function entriesReferring(ctx: SystemCtx, developerId: string, refs: Set<string>) {
  const found: z.input<typeof Detail>['payments'] = [];
  for (let pageNo = 1; ; pageNo += 1) {
    const page = await listEntries(ctx, developerId, { pageNo, pageSize: 100 });
    for (const e of page.rows) {
      if (e.ref !== null && refs.has(e.ref))
        found.push({ entryId: e.id, at: e.createdAt, kind: e.kind, amountFen: e.amountFen, ref: e.ref });
    }
    if (page.rows.length < 100) return found.reverse();
  }
}

type History = z.input<typeof HistoryRow>[];

/** The order's state history, its purchase task's, and the console calls that named it, oldest first. */
export async function mergedHistory(
  ctx: SystemCtx,
  orderId: string,
  orderHistory: Awaited<ReturnType<typeof purchaseTaskHistory>>,
): Promise<History> {
  const asRows = (rows: typeof orderHistory, source: 'order' | 'purchase'): History =>
    rows.map((h) => ({ at: h.at, from: h.fromState, to: h.toState, actor: h.actor, action: h.action, note: h.note, source }));
  const audit: History = (await auditOfOrder(ctx, orderId)).map((a) => ({
    at: a.at,
    from: null,
    to: String(a.code),
    actor: a.login === null ? a.actor : `operator:${a.login}`,
    action: a.operationId,
    note: a.clientAddress === null ? null : `from ${a.clientAddress}`,
    source: 'audit',
  }));
  const all = [...asRows(orderHistory, 'order'), ...asRows(await purchaseTaskHistory(ctx, orderId), 'purchase'), ...audit];
  // A stable sort keeps each source's own order among rows written in the same millisecond.
  return all.sort((a, b) => a.at - b.at);
}

const cancel = defineAdminRoute({
  method: 'POST',
  path: '/admin/orders/cancel',
  roles: ['admin', 'support'],
  operationId: 'adminOrderCancel',
  summary: 'Cancel an order: unpaid → cancelled; paid and not shipped → closed and refunded to the wallet',
  tags: ['Admin'],
  body: z.object({ orderId: OrderIdParam, reason: z.string().trim().min(1).max(200) }),
  data: z.object({ orderId: z.string(), state: z.enum(ORDER_STATES) }),
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'ORDER_STATE_INVALID', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => {
    const found = await adminOrder(ctx, body.orderId);
    if (!found) return fail('NOT_FOUND', { what: `order ${body.orderId}` });
    const orderId = body.orderId as OrderId;
    if (found.order.state !== 'paid') {
      const done = await operatorCancelOrder(ctx, { orderId, reason: body.reason }, actorLabel(ctx.actor));
      return done.ok ? ok({ orderId: done.orderId, state: done.state }) : done;
    }
    // On a manual platform the paid order has a purchase task: cancelling it closes the order, refunds
    // what the developer paid (an accepted price change included) and ends the task, all at once.
    const task = await cancelPurchase(ctx, { orderId, reason: body.reason }, { actor: actorLabel(ctx.actor) });
    if (task.ok) return ok({ orderId, state: 'closed' as const });
    if (task.error !== 'NOT_FOUND') return task;
    const closed = await closeOrderWithRefunds(ctx, orderId, body.reason);
    return closed.ok ? ok({ orderId, state: closed.state }) : closed;
  },
});

export const adminOrderRoutes = [list, detail, cancel];
