import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/context.ts';
import {
  DEFAULT_SEND_TIMEOUT_MS,
  parseRetrySchedule,
  PANDAPON_SCHEDULE,
  sendWebhook,
  webhookHeaders,
  type SendResult,
} from '../../platform/webhooks/index.ts';
import { messageForEvent } from './bodies.ts';
import { envelope } from './envelope.ts';
import { liveSecrets } from './endpoints.ts';
import { prefetchSupplierFacts } from './supplier.ts';
import type { Dispatcher, DispatcherOptions, RunStats } from './dispatcher-types.ts';
import { DUE, orderFor, ownerOf, recordAttempt, type MessageRow, type Outcome, type Recorded, type RetryPolicy } from './record.ts';

/*
 * The dispatcher, in two steps that share nothing but the tables:
 *  1. ingest: claim undispatched outbox rows (SKIP LOCKED on PostgreSQL), turn those of
 *     subscribed developers into callback_messages and mark the rows dispatched, in one
 *     transaction — a crash before commit leaves the rows to the next pass.
 *  2. deliver: claim due messages by pushing their next_attempt_at to the end of a lease (SKIP
 *     LOCKED on PostgreSQL, so two nodes never take the same message), POST, then record the
 *     attempt and the next state with a guard on `attempts`. A crash between POST and record
 *     leaves the message due again when the lease ends: it is re-sent with the same webhook-id
 *     (at-least-once). The attempt's primary key (message_id, attempt_no) refuses a second record.
 * All scheduling reads ctx.clock, so tests move time instead of sleeping.
 */
export type { Dispatcher, DispatcherOptions, RunStats } from './dispatcher-types.ts';

type EndpointRow = {
  developer_id: string;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_valid_until: number | null;
  message_body_as_string: number;
};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const ctx = options.ctx;
  const wallClock = options.wallClock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const schedule = typeof options.schedule === 'string' ? parseRetrySchedule(options.schedule) : (options.schedule ?? PANDAPON_SCHEDULE);
  const leaseMs = options.leaseMs ?? Math.max(30_000, timeoutMs * 5);
  if (leaseMs <= timeoutMs) throw new RangeError(`leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs})`);
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 32;
  const id = options.dispatcherId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const onPostgres = ctx.dialect === 'postgres';
  const mainUsers = new Map<string, string>();
  const retryPolicy: RetryPolicy = { schedule, jitterRatio: options.jitterRatio ?? 0.1, random: options.random, dispatcherId: id };

  /**
   * Turns one batch of outbox rows into messages; returns the number of rows consumed. With
   * `lease`, the new messages are inserted already leased to this dispatcher and handed straight
   * to the sender (no claim round trip); a crash before sending leaves them due at the lease end.
   * An event that became due after the supplier facts were gathered waits for the next batch.
   */
  async function ingestBatch(lease = false): Promise<number> {
    const due = (db: typeof ctx.db, now: number) =>
      db
        .selectFrom('outbox_events')
        .where('dispatched_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(batchSize);
    const preview = await due(ctx.db, ctx.clock.nowMs()).select(['developer_id', 'aggregate_type', 'aggregate_id']).execute();
    if (preview.length === 0) return 0;
    const facts = await prefetchSupplierFacts(ctx, options.source, mainUsers, preview);
    return inTransaction(ctx, async (tx) => {
      const now = tx.clock.nowMs();
      let query = due(tx.db, now).selectAll();
      if (onPostgres) query = query.forUpdate().skipLocked();
      const events = await query.execute();
      if (events.length === 0) return 0;
      const developerIds = [...new Set(events.map((e) => e.developer_id))];
      const subscribed = new Set(
        (await tx.db.selectFrom('callback_endpoints').select('developer_id').where('developer_id', 'in', developerIds).execute()).map(
          (r) => r.developer_id,
        ),
      );
      const messages = [];
      const consumed: string[] = [];
      for (const event of events) {
        const wanted = subscribed.has(event.developer_id) && event.aggregate_type === 'purchase_order';
        if (wanted && !facts.has(event.aggregate_id)) continue;
        consumed.push(event.id);
        if (!wanted) continue;
        const order = await orderFor(tx, mainUsers, event.developer_id, event.aggregate_id);
        const built = messageForEvent(
          {
            id: event.id,
            type: event.type,
            createdAt: Number(event.created_at),
            payload: JSON.parse(event.payload_json) as Record<string, unknown>,
          },
          order,
          facts.get(event.aggregate_id) ?? null,
        );
        if (!built) continue;
        messages.push({
          id: event.id,
          developer_id: event.developer_id,
          owner_user_id: order?.ownerUserId ?? (await ownerOf(tx, mainUsers, event)),
          message_type: built.messageType,
          platform: built.platform,
          body: built.messageBody,
          aggregate_id: event.aggregate_id,
          event_type: event.type,
          status: 'pending' as const,
          attempts: 0,
          retry_base: 0,
          next_attempt_at: lease ? now + leaseMs : now,
          lease_until: lease ? now + leaseMs : null,
          lease_owner: lease ? id : null,
          created_at: Number(event.created_at),
          delivered_at: null,
        });
      }
      // 500 rows × 16 columns stays under SQLite's bound-parameter limit.
      for (let i = 0; i < messages.length; i += 500) {
        await tx.db
          .insertInto('callback_messages')
          .values(messages.slice(i, i + 500))
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      if (consumed.length > 0)
        await tx.db
          .updateTable('outbox_events')
          .set({ dispatched_at: now, attempts: (eb) => eb('attempts', '+', 1) })
          .where('id', 'in', consumed)
          .execute();
      if (lease) handoff.push(...messages);
      return consumed.length;
    });
  }

  /** Fresh messages this dispatcher leased at ingest, waiting for a send slot. */
  const handoff: MessageRow[] = [];

  /** Handed-off messages whose lease still has room for a send; the others are left to the claim path. */
  function takeHandoff(limit: number): MessageRow[] {
    const out: MessageRow[] = [];
    const now = ctx.clock.nowMs();
    while (out.length < limit && handoff.length > 0) {
      const message = handoff.shift()!;
      if (Number(message.lease_until) - now > timeoutMs * 2) out.push(message);
    }
    return out;
  }

  async function claimDue(limit: number): Promise<MessageRow[]> {
    if (limit <= 0) return [];
    return inTransaction(ctx, async (tx) => {
      const now = tx.clock.nowMs();
      // The status filter is literal SQL so both planners match it to the partial index's predicate.
      let query = tx.db
        .selectFrom('callback_messages')
        .select('id')
        .where(DUE)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      if (onPostgres) query = query.forUpdate().skipLocked();
      const ids = (await query.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      const leaseUntil = now + leaseMs;
      await tx.db
        .updateTable('callback_messages')
        .set({ next_attempt_at: leaseUntil, lease_until: leaseUntil, lease_owner: id })
        .where('id', 'in', ids)
        .execute();
      return tx.db.selectFrom('callback_messages').selectAll().where('id', 'in', ids).orderBy('id').execute();
    });
  }

  async function endpointsFor(developerIds: string[]): Promise<Map<string, EndpointRow>> {
    if (developerIds.length === 0) return new Map();
    const rows = await ctx.db.selectFrom('callback_endpoints').selectAll().where('developer_id', 'in', developerIds).execute();
    return new Map(
      rows.map((r) => [
        r.developer_id,
        {
          ...r,
          previous_valid_until: r.previous_valid_until === null ? null : Number(r.previous_valid_until),
          message_body_as_string: Number(r.message_body_as_string),
        },
      ]),
    );
  }

  async function send(message: MessageRow, endpoint: EndpointRow | undefined): Promise<SendResult> {
    if (!endpoint)
      return {
        ok: false,
        statusCode: null,
        latencyMs: 0,
        responseSnippet: '',
        error: 'invalid-url',
        detail: 'the developer has no callback endpoint',
      };
    // The envelope's `timestamp` is the push time in business time, like every time in the body;
    // the signature's timestamp is the real time of this attempt.
    const now = ctx.clock.nowMs();
    const body = envelope(
      { messageType: message.message_type, platform: Number(message.platform), body: message.body },
      now,
      Number(endpoint.message_body_as_string) === 1,
    );
    const headers = webhookHeaders({
      id: message.id,
      timestampSeconds: Math.floor(wallClock.nowMs() / 1000),
      body,
      secrets: liveSecrets(ctx.masterKey, endpoint, now),
    });
    return sendWebhook({ url: endpoint.url, headers, body, timeoutMs, allowPrivate: options.allowPrivate });
  }

  // Attempts that finish together are recorded in one transaction: on SQLite a commit per
  // delivery, not the POST, is what limits throughput. A failed flush leaves the messages
  // leased, so they are re-sent when the lease ends (at-least-once).
  const recordQueue: Array<Recorded & { resolve(o: Outcome): void; reject(e: unknown): void }> = [];
  // PostgreSQL has a pool, so a few flushes run side by side; SQLite has one connection.
  const maxFlushers = onPostgres ? 4 : 1;
  const flushBatch = onPostgres ? 25 : 200;
  let flushers = 0;
  async function flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (recordQueue.length > 0) {
      const batch = recordQueue.splice(0, flushBatch);
      try {
        const outcomes = await inTransaction(ctx, async (tx) => {
          const out: Outcome[] = [];
          for (const item of batch) out.push(await recordAttempt(tx, retryPolicy, item));
          return out;
        });
        for (const [i, item] of batch.entries()) item.resolve(outcomes[i]!);
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushers -= 1;
  }
  function record(message: MessageRow, startedAt: number, result: SendResult): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      recordQueue.push({ message, startedAt, result, resolve, reject });
      if (flushers < maxFlushers && recordQueue.length > flushers * flushBatch) {
        flushers += 1;
        void flush();
      }
    });
  }

  async function deliverOne(message: MessageRow, endpoint: EndpointRow | undefined): Promise<Outcome> {
    const startedAt = ctx.clock.nowMs();
    const result = await send(message, endpoint);
    return record(message, startedAt, result);
  }

  async function deliverBatch(messages: MessageRow[], stats: RunStats): Promise<void> {
    const endpoints = await endpointsFor([...new Set(messages.map((m) => m.developer_id))]);
    const outcomes = await Promise.all(messages.map((m) => deliverOne(m, endpoints.get(m.developer_id))));
    for (const outcome of outcomes) {
      stats.attempted += 1;
      if (outcome === 'delivered') stats.delivered += 1;
      if (outcome === 'failed') stats.failed += 1;
    }
  }

  async function runOnce(): Promise<RunStats> {
    const stats: RunStats = { ingested: 0, attempted: 0, delivered: 0, failed: 0 };
    for (;;) {
      const n = await ingestBatch();
      stats.ingested += n;
      if (n < batchSize) break;
    }
    for (;;) {
      const claimed = await claimDue(concurrency);
      if (claimed.length === 0) break;
      await deliverBatch(claimed, stats);
    }
    return stats;
  }

  let running = false;
  let loops: Promise<void>[] = [];
  const wakers = new Set<() => void>();
  const pause = (ms: number, also: Promise<unknown>[] = []) =>
    Promise.race([
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        wakers.add(wake);
      }),
      ...also,
    ]);
  const report = (error: unknown) => (options.onError ? options.onError(error) : console.error('callback dispatcher:', error));

  let kick: (() => void) | null = null;
  let kicked: Promise<void> | null = null;
  const nextKick = () =>
    (kicked ??= new Promise<void>((resolve) => {
      kick = resolve;
    }));
  const kickDeliver = () => {
    kick?.();
    kick = null;
    kicked = null;
  };

  async function ingestLoop(intervalMs: number): Promise<void> {
    while (running) {
      try {
        // Hand off only while the sender keeps up; a backlog stays in the table for the claim path.
        const n = await ingestBatch(handoff.length < concurrency * 4);
        if (n > 0) kickDeliver();
        if (n < batchSize) await pause(intervalMs);
      } catch (error) {
        report(error);
        await pause(intervalMs * 10);
      }
    }
  }

  async function deliverLoop(intervalMs: number): Promise<void> {
    const inflight = new Set<Promise<unknown>>();
    while (running) {
      try {
        const fresh = takeHandoff(concurrency - inflight.size);
        const claimed = [...fresh, ...(await claimDue(concurrency - inflight.size - fresh.length))];
        if (claimed.length > 0) {
          const endpoints = await endpointsFor([...new Set(claimed.map((m) => m.developer_id))]);
          for (const message of claimed) {
            const p: Promise<unknown> = deliverOne(message, endpoints.get(message.developer_id))
              .catch(report)
              .finally(() => inflight.delete(p));
            inflight.add(p);
          }
        }
        // Idle: wait for the poll interval or for the ingest step to add messages. Full: wait for a slot.
        if (claimed.length === 0 && handoff.length === 0) await pause(intervalMs, [nextKick()]);
        else if (inflight.size >= concurrency) await Promise.race(inflight);
      } catch (error) {
        report(error);
        await pause(intervalMs * 10);
      }
    }
    await Promise.allSettled([...inflight]);
  }

  return {
    id,
    runOnce,
    start(intervalMs = 25) {
      if (running) return;
      running = true;
      loops = [ingestLoop(intervalMs), deliverLoop(intervalMs)];
    },
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await Promise.allSettled(loops);
      loops = [];
      // Messages leased at ingest but never sent become due now rather than at the lease end.
      const unsent = handoff.splice(0).map((m) => m.id);
      for (let i = 0; i < unsent.length; i += 500) {
        await ctx.db
          .updateTable('callback_messages')
          .set({ next_attempt_at: ctx.clock.nowMs(), lease_until: null, lease_owner: null })
          .where('id', 'in', unsent.slice(i, i + 500))
          .where('lease_owner', '=', id)
          .where('attempts', '=', 0)
          .execute();
      }
    },
  };
}
