/**
 * What the seller side does to an application (sandbox sellers, operators over admin routes and
 * the CLI, the system on a timer): system context, no tenant scope, the actor recorded. An
 * operator acts as the seller (SELLER_* refundActions) and is recorded as `operator`.
 */
import type { SystemCtx } from '../../platform/context.ts';
import { SYSTEM_SCOPE } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { moveAndSettle, withRefund } from './act.ts';
import { machineOf } from './machines.ts';
import type { ReturnAddress, RefundView } from './repo.ts';

export type SellerActor = 'seller' | 'operator' | 'system';
type Result = { ok: true; refund: RefundView } | Failure;

const ACTORS: readonly string[] = ['seller', 'operator', 'system'];
export const badActor = (actor: unknown): Failure | null =>
  ACTORS.includes(actor as string) ? null : fail('BAD_PARAMETER', { field: 'actor', rule: 'must be seller, operator or system' });

/**
 * The seller agrees: a refund-only application is refunded (agree_refund, the wallet credited);
 * a return and refund publishes the return address (agree_return; BAD_PARAMETER 'address'
 * without one) and waits for the buyer's parcel.
 */
export async function sellerAgree(
  ctx: SystemCtx,
  refundId: string,
  input: { actor: SellerActor; address?: ReturnAddress; note?: string },
): Promise<Result> {
  const invalid = badActor(input.actor) ?? badNote(input.note);
  if (invalid) return invalid;
  return withRefund(ctx, refundId, SYSTEM_SCOPE, async (tx, current) => {
    const note = input.note?.trim() || null;
    const action = current.row.kind === 'refund' ? 'agree_refund' : 'agree_return';
    // The state answers first: an address does not matter to an application that cannot be agreed.
    if (!machineOf(current.row.platform).can(current.row.status, action))
      return fail('REFUND_STATE_INVALID', { state: current.row.status, action });
    if (action === 'agree_refund') {
      return moveAndSettle(tx, { current, action: 'agree_refund', actor: input.actor, scope: SYSTEM_SCOPE, note });
    }
    const address = input.address;
    const badAddress = checkAddress(address);
    if (badAddress) return badAddress;
    return moveAndSettle(tx, {
      current,
      action: 'agree_return',
      actor: input.actor,
      scope: SYSTEM_SCOPE,
      note,
      detail: { returnAddress: address },
      patch: { return_address_json: JSON.stringify(address), seller_note: note },
    });
  });
}

/** The seller refuses (before agreeing, or after inspecting the returned goods): the buyer may modify. */
export async function sellerRefuse(
  ctx: SystemCtx,
  refundId: string,
  input: { actor: SellerActor; reason: string; images?: string[] },
): Promise<Result> {
  const invalid = badActor(input.actor) ?? badImages(input.images ?? []);
  if (invalid) return invalid;
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason === '' || reason.length > 500) return fail('BAD_PARAMETER', { field: 'reason', rule: 'is required (at most 500 characters)' });
  return withRefund(ctx, refundId, SYSTEM_SCOPE, (tx, current) =>
    moveAndSettle(tx, {
      current,
      action: 'refuse',
      actor: input.actor,
      scope: SYSTEM_SCOPE,
      note: reason,
      images: input.images ?? [],
      patch: { refuse_reason: reason, refuse_times: Number(current.row.refuse_times) + 1 },
    }),
  );
}

/** The seller received the returned goods: the refund is paid (30 → 100, waitsellerreceive → refundsuccess). */
export async function sellerConfirmReceipt(ctx: SystemCtx, refundId: string, input: { actor: SellerActor }): Promise<Result> {
  const invalid = badActor(input.actor);
  if (invalid) return invalid;
  return withRefund(ctx, refundId, SYSTEM_SCOPE, (tx, current) =>
    moveAndSettle(tx, { current, action: 'confirm_receipt', actor: input.actor, scope: SYSTEM_SCOPE }),
  );
}

export function checkAddress(address: ReturnAddress | undefined): Failure | null {
  const ok =
    address !== undefined &&
    address !== null &&
    [address.receiver, address.phone, address.detailAddress].every((v) => typeof v === 'string' && v.trim() !== '' && v.length <= 300);
  return ok ? null : fail('BAD_PARAMETER', { field: 'address', rule: 'a return needs {receiver, phone, detailAddress}' });
}

function badNote(note: string | undefined): Failure | null {
  return note === undefined || (typeof note === 'string' && note.length <= 500)
    ? null
    : fail('BAD_PARAMETER', { field: 'note', rule: 'must be a string of at most 500 characters' });
}

/** Evidence is shown back to the other side, so only web addresses are kept (no javascript:, data: …). */
const IMAGE_ADDRESS = /^https?:\/\/\S+$/i;

export function badImages(images: unknown): Failure | null {
  return Array.isArray(images) &&
    images.length <= 10 &&
    images.every((i) => typeof i === 'string' && i.length <= 500 && IMAGE_ADDRESS.test(i))
    ? null
    : fail('BAD_PARAMETER', { field: 'images', rule: 'must hold at most 10 http(s) image addresses of at most 500 characters' });
}
