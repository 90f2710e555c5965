import { inTransaction, type Ctx } from '../../platform/context.ts';
import { ownership, selectOwned, updateOwned } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { findProduct } from '../catalog/index.ts';
import type { Platform, Source, SourceProduct } from '../../sources/source.ts';
import { cartLineWhat, LINE_COLUMNS, MAX_CART_LINES, toLine, type CartLine } from './lines.ts';
import { findSku, unitPriceFen, type CartSku } from './pricing.ts';

export interface AddToCartInput {
  platform: Platform;
  /** Any id of the product: v2 itemId/itemMapId/offerId/offerMapId or the v1 numeric id. */
  itemRef: string;
  /** Taobao names the SKU by skuId; 1688 by specId (skuId accepted too). */
  skuId?: string | undefined;
  specId?: string | undefined;
  quantity: number;
}

export type AddToCartResult = { ok: true; line: CartLine; created: boolean } | Failure;

const skuWhat = (product: SourceProduct, sku: CartSku) =>
  `${product.platform === 'taobao' ? 'item' : 'offer'} ${product.itemId} sku ${sku.skuId}`;

/**
 * The checks a quantity must pass to be in a cart: the 1688 minimum order quantity, then stock.
 * Failures carry what a client needs to fix the request (`available`, `minimum`) in params and data.
 */
export function checkQuantity(product: SourceProduct, sku: CartSku, quantity: number): { ok: true } | Failure {
  const what = skuWhat(product, sku);
  if (product.platform === '1688' && quantity < product.minOrderQuantity) {
    return fail('BELOW_MIN_ORDER_QUANTITY', { what, minimum: product.minOrderQuantity }, { minimum: product.minOrderQuantity });
  }
  if (quantity > sku.stock) return fail('OUT_OF_STOCK', { what, available: sku.stock }, { available: sku.stock });
  return { ok: true };
}

async function resolveSku(
  source: Source,
  platform: Platform,
  ref: string,
  ids: { skuId?: string | undefined; specId?: string | undefined },
) {
  const found = await findProduct(source, ref, platform);
  if (!found.ok) return found;
  const sku = findSku(found.product, ids);
  if (!sku) return fail('NOT_FOUND', { what: `${platform === 'taobao' ? 'item' : 'offer'} ${ref} sku ${ids.specId ?? ids.skuId ?? ''}` });
  return { ok: true as const, product: found.product, sku };
}

/**
 * Adds goods to the caller's cart. The same SKU already in the cart raises that line's quantity,
 * and the checks apply to the resulting quantity. The increment is a single upsert, so two
 * concurrent adds never lose one another.
 */
export async function addToCart(ctx: Ctx, source: Source, input: AddToCartInput): Promise<AddToCartResult> {
  const resolved = await resolveSku(source, input.platform, input.itemRef, input);
  if (!resolved.ok) return resolved;
  const { product, sku } = resolved;
  return inTransaction(ctx, async (tx) => {
    const mine = selectOwned(tx, 'cart_lines').where('owner_user_id', '=', tx.userId).where('platform', '=', input.platform);
    const existing = await mine
      .select(['id', 'quantity'])
      .where('item_id', '=', product.itemId)
      .where('sku_id', '=', sku.skuId)
      .executeTakeFirst();
    const total = (existing ? Number(existing.quantity) : 0) + input.quantity;
    const checked = checkQuantity(product, sku, total);
    if (!checked.ok) return checked;
    if (!existing) {
      const count = await mine.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_CART_LINES) return fail('CONFLICT', { reason: `at most ${MAX_CART_LINES} lines per cart` });
    }
    const now = tx.clock.nowMs();
    const row = await tx.db
      .insertInto('cart_lines')
      .values({
        ...ownership(tx),
        platform: input.platform,
        item_id: product.itemId,
        sku_id: sku.skuId,
        spec_id: sku.specId,
        quantity: input.quantity,
        price_fen_at_add: unitPriceFen(product, sku, total),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['developer_id', 'owner_user_id', 'platform', 'item_id', 'sku_id'])
          .doUpdateSet((eb) => ({ quantity: eb('cart_lines.quantity', '+', eb.ref('excluded.quantity')), updated_at: now })),
      )
      .returning(LINE_COLUMNS)
      .executeTakeFirstOrThrow();
    return { ok: true, line: toLine(row), created: !existing };
  });
}

/** Sets a line's quantity, under the same checks as adding. Another user's or developer's line is NOT_FOUND. */
export async function editQuantity(
  ctx: Ctx,
  source: Source,
  input: { platform: Platform; lineId: number; quantity: number },
): Promise<{ ok: true; line: CartLine } | Failure> {
  const what = cartLineWhat(input.platform, input.lineId);
  const current = await selectOwned(ctx, 'cart_lines')
    .select(LINE_COLUMNS)
    .where('platform', '=', input.platform)
    .where('id', '=', input.lineId)
    .executeTakeFirst();
  if (!current) return fail('NOT_FOUND', { what });
  const line = toLine(current);
  const resolved = await resolveSku(source, input.platform, line.itemId, { skuId: line.skuId });
  // The goods vanished since the line was added: the line stays (listed as disabled) but cannot change.
  if (!resolved.ok) return fail('PRODUCT_UNAVAILABLE', { what: `${what} (${line.itemId})` });
  const checked = checkQuantity(resolved.product, resolved.sku, input.quantity);
  if (!checked.ok) return checked;
  const now = ctx.clock.nowMs();
  const updated = await updateOwned(ctx, 'cart_lines')
    .set({ quantity: input.quantity, updated_at: now })
    .where('platform', '=', input.platform)
    .where('id', '=', input.lineId)
    .returning(LINE_COLUMNS)
    .executeTakeFirst();
  return updated ? { ok: true, line: toLine(updated) } : fail('NOT_FOUND', { what });
}
