/**
 * The refund fields of the 1688 order object: per product item the latest application's status and
 * what was refunded on the entry, and on the order the summary 1688's order detail carries
 * (`baseInfo.refundStatus`; the amounts, freight included, come from the order itself).
 */
import type { Ctx } from '../../platform/context.ts';
import { orderRefundState } from '../../modules/aftersales/index.ts';

/** Per line number, the latest application's status, as the aftersales module reports one order. */
export type OrderRefunds = ReadonlyMap<number, { refundStatus: string | null }>;

const OPEN = new Set(['waitselleragree', 'waitbuyermodify', 'waitbuyersend', 'waitsellerreceive']);

/** The refund state of these orders' lines (an order without any application maps to nothing). */
export async function refundsOfOrders(ctx: Ctx, orderIds: string[]): Promise<ReadonlyMap<string, OrderRefunds>> {
  return orderIds.length === 0 ? new Map() : orderRefundState(ctx, orderIds);
}

/**
 * The order's refund status: an open application's if any line has one (that is what a buyer waits
 * on), else refundsuccess if any line was refunded, else refundclose, else null.
 */
export function orderRefundStatus(refunds: OrderRefunds | undefined): string | null {
  const statuses = [...(refunds?.values() ?? [])].map((l) => l.refundStatus).filter((s): s is string => s !== null);
  return statuses.find((s) => OPEN.has(s)) ?? statuses.find((s) => s === 'refundsuccess') ?? statuses[0] ?? null;
}
