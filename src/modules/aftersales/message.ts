/**
 * Messages on an open application (Taobao TA6 / the seller's answers, 1688 voucher notes): an
 * event row, no state change and no callback. A closed or refunded application is read only
 * (REFUND_STATE_INVALID). The buyer writes within its scope (BUYER_UPLOAD_BILL); the seller side
 * (sandbox sellers, operators) writes on any application (SELLER_UPLOAD_BILL).
 */
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE, scopeOf, type Scope } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { withRefund } from './act.ts';
import { isTerminal, refundActionOf, type RefundActor } from './machines.ts';
import { toEventView, type RefundEventView } from './repo.ts';
import { badActor, badImages, type SellerActor } from './seller.ts';

type Result = { ok: true; event: RefundEventView } | Failure;
export interface MessageInput {
  text: string;
  images: string[];
}

export function addRefundMessage(ctx: Ctx, refundId: string, input: MessageInput): Promise<Result> {
  return writeMessage(ctx, refundId, scopeOf(ctx), 'buyer', input, { userId: ctx.userId });
}

/** The seller's (or an operator's) message; an operator is recorded as `operator`, the words are the seller's. */
export function sellerMessage(ctx: SystemCtx, refundId: string, input: MessageInput & { actor: SellerActor }): Promise<Result> {
  const invalid = badActor(input?.actor);
  if (invalid) return Promise.resolve(invalid);
  return writeMessage(ctx, refundId, SYSTEM_SCOPE, input.actor, input, null);
}

function writeMessage(
  ctx: SystemCtx,
  refundId: string,
  scope: Scope,
  actor: RefundActor,
  input: MessageInput,
  detail: Record<string, unknown> | null,
): Promise<Result> {
  const text = typeof input?.text === 'string' ? input.text.trim() : '';
  const invalid = badImages(input?.images);
  if (invalid) return Promise.resolve(invalid);
  if (text.length > 500 || (text === '' && input.images.length === 0))
    return Promise.resolve(fail('BAD_PARAMETER', { field: 'text', rule: 'a message needs text (at most 500 characters) or images' }));
  return withRefund(ctx, refundId, scope, async (tx, { row }) => {
    if (isTerminal(row.platform, row.status)) return fail('REFUND_STATE_INVALID', { state: row.status, action: 'message' });
    const event = await tx.db
      .insertInto('refund_events')
      .values({
        refund_id: row.refund_id,
        from_state: row.status,
        to_state: row.status,
        action: 'message',
        actor,
        at: tx.clock.nowMs(),
        note: text || null,
        images_json: JSON.stringify(input.images),
        refund_action: refundActionOf('message', actor),
        detail_json: detail ? JSON.stringify(detail) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ok: true as const, event: toEventView(event) };
  });
}
