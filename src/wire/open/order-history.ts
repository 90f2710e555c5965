/**
 * An order's state changes for its developer [DESIGN]: PandaPon's detail bodies (Taobao TO7, 1688
 * AO11) carry no history, and adding a field to them would put a Ponte shape inside a documented one,
 * so the history is a route of its own, for orders of either platform (docs/decisions/019).
 * A developer sees what happened and who in kind did it, never an operator's login or the notes:
 * those may hold an operator's words to another operator (a cancel reason, a purchase remark).
 */
import { z } from 'zod';
import { getOrderHistory, ORDER_STATES, type OrderState } from '../../modules/orders/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { OrderIdParam } from '../common/orders.ts';

const ACTORS = ['buyer', 'seller', 'warehouse', 'operator', 'system'] as const;
type HistoryActor = (typeof ACTORS)[number];

/** The kind of actor a history row names: `user:<id>` is the developer's own user, `operator[:login]` an operator. */
export function actorKind(actor: string): HistoryActor {
  if (actor.startsWith('user:')) return 'buyer';
  if (actor === 'operator' || actor.startsWith('operator:')) return 'operator';
  return (ACTORS as readonly string[]).includes(actor) ? (actor as HistoryActor) : 'system';
}

const Change = z.object({
  fromState: z.enum(ORDER_STATES).nullable().describe('null for the order’s creation'),
  toState: z.enum(ORDER_STATES),
  action: z.string().describe('what moved it: create, pay, modify_price, ship, arrive, complete, cancel, close, …'),
  actor: z.enum(ACTORS).describe('buyer (the developer’s user), seller, warehouse, operator or system'),
  at: z.number().int().describe('epoch ms, business time'),
});

const history = defineRoute({
  method: 'GET',
  path: '/v2/open/order/history',
  operationId: 'openOrderHistory',
  summary: 'The state changes of one order (Taobao or 1688), oldest first',
  description: [
    'Ponte extension [DESIGN]: every change of the order’s platform-neutral state (`orderState` on 1688 orders;',
    'Taobao’s status codes are a coarser view of the same), oldest first. Who acted is given as a kind only, and no',
    'notes: operators’ names and remarks stay in the operators’ console. Another developer’s or a sibling',
    'sub-account’s order answers 404.',
  ].join(' '),
  tags: ['Order history'],
  action: 'read',
  query: z.object({ orderId: OrderIdParam }),
  data: z.object({ orderId: z.string(), history: z.array(Change) }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const found = await getOrderHistory(ctx, query.orderId);
    if (!found.ok) return found;
    return ok({
      orderId: query.orderId,
      history: found.history.map((h) => ({
        fromState: h.fromState as OrderState | null,
        toState: h.toState as OrderState,
        action: h.action,
        actor: actorKind(h.actor),
        at: h.at,
      })),
    });
  },
});

export const orderHistoryRoutes = [history];
