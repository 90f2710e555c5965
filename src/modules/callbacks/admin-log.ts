/**
 * The operator console's delivery log across developers, and redelivery of any message. Unscoped
 * (the caller is an operator): these take a system context, the developer's own log is log.ts.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { attemptsByMessage, requeued, toMessageView, type MessageView } from './log.ts';

/** `pending` covers messages waiting for a retry as well: both are still to be delivered. */
export const ADMIN_LOG_STATES = ['pending', 'delivered', 'failed'] as const;

export interface AdminLogFilter {
  developerId?: string | undefined;
  state?: (typeof ADMIN_LOG_STATES)[number] | undefined;
  messageType?: string | undefined;
  page: number;
  pageSize: number;
}

/** Newest first. */
export async function pageAdminCallbackLog(
  ctx: SystemCtx,
  filter: AdminLogFilter,
): Promise<{ total: number; rows: (MessageView & { developerId: string })[] }> {
  let scoped = ctx.db.selectFrom('callback_messages');
  if (filter.developerId !== undefined) scoped = scoped.where('developer_id', '=', filter.developerId);
  if (filter.state === 'pending') scoped = scoped.where('status', 'in', ['pending', 'retrying']);
  else if (filter.state !== undefined) scoped = scoped.where('status', '=', filter.state);
  if (filter.messageType !== undefined) scoped = scoped.where('message_type', '=', filter.messageType);
  const counted = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const messages = await scoped
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const attempts = await attemptsByMessage(
    ctx,
    messages.map((m) => m.id),
  );
  return {
    total: Number(counted.n),
    rows: messages.map((m) => ({ ...toMessageView(m, attempts.get(m.id) ?? []), developerId: m.developer_id })),
  };
}

/** Queues any developer's message again now, as the developer's own redelivery does. */
export async function adminRedeliver(ctx: SystemCtx, messageId: string): Promise<{ ok: true; messageId: string } | Failure> {
  const row = await ctx.db.selectFrom('callback_messages').select(['id', 'attempts']).where('id', '=', messageId).executeTakeFirst();
  if (!row) return fail('NOT_FOUND', { what: `callback message ${messageId}` });
  // Guarded on attempts: a message a dispatcher is sending right now is left to finish.
  await ctx.db
    .updateTable('callback_messages')
    .set(requeued(Number(row.attempts), ctx.clock.nowMs()))
    .where('id', '=', row.id)
    .where('attempts', '=', Number(row.attempts))
    .execute();
  return { ok: true, messageId: row.id };
}
