/** The operator console's list of every developer's refund applications (one refund: /admin/refunds/detail). */
import { z } from 'zod';
import { pageAdminRefunds } from '../../modules/aftersales/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { DeveloperIdParam, fromWirePlatform, Paging, toWirePlatform, WirePlatform } from './admin-common.ts';

const list = defineAdminRoute({
  method: 'GET',
  path: '/admin/refunds',
  roles: ['admin', 'support'],
  operationId: 'adminRefunds',
  summary: 'Refund applications of every developer, newest first',
  tags: ['Admin'],
  query: Paging.extend({
    state: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('The platform’s status: Taobao 10/20/30/100/-10/-20, 1688 waitselleragree …'),
    developerId: DeveloperIdParam.optional(),
    platform: WirePlatform.optional(),
  }),
  data: z.object({
    total: z.number().int(),
    rows: z.array(
      z.object({
        refundId: z.string(),
        orderId: z.string(),
        developerId: z.string(),
        platform: WirePlatform,
        state: z.string(),
        kind: z.enum(['refund', 'return_refund']),
        amountFen: z.number().int().describe('Refunded to the wallet once refunded, else applied for (goods + freight)'),
        createdAt: z.number().int(),
        updatedAt: z.number().int(),
      }),
    ),
  }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { query }) => {
    const page = await pageAdminRefunds(ctx, { ...query, platform: query.platform && fromWirePlatform(query.platform) });
    return ok({ total: page.total, rows: page.rows.map((r) => ({ ...r, platform: toWirePlatform(r.platform) })) });
  },
});

export const adminRefundListRoutes = [list];
