/** The operator console's list of every developer's refund applications (unscoped: the caller is an operator). */
import type { SystemCtx } from '../../platform/context.ts';
import type { RefundKind } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';

export interface AdminRefundFilter {
  state?: string | undefined;
  developerId?: string | undefined;
  platform?: RefundPlatform | undefined;
  orderId?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AdminRefundRow {
  refundId: string;
  orderId: string;
  developerId: string;
  platform: RefundPlatform;
  state: string;
  kind: RefundKind;
  amountFen: number;
  createdAt: number;
  updatedAt: number;
}

/** Newest first. `amountFen` is what was credited once refunded, else what was applied for (goods + carriage). */
export async function pageAdminRefunds(ctx: SystemCtx, filter: AdminRefundFilter): Promise<{ total: number; rows: AdminRefundRow[] }> {
  let scoped = ctx.db.selectFrom('refunds');
  if (filter.state !== undefined) scoped = scoped.where('status', '=', filter.state);
  if (filter.developerId !== undefined) scoped = scoped.where('developer_id', '=', filter.developerId);
  if (filter.platform !== undefined) scoped = scoped.where('platform', '=', filter.platform);
  if (filter.orderId !== undefined) scoped = scoped.where('order_id', '=', filter.orderId);
  const counted = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await scoped
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('refund_id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => {
      const refunded = Number(r.refunded_fen);
      return {
        refundId: r.refund_id,
        orderId: r.order_id,
        developerId: r.developer_id,
        platform: r.platform,
        state: r.status,
        kind: r.kind,
        amountFen: refunded > 0 ? refunded : Number(r.apply_fen) + Number(r.apply_carriage_fen),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
      };
    }),
  };
}
