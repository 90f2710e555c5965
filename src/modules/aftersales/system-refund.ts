/**
 * A line the seller cannot deliver (the sandbox's stock-out) is refunded by the system: an
 * application opened (actor system) and completed in ONE transaction, with the money and, when it
 * was the last line, the order's close. An application the buyer had open on the line is closed
 * first (order-side close). Two REFUND_CHANGE events: the submit and the success.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { OrderId } from '../../platform/ids.ts';
import { orderForRefund, type RefundableOrder } from '../orders/index.ts';
import { abort, atomically } from '../../platform/atomic.ts';
import { moveAndSettle } from './act.ts';
import { assess } from './amounts.ts';
import { createRefund, openClaimOn } from './create.ts';
import { goodsStatusesFor } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';
import type { ReasonRecord } from './reasons.ts';
import { lockRefund, moveRefund, type RefundView } from './repo.ts';

/** The reason id of applications the system opens; its text is the caller's reason. */
export const SYSTEM_REASON_ID = 'system';

type Result = { ok: true; refund: RefundView } | Failure;

export async function systemRefundLine(ctx: SystemCtx, input: { orderId: OrderId; lineNo: number; reason: string }): Promise<Result> {
  const reasonText = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reasonText === '' || reasonText.length > 200)
    return fail('BAD_PARAMETER', { field: 'reason', rule: 'is required (at most 200 characters)' });
  return atomically(ctx, async (tx) => {
    await closeOpenApplication(tx, input.orderId, input.lineNo, reasonText);
    const found = await orderForRefund(tx, input.orderId, SYSTEM_SCOPE);
    // After the close above, a refusal abandons it too: nothing half-done commits.
    if (!found) abort(fail('NOT_FOUND', { what: `order ${input.orderId}` }));
    const done = await openAndRefund(tx, found, input.lineNo, reasonText);
    if (!done.ok) abort(done);
    return done;
  });
}

/** The system's application for the whole line (the most it may refund), agreed at once. */
async function openAndRefund(tx: SystemCtx, found: RefundableOrder, lineNo: number, reasonText: string): Promise<Result> {
  const platform: RefundPlatform = found.order.platform;
  const goodsStatus = goodsStatusesFor(platform, 'refund', found.order.state)[0] ?? '';
  const assessed = assess(found.order, { platform, lines: [{ lineNo }], kind: 'refund', goodsStatus });
  if (!assessed.ok) return assessed;
  const created = await createRefund(tx, {
    developerId: found.developerId,
    ownerUserId: found.order.ownerUserId,
    platform,
    order: found.order,
    assessment: assessed.assessment,
    kind: 'refund',
    goodsStatus,
    reason: systemReason(reasonText, goodsStatus),
    description: reasonText,
    images: [],
    applyFen: assessed.assessment.maxFen,
    applyCarriageFen: 0,
    idempotencyKey: null,
    actor: 'system',
  });
  return moveAndSettle(tx, { current: created, action: 'agree_refund', actor: 'system', scope: SYSTEM_SCOPE, note: reasonText });
}

function systemReason(text: string, goodsStatus: string): ReasonRecord {
  return {
    reasonId: SYSTEM_REASON_ID,
    text: { zh: text, en: text },
    tips: '',
    needVoucher: false,
    noRefundCarriage: true,
    kinds: ['refund'],
    goodsStatuses: [goodsStatus],
    enabled: true,
  };
}

async function closeOpenApplication(tx: SystemCtx, orderId: string, lineNo: number, reason: string): Promise<void> {
  const open = await openClaimOn(tx, orderId, [lineNo]);
  if (!open) return;
  const current = await lockRefund(tx, open.refundId, SYSTEM_SCOPE);
  if (!current) return;
  const closed = await moveRefund(tx, {
    current,
    action: 'close',
    actor: 'system',
    scope: SYSTEM_SCOPE,
    cause: 'order',
    note: `superseded: ${reason}`,
  });
  if (!closed.ok) abort(closed);
}
