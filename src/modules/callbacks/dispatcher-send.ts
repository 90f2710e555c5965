import type { Selectable } from 'kysely';
import { inTransaction } from '../../platform/context.ts';
import { sendWebhook, webhookHeaders, type SendResult } from '../../platform/webhooks/index.ts';
import type { DispatcherSettings, RunStats } from './dispatcher-types.ts';
import { liveSecrets } from './endpoints.ts';
import { recordAttempt, type MessageRow, type Outcome, type Recorded } from './record.ts';
import type { CallbackEndpointTable } from './schema.ts';

/*
 * Sending one attempt: build the envelope, sign it, POST it, then record the attempt and the
 * message's next state with a guard on `attempts`. The attempt's primary key
 * (message_id, attempt_no) refuses a second record of the same attempt.
 */

type EndpointRow = Selectable<CallbackEndpointTable>;

/** The callback endpoints of the messages' developers, by developer id. */
export async function endpointsFor(s: DispatcherSettings, messages: MessageRow[]): Promise<Map<string, EndpointRow>> {
  const developerIds = [...new Set(messages.map((m) => m.developer_id))];
  if (developerIds.length === 0) return new Map();
  const rows = await s.ctx.db.selectFrom('callback_endpoints').selectAll().where('developer_id', 'in', developerIds).execute();
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

const NO_ENDPOINT: SendResult = {
  ok: false,
  statusCode: null,
  latencyMs: 0,
  responseSnippet: '',
  error: 'invalid-url',
  detail: 'the developer has no callback endpoint',
};

async function send(s: DispatcherSettings, message: MessageRow, endpoint: EndpointRow | undefined): Promise<SendResult> {
  if (!endpoint) return NO_ENDPOINT;
  // The envelope's `timestamp` is the push time in business time, like every time in the body;
  // the signature's timestamp is the real time of this attempt.
  const now = s.ctx.clock.nowMs();
  const body = s.renderer.envelope(
    { messageType: message.message_type, platform: Number(message.platform), body: message.body },
    now,
    Number(endpoint.message_body_as_string) === 1,
  );
  const headers = webhookHeaders({
    id: message.id,
    timestampSeconds: Math.floor(s.wallClock.nowMs() / 1000),
    body,
    secrets: liveSecrets(s.ctx.masterKey, endpoint, now),
  });
  return sendWebhook({ url: endpoint.url, headers, body, timeoutMs: s.timeoutMs, allowPrivate: s.allowPrivate });
}

type Queued = Recorded & { resolve(o: Outcome): void; reject(e: unknown): void };

/**
 * Attempts that finish together are recorded in one transaction: on SQLite a commit per
 * delivery, not the POST, is what limits throughput. A failed flush leaves the messages leased,
 * so they are re-sent when the lease ends (at-least-once).
 */
export class RecordQueue {
  private readonly settings: DispatcherSettings;
  private readonly queue: Queued[] = [];
  /** PostgreSQL has a pool, so a few flushes run side by side; SQLite has one connection. */
  private readonly maxFlushers: number;
  private readonly flushBatch: number;
  private flushers = 0;

  constructor(settings: DispatcherSettings) {
    this.settings = settings;
    this.maxFlushers = settings.onPostgres ? 4 : 1;
    this.flushBatch = settings.onPostgres ? 25 : 200;
  }

  record(message: MessageRow, startedAt: number, result: SendResult): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, startedAt, result, resolve, reject });
      if (this.flushers < this.maxFlushers && this.queue.length > this.flushers * this.flushBatch) {
        this.flushers += 1;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.flushBatch);
      try {
        const outcomes = await inTransaction(this.settings.ctx, async (tx) => {
          const out: Outcome[] = [];
          for (const item of batch) out.push(await recordAttempt(tx, this.settings.retry, item));
          return out;
        });
        for (const [i, item] of batch.entries()) item.resolve(outcomes[i]!);
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.flushers -= 1;
  }
}

/** One attempt: send, then record the outcome. */
export async function deliverOne(
  s: DispatcherSettings,
  records: RecordQueue,
  message: MessageRow,
  endpoint: EndpointRow | undefined,
): Promise<Outcome> {
  const startedAt = s.ctx.clock.nowMs();
  const result = await send(s, message, endpoint);
  const outcome = await records.record(message, startedAt, result);
  s.onAttempt(outcome);
  return outcome;
}

/** Sends every message at once and waits for all the outcomes, counting them into `stats`. */
export async function deliverAll(s: DispatcherSettings, records: RecordQueue, messages: MessageRow[], stats: RunStats): Promise<void> {
  const endpoints = await endpointsFor(s, messages);
  const outcomes = await Promise.all(messages.map((m) => deliverOne(s, records, m, endpoints.get(m.developer_id))));
  for (const outcome of outcomes) {
    stats.attempted += 1;
    if (outcome === 'delivered') stats.delivered += 1;
    if (outcome === 'failed') stats.failed += 1;
  }
}
