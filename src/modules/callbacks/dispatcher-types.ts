import type { Clock } from '../../platform/clock.ts';
import type { SystemCtx } from '../../platform/context.ts';
import type { RetrySchedule } from '../../platform/webhooks/index.ts';
import type { SupplierFacts, SupplierSource } from './supplier.ts';
import type { MessageRow, Outcome, RetryPolicy } from './record.ts';
import type { RecordQueue } from './dispatcher-send.ts';
import type { Wakeups } from './dispatcher-loops.ts';
import type { OrderEventFacts } from './facts.ts';
import type { RefundEventPayload } from '../aftersales/index.ts';
import type { ParcelEventPayload, ShipmentEventPayload } from '../warehouse/index.ts';

/** A message as the dispatcher stores and sends it. */
export interface BuiltMessage {
  messageType: string;
  /** PandaPon's messagePlatform: 0 Taobao, 1 1688; 2 the China warehouse (Ponte's own). */
  platform: 0 | 1 | 2;
  /** The messageBody string (already JSON-encoded). */
  messageBody: string;
}

/**
 * The callbacks' wire format, given by whoever makes the dispatcher: this module knows what
 * happened to which order, refund, parcel or shipment, not the JSON shapes PandaPon posts.
 */
export interface MessageRenderer {
  /** The message for one order event, or null for an event that has no message. */
  message(facts: OrderEventFacts): BuiltMessage | null;
  /** The message for one refund event (the after-sales module's REFUND_CHANGE payload), or null for none. */
  refund(payload: RefundEventPayload, supplier: SupplierFacts | null): BuiltMessage | null;
  /** The message for one warehouse parcel event (PARCEL_CHANGE payload), or null for none. */
  parcel(payload: ParcelEventPayload): BuiltMessage | null;
  /** The message for one outbound shipment event (SHIPMENT_CHANGE payload), or null for none. */
  shipment(payload: ShipmentEventPayload): BuiltMessage | null;
  /** The bytes POSTed for a stored message; built per attempt, since they carry the push time. */
  envelope(message: { messageType: string; platform: number; body: string }, nowMs: number, bodyAsString: boolean): string;
}

export interface DispatcherOptions {
  /** System context (db, clock, masterKey). Give every process its own. */
  ctx: SystemCtx;
  /**
   * Real time for `webhook-timestamp`: receivers check it against their own clock, so it must not
   * follow the sandbox's business time (ctx.clock), which `sandbox advance` moves ahead. Default: the system clock.
   */
  wallClock?: Clock;
  /** The marketplace the orders come from: the seller nick and SKU texts of the bodies. */
  source: SupplierSource;
  /** The message bodies and envelope (wire/callbacks' pandaPonMessages). */
  renderer: MessageRenderer;
  allowPrivate: boolean;
  /** Per-attempt timeout; PandaPon's is 1000 ms. */
  timeoutMs?: number;
  /** Delays between retries, or a spec such as '5s,5m,30m,2h,5h,10h,10h'. Default PandaPon's 5 × 30 min. */
  schedule?: RetrySchedule | string;
  jitterRatio?: number;
  random?: () => number;
  /** How long a claimed message stays invisible to other dispatchers; must exceed timeoutMs. */
  leaseMs?: number;
  /** Outbox rows per ingest transaction. */
  batchSize?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  dispatcherId?: string;
  onError?: (error: unknown) => void;
  /** Told the outcome of every attempt once it is recorded (the metrics count them). */
  onAttempt?: (outcome: Outcome) => void;
}

export interface RunStats {
  ingested: number;
  attempted: number;
  delivered: number;
  failed: number;
}

export interface Dispatcher {
  readonly id: string;
  /** One full pass: ingest everything pending, then deliver every due message. For tests and the CLI. */
  runOnce(): Promise<RunStats>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** The options, resolved once when the dispatcher is made: what every part of it reads. */
export interface DispatcherSettings {
  readonly ctx: SystemCtx;
  readonly wallClock: Clock;
  readonly source: SupplierSource;
  readonly renderer: MessageRenderer;
  readonly allowPrivate: boolean;
  readonly timeoutMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly id: string;
  readonly onPostgres: boolean;
  readonly retry: RetryPolicy;
  report(error: unknown): void;
  onAttempt(outcome: Outcome): void;
}

/** What changes while a dispatcher runs; the parts share it and nothing else. */
export interface DispatcherState {
  /** Developer id → main user id, read once per developer. */
  readonly mainUsers: Map<string, string>;
  /** Fresh messages this dispatcher leased at ingest, waiting for a send slot. */
  readonly handoff: MessageRow[];
  readonly records: RecordQueue;
  readonly wakeups: Wakeups;
  running: boolean;
  loops: Promise<void>[];
}
