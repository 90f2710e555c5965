import type { SystemCtx } from '../../platform/context.ts';
import { toAuditRow, type AuditRow } from './audit.ts';

/**
 * The console calls whose body named this order (`"orderId":"<id>"`), oldest first: what an
 * operator did to an order, including refused attempts that left no state history.
 */
export async function auditOfOrder(ctx: SystemCtx, orderId: string): Promise<AuditRow[]> {
  // Order ids are digits, so the pattern holds no LIKE wildcard; the JSON check drops look-alikes in other fields.
  if (!/^\d{1,24}$/.test(orderId)) return [];
  const rows = await ctx.db
    .selectFrom('operator_audit')
    .selectAll()
    .where('body', 'like', `%"orderId":"${orderId}"%`)
    .orderBy('id')
    .execute();
  return rows.filter((r) => r.body !== null && (JSON.parse(r.body) as { orderId?: unknown }).orderId === orderId).map(toAuditRow);
}
