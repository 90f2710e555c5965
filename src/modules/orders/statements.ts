/**
 * The order path's fixed-shape statements, compiled once (platform/db/prepared.ts): every
 * create runs them, so the query builder's per-call cost is paid once per process.
 */
import { sql } from 'kysely';
import { preparedQuery, type Param } from '../../platform/db/index.ts';
import type { PurchaseOrderLineTable, PurchaseOrderTable } from './schema.ts';

function allParams<T>(columns: readonly (keyof T & string)[], param: Param<T>): T {
  return Object.fromEntries(columns.map((column) => [column, param(column)])) as T;
}

const ORDER_COLUMNS = [
  'order_id',
  'developer_id',
  'owner_user_id',
  'platform',
  'state',
  'shop_index',
  'product_amount_fen',
  'shipping_fee_fen',
  'adjust_amount_fen',
  'total_amount_fen',
  'paid_amount_fen',
  'receiver_json',
  'client_order_id',
  'idempotency_key',
  'idempotency_hash',
  'batch_id',
  'batch_seq',
  'close_reason',
  'carrier',
  'tracking_number',
  'created_at',
  'paid_at',
  'shipped_at',
  'arrived_at',
  'closed_at',
  'updated_at',
  'version',
] as const satisfies readonly (keyof PurchaseOrderTable)[];

const LINE_COLUMNS = [
  'order_id',
  'line_no',
  'item_id',
  'sku_id',
  'spec_id',
  'title',
  'quantity',
  'unit_price_fen',
  'amount_fen',
] as const satisfies readonly (keyof PurchaseOrderLineTable)[];

export const insertOrderRow = preparedQuery<PurchaseOrderTable, PurchaseOrderTable>((db, param) =>
  db
    .insertInto('purchase_orders')
    .values(allParams(ORDER_COLUMNS, param))
    .onConflict((oc) => oc.doNothing())
    .returningAll(),
);

/**
 * PostgreSQL only: the same insert with the order's first history row (created, waiting for
 * payment) written by a data-modifying CTE in the same statement, one round trip instead of two;
 * when the id is taken no row comes back and no history is written.
 */
export const insertOrderRowWithHistory = preparedQuery<PurchaseOrderTable & { history_actor: string }, PurchaseOrderTable>((db, param) =>
  db
    .with('created', (qb) =>
      qb
        .insertInto('purchase_orders')
        .values(allParams(ORDER_COLUMNS, param))
        .onConflict((oc) => oc.doNothing())
        .returningAll(),
    )
    .with('logged', (qb) =>
      qb
        .insertInto('purchase_order_history')
        .columns(['order_id', 'from_state', 'to_state', 'action', 'actor', 'at', 'note'])
        .expression((eb) =>
          eb
            .selectFrom('created')
            .select([
              'created.order_id',
              sql<null>`NULL::text`.as('from_state'),
              'created.state as to_state',
              sql<string>`'create'`.as('action'),
              sql<string>`${param('history_actor')}::text`.as('actor'),
              'created.created_at as at',
              sql<null>`NULL::text`.as('note'),
            ]),
        ),
    )
    .selectFrom('created')
    .selectAll(),
);

export const insertOrderLine = preparedQuery<PurchaseOrderLineTable, never>((db, param) =>
  db.insertInto('purchase_order_lines').values(allParams(LINE_COLUMNS, param)),
);

/**
 * Holds quantity of one SKU unless stock − reserved cannot cover it (no row returned). One
 * guarded upsert: on PostgreSQL the conflicting row is locked and the WHERE re-checked on its
 * latest version, so two racing orders can never both take the last unit; SQLite has one writer.
 */
export const reserveSku = preparedQuery<{ item_id: string; sku_id: string; quantity: number; stock: number }, { reserved: number }>(
  (db, param) =>
    db
      .insertInto('sku_reservations')
      .values({ item_id: param('item_id'), sku_id: param('sku_id'), reserved: param('quantity') })
      .onConflict((oc) =>
        oc
          .columns(['item_id', 'sku_id'])
          .doUpdateSet((eb) => ({ reserved: eb('sku_reservations.reserved', '+', eb.ref('excluded.reserved')) }))
          .where((eb) => eb(eb('sku_reservations.reserved', '+', eb.ref('excluded.reserved')), '<=', param('stock'))),
      )
      .returning('reserved'),
);
