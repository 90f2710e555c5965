/**
 * The 1688 refund list [DESIGN]: PandaPon's 1688 menu has no list of after-sales applications, and a
 * buyer needs one to find the applications it did not keep the ids of. The shape follows the 1688 side:
 * the filter names of alibaba.trade.refund.buyer.queryOrderRefundList [UPSTREAM] (`orderId`,
 * `applyStartTime`, `applyEndTime`), the paging of the 1688 order list (AO5: `pageNo`/`pageSize` in,
 * `totalRecords`/`totalPage`/`pageSize`/`currentPage`/`data` out) and AR1's fields per application.
 */
import { z } from 'zod';
import { ALIBABA_REFUND_STATES, pageRefunds } from '../../modules/aftersales/index.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { OrderIdParam } from '../common/orders.ts';
import { RefundSummary, refundSummary } from './refunds-view.ts';

const PAGE = { pageNo: 1, pageSize: 20, maxPageSize: 50 } as const;

export const alibabaRefundList = defineRoute({
  method: 'POST',
  path: '/alibaba/refund/list',
  aliases: ['/v2/alibaba/refund/list'],
  operationId: 'alibabaRefundList',
  summary: '1688 refund list (extension)',
  description: [
    'Ponte extension [DESIGN] (PandaPon’s 1688 menu has none; filter names from alibaba.trade.refund.buyer.queryOrderRefundList',
    '[UPSTREAM], paging as the 1688 order list): the caller’s 1688 applications, newest first (a sub-account sees its own, the',
    'main user all of the developer’s), each with AR1’s fields that need no order read (AR1 adds productName, canRefundPayment,',
    'the return address, timers and operations). Filters: `status` (one 1688 refund status), `orderId`, `applyStartTime` /',
    `\`applyEndTime\` (when the application was made, epoch ms, inclusive). \`pageNo\` from 1, \`pageSize\` 1–${PAGE.maxPageSize}.`,
  ].join(' '),
  tags: ['1688 after-sales'],
  action: 'read',
  body: z
    .object({
      pageNo: z.number().int().min(1).max(10_000).default(PAGE.pageNo),
      pageSize: z.number().int().min(1).max(PAGE.maxPageSize).default(PAGE.pageSize),
      status: z.enum(ALIBABA_REFUND_STATES).nullish(),
      orderId: OrderIdParam.nullish(),
      applyStartTime: z.number().int().min(0).nullish().describe('epoch ms'),
      applyEndTime: z.number().int().min(0).nullish().describe('epoch ms'),
    })
    .default({ pageNo: PAGE.pageNo, pageSize: PAGE.pageSize }),
  data: z.object({
    totalRecords: z.number().int(),
    totalPage: z.number().int(),
    pageSize: z.number().int(),
    currentPage: z.number().int(),
    data: z.array(RefundSummary),
  }),
  errors: [],
  handler: async (ctx, { body }) => {
    const paged = await pageRefunds(ctx, {
      platform: '1688',
      page: body.pageNo,
      pageSize: body.pageSize,
      ...(body.orderId ? { orderId: body.orderId } : {}),
      ...(body.status ? { status: body.status } : {}),
      ...(typeof body.applyStartTime === 'number' ? { createdFrom: body.applyStartTime } : {}),
      ...(typeof body.applyEndTime === 'number' ? { createdTo: body.applyEndTime } : {}),
    });
    if (!paged.ok) return paged;
    return ok({
      totalRecords: paged.total,
      totalPage: Math.ceil(paged.total / body.pageSize),
      pageSize: body.pageSize,
      currentPage: body.pageNo,
      data: paged.rows.map(refundSummary),
    });
  },
});
