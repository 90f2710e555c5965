/**
 * The purchasing queue of manual platforms (`Authorization: Bearer <admin token>`; the CLI
 * `ponte purchasing …` does the same). Operators buy each paid order at the real marketplace and
 * record what happened; actions are recorded with the acting operator (`operator:<login>`, or `operator` for the admin token) and the operator's note.
 * docs/decisions/018-manual-source.md has the price policy and the lifecycle.
 */
import { z } from 'zod';
import {
  cancelPurchase,
  PURCHASE_TASK_STATES,
  type PricePolicy,
  purchaseQueue,
  QUEUE_PAGE,
  recordPurchase,
  recordShipment,
  recordStockOut,
  type TaskResult,
} from '../../modules/purchasing/index.ts';
import { actorLabel, defineAdminRoute, ok } from '../../platform/http/index.ts';

declare module '../../platform/http/route.ts' {
  interface RouteServices {
    /** How far above the charge an operator's purchase price is absorbed (PONTE_PURCHASE_TOLERANCE_*). */
    readonly purchasePolicy: PricePolicy;
  }
}

const OrderId = z.string().regex(/^\d{1,24}$/, 'must be an order id (digits)');
const Note = z.string().max(200).optional().describe('Why, in the operator’s words; kept in the task history');

const Task = z.object({
  orderId: z.string(),
  developerId: z.string(),
  platform: z.string(),
  state: z.enum(PURCHASE_TASK_STATES),
  version: z.number().int(),
  chargedFen: z.number().int().describe('What the developer paid for the order, fen'),
  paidFen: z.number().int().nullable().describe('What the operator paid at the marketplace, fen'),
  marketplaceOrderNo: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  extraChargedFen: z.number().int().describe('What the developer paid on top of chargedFen by accepting a changed price, fen'),
  queuedAt: z.number().int(),
  updatedAt: z.number().int(),
});

const answer = (done: TaskResult) => (done.ok ? ok(done.task) : done);

const queue = defineAdminRoute({
  method: 'GET',
  path: '/admin/purchasing/queue',
  roles: ['purchaser', 'admin'],
  operationId: 'adminPurchasingQueue',
  summary: 'The purchase tasks of manual platforms, oldest first, optionally of one state',
  tags: ['Admin'],
  query: z.object({
    state: z.enum(PURCHASE_TASK_STATES).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(QUEUE_PAGE.maxSize).default(QUEUE_PAGE.defaultSize),
  }),
  data: z.object({ total: z.number().int(), rows: z.array(Task) }),
  errors: [],
  handler: async (ctx, { query }) => ok(await purchaseQueue(ctx, query)),
});

const purchase = defineAdminRoute({
  method: 'POST',
  path: '/admin/purchasing/purchase',
  roles: ['purchaser', 'admin'],
  operationId: 'adminPurchasingPurchase',
  summary: 'Record the marketplace order and the price actually paid (above the tolerance: PRICE_REVIEW)',
  tags: ['Admin'],
  body: z.object({
    orderId: OrderId,
    marketplaceOrderNo: z.string().min(1).max(64),
    paidFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    note: Note,
  }),
  data: Task,
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body, services }) =>
    answer(await recordPurchase(ctx, body, { actor: actorLabel(ctx.actor), note: body.note }, services.purchasePolicy)),
});

const ship = defineAdminRoute({
  method: 'POST',
  path: '/admin/purchasing/ship',
  roles: ['purchaser', 'admin'],
  operationId: 'adminPurchasingShip',
  summary: 'Record the domestic carrier and tracking number: the order ships (ORDER_SHIPPED, expected parcel)',
  tags: ['Admin'],
  body: z.object({ orderId: OrderId, carrier: z.string().min(1).max(64), trackingNumber: z.string().min(1).max(64), note: Note }),
  data: Task,
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => answer(await recordShipment(ctx, body, { actor: actorLabel(ctx.actor), note: body.note })),
});

const stockOut = defineAdminRoute({
  method: 'POST',
  path: '/admin/purchasing/stock-out',
  roles: ['purchaser', 'admin'],
  operationId: 'adminPurchasingStockOut',
  summary: 'Lines the marketplace cannot supply are refunded; the last one closes the order',
  tags: ['Admin'],
  body: z.object({ orderId: OrderId, lineNos: z.array(z.number().int().min(1)).min(1).max(100), note: Note }),
  data: Task,
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => answer(await recordStockOut(ctx, body, { actor: actorLabel(ctx.actor), note: body.note })),
});

const cancel = defineAdminRoute({
  method: 'POST',
  path: '/admin/purchasing/cancel',
  roles: ['purchaser', 'admin'],
  operationId: 'adminPurchasingCancel',
  summary: 'Give up the purchase: the order is closed and refunded (reason price_changed under price review)',
  tags: ['Admin'],
  body: z.object({ orderId: OrderId, reason: z.string().min(1).max(200).optional(), note: Note }),
  data: Task,
  errors: ['BAD_PARAMETER', 'NOT_FOUND', 'PURCHASE_TASK_STATE_INVALID'],
  handler: async (ctx, { body }) => answer(await cancelPurchase(ctx, body, { actor: actorLabel(ctx.actor), note: body.note })),
});

export const adminPurchasingRoutes = [queue, purchase, ship, stockOut, cancel];
