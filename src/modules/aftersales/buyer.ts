/**
 * What the buyer does to its own application: cancel and ship the return (modify: modify.ts, a
 * message: message.ts).
 * Each finds the application in the caller's scope (another developer's or a sibling
 * sub-account's is NOT_FOUND) and runs in one transaction.
 */
import type { Ctx } from '../../platform/context.ts';
import { scopeOf } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { moveAndSettle, withRefund } from './act.ts';
import type { RefundView, ReturnLogistics } from './repo.ts';
import { badImages } from './seller.ts';

type Result = { ok: true; refund: RefundView } | Failure;

export function cancelRefund(ctx: Ctx, refundId: string): Promise<Result> {
  return withRefund(ctx, refundId, scopeOf(ctx), (tx, current) =>
    moveAndSettle(tx, { current, action: 'cancel', actor: 'buyer', scope: scopeOf(tx), detail: { userId: ctx.userId } }),
  );
}

/** The buyer's return parcel (Taobao TA4, 1688 AR5): 20 → 30, waitbuyersend → waitsellerreceive. */
export function submitReturnLogistics(ctx: Ctx, refundId: string, input: ReturnLogistics): Promise<Result> {
  const invalid = badLogistics(input);
  if (invalid) return Promise.resolve(invalid);
  const logistics: ReturnLogistics = {
    companyCode: input.companyCode.trim(),
    companyName: input.companyName.trim(),
    trackingNo: input.trackingNo.trim(),
    buyerPhone: input.buyerPhone ?? null,
    description: input.description ?? null,
    images: input.images,
  };
  return withRefund(ctx, refundId, scopeOf(ctx), (tx, current) =>
    moveAndSettle(tx, {
      current,
      action: 'ship_return',
      actor: 'buyer',
      scope: scopeOf(tx),
      note: logistics.description,
      images: logistics.images,
      detail: { logistics },
      patch: { return_logistics_json: JSON.stringify(logistics) },
    }),
  );
}

function badLogistics(input: ReturnLogistics): Failure | null {
  const bad = (field: string, rule: string) => fail('BAD_PARAMETER', { field, rule });
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
  if (!input || !text(input.companyCode, 40)) return bad('companyCode', 'is required (at most 40 characters)');
  if (!text(input.companyName, 100)) return bad('companyName', 'is required (at most 100 characters)');
  if (!text(input.trackingNo, 60)) return bad('trackingNo', 'is required (at most 60 characters)');
  if (input.buyerPhone !== null && input.buyerPhone !== undefined && !text(input.buyerPhone, 40))
    return bad('buyerPhone', 'at most 40 characters');
  if (
    input.description !== null &&
    input.description !== undefined &&
    (typeof input.description !== 'string' || input.description.length > 500)
  )
    return bad('description', 'at most 500 characters');
  return badImages(input.images);
}
