/**
 * The delivery log a developer (or the operator's CLI) reads, and manual redelivery. Messages are
 * owned rows (they follow their order's owner), so both go through the tenancy helpers: another
 * developer's message, or a sibling sub-account's, is simply not found.
 */
import type { Selectable } from 'kysely';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { selectOwned, updateOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { MESSAGE_STATUSES, type AttemptTrigger, type CallbackMessageTable, type MessageStatus } from './schema.ts';

export const LOG_PAGE = { pageNo: 1, pageSize: 20, maxPageSize: 100 } as const;

export interface AttemptView {
  attemptNo: number;
  at: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseSnippet: string;
  trigger: AttemptTrigger;
}

export interface MessageView {
  messageId: string;
  messageType: string;
  messagePlatform: number;
  eventType: string;
  orderId: string;
  messageBody: string;
  status: MessageStatus;
  attempts: AttemptView[];
  nextAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface LogPageInput {
  pageNo?: number | undefined;
  pageSize?: number | undefined;
  status?: MessageStatus | undefined;
  orderId?: string | undefined;
}

export async function pageCallbackLog(
  ctx: Ctx,
  input: LogPageInput,
): Promise<{ ok: true; total: number; pageNo: number; pageSize: number; rows: MessageView[] } | Failure> {
  const pageNo = input.pageNo ?? LOG_PAGE.pageNo;
  const pageSize = input.pageSize ?? LOG_PAGE.pageSize;
  const refused = checkLogPage(pageNo, pageSize, input.status);
  if (refused) return refused;
  let query = selectOwned(ctx, 'callback_messages');
  if (input.status) query = query.where('status', '=', input.status);
  if (input.orderId) query = query.where('aggregate_id', '=', input.orderId);
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const messages = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((pageNo - 1) * pageSize)
    .execute();
  const attempts = await attemptsByMessage(
    ctx,
    messages.map((m) => m.id),
  );
  const rows = messages.map((m) => toMessageView(m, attempts.get(m.id) ?? []));
  return { ok: true, total: Number(counted.n), pageNo, pageSize, rows };
}

function checkLogPage(pageNo: number, pageSize: number, status: MessageStatus | undefined): Failure | null {
  if (!Number.isSafeInteger(pageNo) || pageNo < 1) return fail('BAD_PARAMETER', { field: 'pageNo', rule: 'must be ≥ 1' });
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > LOG_PAGE.maxPageSize)
    return fail('BAD_PARAMETER', { field: 'pageSize', rule: `must be 1–${LOG_PAGE.maxPageSize}` });
  if (status !== undefined && !MESSAGE_STATUSES.includes(status))
    return fail('BAD_PARAMETER', { field: 'status', rule: `must be one of ${MESSAGE_STATUSES.join(', ')}` });
  return null;
}

/** The attempts of these messages, in attempt order, by message id. */
export async function attemptsByMessage(ctx: SystemCtx, ids: string[]): Promise<Map<string, AttemptView[]>> {
  const byMessage = new Map<string, AttemptView[]>();
  if (ids.length === 0) return byMessage;
  const attempts = await ctx.db
    .selectFrom('callback_attempts')
    .selectAll()
    .where('message_id', 'in', ids)
    .orderBy('message_id')
    .orderBy('attempt_no')
    .execute();
  for (const a of attempts) {
    const list = byMessage.get(a.message_id) ?? [];
    list.push({
      attemptNo: Number(a.attempt_no),
      at: Number(a.at),
      statusCode: a.status_code === null ? null : Number(a.status_code),
      latencyMs: Number(a.latency_ms),
      error: a.error,
      responseSnippet: a.response_snippet,
      trigger: a.trigger,
    });
    byMessage.set(a.message_id, list);
  }
  return byMessage;
}

export function toMessageView(m: Selectable<CallbackMessageTable>, attempts: AttemptView[]): MessageView {
  return {
    messageId: m.id,
    messageType: m.message_type,
    messagePlatform: Number(m.platform),
    eventType: m.event_type,
    orderId: m.aggregate_id,
    messageBody: m.body,
    status: m.status,
    attempts,
    // A leased message shows its lease end: that is when it is next tried if the sender died.
    nextAttemptAt: m.status === 'delivered' || m.status === 'failed' || m.next_attempt_at === null ? null : Number(m.next_attempt_at),
    createdAt: Number(m.created_at),
    deliveredAt: m.delivered_at === null ? null : Number(m.delivered_at),
  };
}

export type RedeliverInput = { messageId: string } | { failedSince: number };

/**
 * Queues messages again now, with a fresh retry schedule: one message by id (any status — a
 * receiver may have lost a delivered one), or every failed message created since a time.
 */
export async function redeliver(ctx: Ctx, input: RedeliverInput): Promise<{ ok: true; queued: number; messageIds: string[] } | Failure> {
  const now = ctx.clock.nowMs();
  let query = selectOwned(ctx, 'callback_messages').select(['id', 'attempts']);
  if ('messageId' in input) {
    query = query.where('id', '=', input.messageId);
  } else {
    if (!Number.isSafeInteger(input.failedSince)) return fail('BAD_PARAMETER', { field: 'failedSince', rule: 'must be a time in ms' });
    query = query.where('status', '=', 'failed').where('created_at', '>=', input.failedSince);
  }
  const rows = await query.orderBy('id').execute();
  if ('messageId' in input && rows.length === 0) return fail('NOT_FOUND', { what: `callback message ${input.messageId}` });
  for (const row of rows) {
    // Guarded on attempts: a message a dispatcher is sending right now is left to finish.
    await updateOwned(ctx, 'callback_messages')
      .set(requeued(Number(row.attempts), now))
      .where('id', '=', row.id)
      .where('attempts', '=', Number(row.attempts))
      .execute();
  }
  return { ok: true, queued: rows.length, messageIds: rows.map((r) => r.id) };
}

/** A message queued again now by hand, with a fresh retry schedule counted from its attempts so far. */
export function requeued(attempts: number, now: number) {
  return {
    status: 'pending' as const,
    retry_base: attempts,
    next_attempt_at: now,
    lease_until: null,
    lease_owner: null,
    next_trigger: 'manual' as const,
  };
}
