import { sql, type Selectable } from 'kysely';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { asDeveloperId, asOrderId, asUserId } from '../../platform/ids.ts';
import { nextAttemptAt, type RetrySchedule, type SendResult } from '../../platform/webhooks/index.ts';
import { getOrder, type OrderDetail } from '../orders/index.ts';
import type { CallbackMessageTable } from './schema.ts';

export type MessageRow = Selectable<CallbackMessageTable>;
export type Outcome = 'delivered' | 'retrying' | 'failed' | 'lost';
export type Recorded = { message: MessageRow; startedAt: number; result: SendResult };
export interface RetryPolicy {
  schedule: RetrySchedule;
  jitterRatio: number;
  random: (() => number) | undefined;
  dispatcherId: string;
}

/** Messages a dispatcher may send: the status filter is literal SQL so planners match the partial index. */
export const DUE = sql<boolean>`status IN ('pending', 'retrying')`;

/** Why an attempt failed, for the log (at most 1 KiB); null when it succeeded. */
function errorText(result: SendResult): string | null {
  if (result.ok) return null;
  const text = result.error ? `${result.error}${result.detail ? `: ${result.detail}` : ''}` : `HTTP ${result.statusCode}`;
  return text.slice(0, 1024);
}

/**
 * Records one attempt and the message's next state, guarded by the attempt count it was sent
 * with: 'lost' when another dispatcher recorded first (then nothing is written).
 */
export async function recordAttempt(tx: SystemCtx, policy: RetryPolicy, { message, startedAt, result }: Recorded): Promise<Outcome> {
  const now = tx.clock.nowMs();
  const attemptNo = Number(message.attempts) + 1;
  const next = result.ok
    ? null
    : nextAttemptAt({
        schedule: policy.schedule,
        attemptsMade: attemptNo - Number(message.retry_base),
        lastAttemptAtMs: now,
        jitterRatio: policy.jitterRatio,
        ...(policy.random ? { random: policy.random } : {}),
      });
  const status: Outcome = result.ok ? 'delivered' : next === null ? 'failed' : 'retrying';
  const moved = await tx.db
    .updateTable('callback_messages')
    .set({
      status,
      attempts: attemptNo,
      next_attempt_at: next,
      lease_until: null,
      lease_owner: null,
      delivered_at: result.ok ? now : null,
      next_trigger: 'scheduled',
    })
    .where('id', '=', message.id)
    .where('attempts', '=', Number(message.attempts))
    .where(DUE)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) return 'lost';
  await tx.db
    .insertInto('callback_attempts')
    .values({
      message_id: message.id,
      attempt_no: attemptNo,
      at: startedAt,
      status_code: result.statusCode,
      latency_ms: result.latencyMs,
      error: errorText(result),
      response_snippet: result.responseSnippet.slice(0, 1024),
      dispatcher: policy.dispatcherId,
      trigger: message.next_trigger,
    })
    .execute();
  return status;
}

/** Which of the events' developers have a callback endpoint (are subscribed). */
export async function subscribedDevelopers(tx: SystemCtx, events: ReadonlyArray<{ developer_id: string }>): Promise<Set<string>> {
  const developerIds = [...new Set(events.map((e) => e.developer_id))];
  if (developerIds.length === 0) return new Set();
  const rows = await tx.db.selectFrom('callback_endpoints').select('developer_id').where('developer_id', 'in', developerIds).execute();
  return new Set(rows.map((r) => r.developer_id));
}

async function mainUserOf(tx: SystemCtx, mainUsers: Map<string, string>, developerId: string): Promise<string | null> {
  let mainUser = mainUsers.get(developerId);
  if (!mainUser) {
    const dev = await tx.db.selectFrom('developers').select('main_user_id').where('developer_id', '=', developerId).executeTakeFirst();
    if (!dev) return null;
    mainUser = dev.main_user_id;
    mainUsers.set(developerId, mainUser);
  }
  return mainUser;
}

/** The order an event is about, read as its developer's main user (messages describe whole orders). */
export async function orderFor(
  tx: SystemCtx,
  mainUsers: Map<string, string>,
  developerId: string,
  orderId: string,
): Promise<OrderDetail | null> {
  const mainUser = await mainUserOf(tx, mainUsers, developerId);
  if (!mainUser) return null;
  const devCtx: Ctx = {
    ...tx,
    developerId: asDeveloperId(developerId),
    userId: asUserId(mainUser),
    rowsVisible: 'all',
    role: 'main',
    language: 'en',
  };
  const found = await getOrder(devCtx, asOrderId(orderId));
  return found.ok ? found.order : null;
}

/**
 * Who owns the message of an event whose order could not be read: the owner the event recorded,
 * else the developer's main user (who sees everything), never a sibling sub-account.
 */
export async function ownerOf(
  tx: SystemCtx,
  mainUsers: Map<string, string>,
  event: { developer_id: string; payload_json: string },
): Promise<string> {
  const recorded = (JSON.parse(event.payload_json) as { ownerUserId?: unknown }).ownerUserId;
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  return (await mainUserOf(tx, mainUsers, event.developer_id)) ?? '';
}
