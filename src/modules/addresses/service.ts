import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { deleteOwned, ownership, preparedQuery, scopeOf, selectOwned, updateOwned, whereScope } from '../../platform/db/index.ts';
import type { DeveloperId, UserId } from '../../platform/ids.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { AddressTable } from './schema.ts';

/** A shipping address of a developer's user; platform-neutral, times in epoch ms. */
export interface Address {
  id: number;
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  phone: string;
  createdAt: number;
  updatedAt: number;
}

export type AddressFields = Pick<Address, 'name' | 'province' | 'city' | 'district' | 'address' | 'phone'>;

export const MAX_ADDRESSES_PER_USER = 200;

const columns = ['id', 'name', 'province', 'city', 'district', 'address', 'phone', 'created_at', 'updated_at'] as const;

type AddressRow = Pick<Selectable<AddressTable>, (typeof columns)[number]>;

function toAddress(row: AddressRow): Address {
  const { created_at, updated_at, ...rest } = row;
  return { ...rest, id: Number(rest.id), createdAt: created_at, updatedAt: updated_at };
}

/** Creates (id absent or 0) or updates one of the caller's own addresses. */
export async function saveAddress(
  ctx: Ctx,
  id: number | undefined,
  fields: AddressFields,
): Promise<{ ok: true; id: number; created: boolean } | Failure> {
  const now = ctx.clock.nowMs();
  if (id !== undefined && id !== 0) {
    const result = await updateOwned(ctx, 'addresses')
      .set({ ...fields, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? { ok: true, id, created: false } : fail('NOT_FOUND', { what: `address ${id}` });
  }
  const count = await selectOwned(ctx, 'addresses')
    .where('owner_user_id', '=', ctx.userId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ADDRESSES_PER_USER)
    return fail('CONFLICT', { reason: `at most ${MAX_ADDRESSES_PER_USER} addresses per user` });
  const inserted = await ctx.db
    .insertInto('addresses')
    .values({ ...ownership(ctx), ...fields, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: Number(inserted.id), created: true };
}

/**
 * The address list is read by every signed GET /address/list (bench:gateway's route): compiled
 * once per scope shape instead of built by Kysely on every call (platform/db/prepared.ts), with
 * the scope still translated by the one whereScope.
 */
const listOfDeveloper = preparedQuery<{ developerId: DeveloperId }, AddressRow>((db, param) =>
  whereScope(db.selectFrom('addresses'), { developerId: param('developerId') })
    .select(columns)
    .orderBy('id', 'asc'),
);
const listOfOwner = preparedQuery<{ developerId: DeveloperId; ownerUserId: UserId }, AddressRow>((db, param) =>
  whereScope(db.selectFrom('addresses'), { developerId: param('developerId'), ownerUserId: param('ownerUserId') })
    .select(columns)
    .orderBy('id', 'asc'),
);

export async function listAddresses(ctx: Ctx): Promise<Address[]> {
  const { developerId, ownerUserId } = scopeOf(ctx);
  const result =
    ownerUserId === undefined ? await listOfDeveloper(ctx, { developerId }) : await listOfOwner(ctx, { developerId, ownerUserId });
  return result.rows.map(toAddress);
}

export async function getAddress(ctx: Ctx, id: number): Promise<Address | null> {
  const row = await selectOwned(ctx, 'addresses').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toAddress(row) : null;
}

export async function deleteAddress(ctx: Ctx, id: number): Promise<{ ok: true } | Failure> {
  const result = await deleteOwned(ctx, 'addresses').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n ? { ok: true } : fail('NOT_FOUND', { what: `address ${id}` });
}
