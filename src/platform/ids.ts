/**
 * Numeric ids (developer, user, order, ledger and outbox ids): 16 digits, below 2^53, so a JSON
 * number carries them exactly in every client (docs/decisions/010). The value is
 * 3·10^15 + seconds since 2025-01-01 · 2^21 + a random 7-bit node id per process · 2^14 + a
 * 14-bit sequence: time-sortable, with room for at least 8,192 ids per second per process (a
 * busier second borrows the next one). Each second's sequence starts at a random point in its
 * lower half, so two processes that drew the same node id (1 in 128 for a pair) still clash only
 * where their runs of one second overlap, and the insert retries such a rare clash with a fresh id
 * (db/fresh-id.ts). Starting at 3·10^15 keeps every id 16 digits long, so text order is numeric
 * order, and puts it after the 19-digit ids of older databases (which begin with 1 or 2) in
 * text order too, so "newest first" still holds where both kinds live.
 */
import { randomBytes, randomInt } from 'node:crypto';

declare const brand: unique symbol;
/** A string that only its own constructor below makes, so one kind of id cannot be passed for another. */
type Branded<B extends string> = string & { readonly [brand]: B };

export type DeveloperId = Branded<'DeveloperId'>;
export type UserId = Branded<'UserId'>;
export type OrderId = Branded<'OrderId'>;

// The one place each brand is applied: at the edges (wire schemas, the caller lookup, row reads).
export const asDeveloperId = (id: string): DeveloperId => id as DeveloperId;
export const asUserId = (id: string): UserId => id as UserId;
export const asOrderId = (id: string): OrderId => id as OrderId;

const BASE = 3_000_000_000_000_000;
const EPOCH_SECONDS = Date.UTC(2025, 0, 1) / 1000;
const SEQUENCE_BITS = 14;
const NODE_BITS = 7;
const SEQUENCE_MASK = 2 ** SEQUENCE_BITS - 1;
const SECOND_STEP = 2 ** (SEQUENCE_BITS + NODE_BITS);
/** The last second that still fits below 2^53 (in the year 2115). */
const MAX_SECONDS = Math.floor((Number.MAX_SAFE_INTEGER - BASE - SECOND_STEP + 1) / SECOND_STEP);
const nodeId = randomInt(2 ** NODE_BITS);
let lastSeconds = -1;
let sequence = 0;

export function newNumericId(nowMs: number = Date.now()): string {
  let seconds = Math.max(0, Math.floor(nowMs / 1000) - EPOCH_SECONDS);
  if (seconds < lastSeconds) seconds = lastSeconds;
  if (seconds === lastSeconds && sequence < SEQUENCE_MASK) {
    sequence += 1;
  } else {
    if (seconds === lastSeconds) seconds = lastSeconds + 1;
    sequence = randomInt(2 ** (SEQUENCE_BITS - 1));
  }
  lastSeconds = seconds;
  if (seconds > MAX_SECONDS)
    throw new RangeError(`numeric ids run out after ${new Date((EPOCH_SECONDS + MAX_SECONDS) * 1000).toISOString()}`);
  return String(BASE + seconds * SECOND_STEP + nodeId * 2 ** SEQUENCE_BITS + sequence);
}

/** 32 lowercase hex characters, the shape of PandaPon's requestId, access keys and secrets. */
export function newHex32(): string {
  return randomBytes(16).toString('hex');
}

export const NUMERIC_ID_PATTERN = /^[1-9]\d{0,19}$/;
