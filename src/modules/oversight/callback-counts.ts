import type { SystemCtx } from '../../platform/context.ts';

const DAY_MS = 24 * 3600_000;

export interface MessageCounts {
  pending: number;
  failed: number;
  delivered24h: number;
  failed24h: number;
}

/** Callback messages by outcome, of one developer or of all; "24h" counts by the wall clock of ctx. */
export async function messageCounts(ctx: SystemCtx, developerId: string | null): Promise<MessageCounts> {
  const since = ctx.clock.nowMs() - DAY_MS;
  let messages = ctx.db.selectFrom('callback_messages');
  if (developerId !== null) messages = messages.where('developer_id', '=', developerId);
  const counts = await messages
    .select((eb) => {
      const count = (condition: ReturnType<typeof eb.and>) => eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
      return [
        count(eb.and([eb('status', 'in', ['pending', 'retrying'])])).as('pending'),
        count(eb.and([eb('status', '=', 'failed')])).as('failed'),
        count(eb.and([eb('status', '=', 'delivered'), eb('delivered_at', '>=', since)])).as('delivered_recent'),
        count(eb.and([eb('status', '=', 'failed'), eb('created_at', '>=', since)])).as('failed_recent'),
      ];
    })
    .executeTakeFirstOrThrow();
  return {
    pending: Number(counts.pending ?? 0),
    failed: Number(counts.failed ?? 0),
    delivered24h: Number(counts.delivered_recent ?? 0),
    failed24h: Number(counts.failed_recent ?? 0),
  };
}
