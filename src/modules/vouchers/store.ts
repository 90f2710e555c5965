import { randomBytes } from 'node:crypto';
import type { Ctx, SystemCtx } from '../../platform/context.ts';
import { ownership, selectOwned, SYSTEM_SCOPE, whereScope } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/errors.ts';
import { reencodeVoucher } from './image.ts';

export interface VoucherView {
  id: string;
  mime: string;
  width: number;
  height: number;
  sizeBytes: number;
  createdAt: number;
}

/** Ids are 128 random bits: the public picture link is unguessable, and a clash is not a practical concern. */
export const VOUCHER_ID = /^[0-9a-f]{32}$/;

/** Re-encodes and stores one voucher picture for the caller. */
export async function storeVoucher(ctx: Ctx, input: Buffer): Promise<{ ok: true; voucher: VoucherView } | Failure> {
  const encoded = await reencodeVoucher(input);
  if (!encoded.ok) return encoded;
  const { image } = encoded;
  const id = randomBytes(16).toString('hex');
  const now = ctx.clock.nowMs();
  await ctx.db
    .insertInto('refund_vouchers')
    .values({ id, ...ownership(ctx), mime: image.mime, bytes: image.bytes, width: image.width, height: image.height, created_at: now })
    .execute();
  return {
    ok: true,
    voucher: { id, mime: image.mime, width: image.width, height: image.height, sizeBytes: image.bytes.length, createdAt: now },
  };
}

/** The picture behind a public link: no tenant, the id is the capability. */
export async function readVoucherImage(ctx: SystemCtx, id: string): Promise<{ mime: string; bytes: Buffer } | null> {
  if (!VOUCHER_ID.test(id)) return null;
  const row = await whereScope(ctx.db.selectFrom('refund_vouchers'), SYSTEM_SCOPE)
    .select(['mime', 'bytes'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { mime: row.mime, bytes: Buffer.from(row.bytes) } : null;
}

/** Which of these voucher ids the caller may cite (its own uploads; a sub-account seeing only its own rows, only those). */
export async function ownedVoucherIds(ctx: Ctx, ids: string[]): Promise<Set<string>> {
  const wanted = ids.filter((id) => VOUCHER_ID.test(id));
  if (wanted.length === 0) return new Set();
  const rows = await selectOwned(ctx, 'refund_vouchers').select('id').where('id', 'in', wanted).execute();
  return new Set(rows.map((r) => r.id));
}
