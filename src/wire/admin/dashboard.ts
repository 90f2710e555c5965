/** The console's first screen: what waits for someone. */
import { z } from 'zod';
import { dashboard } from '../../modules/oversight/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { ALL_ROLES, toWirePlatform } from './admin-common.ts';

const StateCount = z.object({ state: z.string(), count: z.number().int() });

export const adminDashboardRoute = defineAdminRoute({
  method: 'GET',
  path: '/admin/dashboard',
  roles: ALL_ROLES,
  operationId: 'adminDashboard',
  summary: 'Orders by state, the purchasing queue, parcels by state, callback failures and wallet totals',
  tags: ['Admin'],
  data: z.object({
    orders: z.object({ byState: z.array(StateCount.extend({ platform: z.enum(['taobao', 'alibaba']) })) }),
    purchasing: z.object({ byState: z.array(StateCount) }),
    parcels: z.object({ byState: z.array(StateCount) }),
    callbacks: z.object({
      pending: z.number().int(),
      failed: z.number().int(),
      failedLast24h: z.number().int(),
      recentFailures: z.array(
        z.object({ messageId: z.string(), developerId: z.string(), messageType: z.string(), lastError: z.string(), at: z.number().int() }),
      ),
    }),
    wallets: z.object({ count: z.number().int(), totalBalanceFen: z.number().int().describe('Sum of all balances, fen') }),
  }),
  errors: [],
  handler: async (ctx) => {
    const board = await dashboard(ctx);
    const byState = board.orders.byState.map((row) => ({ ...row, platform: toWirePlatform(row.platform as 'taobao' | '1688') }));
    return ok({ ...board, orders: { byState } });
  },
});
