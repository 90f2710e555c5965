import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock } from '../../platform/clock.ts';
import { DEFAULT_SEND_TIMEOUT_MS, parseRetrySchedule, PANDAPON_SCHEDULE } from '../../platform/webhooks/index.ts';
import { RecordQueue } from './dispatcher-send.ts';
import { runOnce, start, stop, Wakeups } from './dispatcher-loops.ts';
import type { Dispatcher, DispatcherOptions, DispatcherSettings, DispatcherState } from './dispatcher-types.ts';

/*
 * The dispatcher, in two steps that share nothing but the tables:
 *  1. ingest (dispatcher-ingest.ts): outbox rows of subscribed developers become callback_messages.
 *  2. deliver: claim due messages under a lease (dispatcher-claim.ts), then send each one and
 *     record the attempt (dispatcher-send.ts).
 * dispatcher-loops.ts runs both, forever (start/stop) or once (runOnce). All scheduling reads
 * ctx.clock, so tests move time instead of sleeping.
 */
export type { Dispatcher, DispatcherOptions, RunStats } from './dispatcher-types.ts';

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings = settingsOf(options);
  const state: DispatcherState = {
    mainUsers: new Map(),
    handoff: [],
    records: new RecordQueue(settings),
    wakeups: new Wakeups(),
    running: false,
    loops: [],
  };
  return {
    id: settings.id,
    runOnce: () => runOnce(settings, state),
    start: (intervalMs = 25) => start(settings, state, intervalMs),
    stop: () => stop(settings, state),
  };
}

function settingsOf(options: DispatcherOptions): DispatcherSettings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? Math.max(30_000, timeoutMs * 5);
  if (leaseMs <= timeoutMs) throw new RangeError(`leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs})`);
  const schedule = typeof options.schedule === 'string' ? parseRetrySchedule(options.schedule) : (options.schedule ?? PANDAPON_SCHEDULE);
  const id = options.dispatcherId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const onError = options.onError;
  return {
    ctx: options.ctx,
    wallClock: options.wallClock ?? systemClock,
    source: options.source,
    renderer: options.renderer,
    allowPrivate: options.allowPrivate,
    timeoutMs,
    leaseMs,
    batchSize: options.batchSize ?? 200,
    concurrency: options.concurrency ?? 32,
    id,
    onPostgres: options.ctx.dialect === 'postgres',
    retry: { schedule, jitterRatio: options.jitterRatio ?? 0.1, random: options.random, dispatcherId: id },
    report: (error) => (onError ? onError(error) : console.error('callback dispatcher:', error)),
    onAttempt: options.onAttempt ?? (() => undefined),
  };
}
