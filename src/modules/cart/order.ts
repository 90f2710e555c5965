import { inTransaction, type Ctx } from '../../platform/context.ts';
import { deleteOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { Source } from '../catalog/index.ts';
import { placeOrders, planOrders, type CreateOrdersInput, type CreateOrdersResult } from '../orders/index.ts';
import { distinctSkus, takeCartLines, type CartLine } from './lines.ts';

/** What ordering cart lines needs; the wire layer builds it from TC2 or AC6 (`cartOrderInput` in wire/common/orders.ts). */
export interface OrderCartInput {
  platform: CreateOrdersInput['platform'];
  lineIds: readonly number[];
  receiver: CreateOrdersInput['receiver'];
  idempotencyKey?: string | undefined;
  /** A hash of the request body (the wire layer computes it); compared on replays. */
  requestHash: string;
}

/**
 * Ordering cart lines as one command. The lines are priced first (pricing reads the source,
 * which cannot run inside a SQLite write transaction); then ONE transaction takes the lines again
 * (locked on PostgreSQL), checks they are the ones priced, creates the orders and removes the
 * lines. Of two concurrent calls on the same lines only one finds them in its transaction: on
 * SQLite the second runs after the first, on PostgreSQL it waits on the line locks. The other
 * answers NOT_FOUND naming the line — or, with the same Idempotency-Key, the first call's orders.
 */
export async function orderCartLines(ctx: Ctx, source: Source, input: OrderCartInput): Promise<CreateOrdersResult | Failure> {
  const seen = await takeCartLines(ctx, input.platform, input.lineIds);
  if (!seen.ok) return replayOr(ctx, source, input, seen);
  const duplicate = distinctSkus(seen.lines);
  if (duplicate) return duplicate;
  const planned = await planOrders(ctx, source, {
    ...commonOf(input),
    lines: seen.lines.map((l) => ({ itemRef: l.itemId, skuId: l.skuId, quantity: l.quantity })),
  });
  if (!planned.ok) return planned;
  if ('replay' in planned) return planned.replay;
  return inTransaction(ctx, async (tx) => {
    const taken = await takeCartLines(tx, input.platform, input.lineIds);
    if (!taken.ok) return replayOr(tx, source, input, taken);
    if (!sameLines(seen.lines, taken.lines))
      return fail('CONFLICT', { reason: 'the cart lines changed while the order was being priced; try again' });
    const made = await placeOrders(tx, planned.plan);
    if (!made.ok || made.replayed) return made;
    const ids = taken.lines.map((l) => l.id);
    const removed = await deleteOwned(tx, 'cart_lines').where('platform', '=', input.platform).where('id', 'in', ids).executeTakeFirst();
    // The lines are locked (PostgreSQL) or the writer is alone (SQLite), so only a bug gets here;
    // the throw rolls the orders back, so no line is ever ordered twice.
    if (Number(removed.numDeletedRows) !== ids.length) throw new Error(`cart lines ${ids.join(',')} vanished while being ordered`);
    return made;
  });
}

function commonOf(input: OrderCartInput) {
  return { platform: input.platform, receiver: input.receiver, idempotencyKey: input.idempotencyKey, requestHash: input.requestHash };
}

/**
 * Lines that are gone: a retry with the Idempotency-Key of the call that ordered them replays
 * its orders (the key is looked up before any line is priced, so no source read happens here).
 */
async function replayOr(ctx: Ctx, source: Source, input: OrderCartInput, missing: Failure): Promise<CreateOrdersResult | Failure> {
  if (input.idempotencyKey === undefined) return missing;
  const replay = await planOrders(ctx, source, { ...commonOf(input), lines: [] });
  if (replay.ok) return 'replay' in replay ? replay.replay : missing;
  return replay.error === 'IDEMPOTENCY_KEY_REUSED' ? replay : missing;
}

const sameLines = (a: readonly CartLine[], b: readonly CartLine[]) =>
  a.length === b.length &&
  a.every((l, i) => l.id === b[i]!.id && l.skuId === b[i]!.skuId && l.quantity === b[i]!.quantity && l.updatedAt === b[i]!.updatedAt);
