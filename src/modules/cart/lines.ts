import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { deleteOwned, selectOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { Platform } from '../../sources/source.ts';

/** A cart line, platform-neutral; times in epoch ms, money in fen. */
export interface CartLine {
  id: number;
  platform: Platform;
  /** The user (main or sub-account) the line belongs to. */
  ownerUserId: string;
  /** The product's v2 opaque id (Taobao itemId / 1688 offerId). */
  itemId: string;
  skuId: string;
  specId: string;
  quantity: number;
  priceFenAtAdd: number;
  createdAt: number;
  updatedAt: number;
}

export const LINE_COLUMNS = [
  'id',
  'platform',
  'owner_user_id',
  'item_id',
  'sku_id',
  'spec_id',
  'quantity',
  'price_fen_at_add',
  'created_at',
  'updated_at',
] as const;

export interface LineRow {
  id: number;
  platform: string;
  owner_user_id: string;
  item_id: string;
  sku_id: string;
  spec_id: string;
  quantity: number;
  price_fen_at_add: number;
  created_at: number;
  updated_at: number;
}

export function toLine(row: LineRow): CartLine {
  return {
    id: Number(row.id),
    platform: row.platform as Platform,
    ownerUserId: row.owner_user_id,
    itemId: row.item_id,
    skuId: row.sku_id,
    specId: row.spec_id,
    quantity: Number(row.quantity),
    priceFenAtAdd: Number(row.price_fen_at_add),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** At most this many lines per user and platform, so one caller cannot grow a cart without bound. */
export const MAX_CART_LINES = 200;

export const cartLineWhat = (platform: Platform, id: number) => `${platform === 'taobao' ? 'cart' : '1688 cart'} line ${id}`;

/** The caller's lines of one platform (a main user sees its sub-accounts' lines too), oldest first. */
export async function ownedLines(ctx: Ctx, platform: Platform): Promise<CartLine[]> {
  const rows = await selectOwned(ctx, 'cart_lines').select(LINE_COLUMNS).where('platform', '=', platform).orderBy('id', 'asc').execute();
  return rows.map(toLine);
}

/**
 * The caller's lines with these ids, in the order asked (duplicates dropped). Any id that is not
 * the caller's, or belongs to the other platform, makes the whole call NOT_FOUND, so an order is
 * never built from part of what the client meant. Lines are returned, not removed; inside a
 * transaction on PostgreSQL they stay locked until it ends (in id order, so callers cannot
 * deadlock), and a line a concurrent transaction removed meanwhile is not found.
 */
export async function takeCartLines(
  ctx: Ctx,
  platform: Platform,
  lineIds: readonly number[],
): Promise<{ ok: true; lines: CartLine[] } | Failure> {
  const ids = [...new Set(lineIds)];
  if (ids.length === 0) return { ok: true, lines: [] };
  let query = selectOwned(ctx, 'cart_lines').select(LINE_COLUMNS).where('platform', '=', platform).where('id', 'in', ids).orderBy('id');
  if (ctx.dialect === 'postgres' && ctx.db.isTransaction) query = query.forUpdate();
  const rows = await query.execute();
  const byId = new Map(rows.map((row) => [Number(row.id), toLine(row)]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) return fail('NOT_FOUND', { what: cartLineWhat(platform, missing) });
  return { ok: true, lines: ids.map((id) => byId.get(id)!) };
}

/**
 * Lines to be ordered must name distinct SKUs, as order lines must (orders/pricing.ts). One user's
 * cart merges a SKU into one line, but a main user may order its sub-accounts' lines of one SKU.
 */
export function distinctSkus(lines: readonly CartLine[]): Failure | null {
  const seen = new Map<string, number>();
  for (const line of lines) {
    const key = `${line.itemId}\u0000${line.skuId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return fail('BAD_PARAMETER', {
        field: 'lineIds',
        rule: `cart lines ${earlier} and ${line.id} hold the same SKU (item ${line.itemId}, sku ${line.skuId}): order one line per SKU`,
      });
    }
    seen.set(key, line.id);
  }
  return null;
}

/** Removes the caller's lines, all or none: one unknown id answers NOT_FOUND and removes nothing. */
export async function removeFromCart(
  ctx: Ctx,
  input: { platform: Platform; lineIds: readonly number[] },
): Promise<{ ok: true; removed: number } | Failure> {
  return inTransaction(ctx, async (tx) => {
    const taken = await takeCartLines(tx, input.platform, input.lineIds);
    if (!taken.ok) return taken;
    if (taken.lines.length === 0) return { ok: true, removed: 0 };
    const result = await deleteOwned(tx, 'cart_lines')
      .where('platform', '=', input.platform)
      .where(
        'id',
        'in',
        taken.lines.map((l) => l.id),
      )
      .executeTakeFirst();
    return { ok: true, removed: Number(result.numDeletedRows) };
  });
}
