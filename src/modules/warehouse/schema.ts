/**
 * Warehouse tables (migration 018_warehouse): inbound parcels and their history, scans that
 * matched nothing yet, QC and weighing photos, the storage fee per parcel and day (its primary
 * key is what makes the daily job charge a day once, on any number of nodes), outbound shipments
 * with their parcels, history and tracking, and the operator-edited settings (storage policy,
 * value-added service prices). Money is integer fen, times epoch ms, weights grams, sizes cm.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { historyTable, type Dialect } from '../../platform/db/index.ts';
import type { HistoryColumns } from '../../platform/states.ts';
import type { ParcelState, ShipmentState, UnmatchedState } from './machines.ts';

export interface WarehouseParcelTable {
  parcel_id: string;
  developer_id: string;
  owner_user_id: string;
  state: ParcelState;
  /** 'order' (a Ponte order the seller shipped), 'declared' (W3). */
  origin: 'order' | 'declared';
  order_id: string | null;
  tmall_order_id: string | null;
  /** What the parcel should hold: [{ itemId, skuId, quantity, title, imageUrl, lineNo? }]. */
  lines_json: string;
  tracking_number: string;
  carrier: string;
  /** When the seller handed it over (W3 rtsTime), ms. */
  rts_at: number | null;
  received_at: number | null;
  stored_at: number | null;
  weight_grams: number | null;
  length_cm: number | null;
  width_cm: number | null;
  height_cm: number | null;
  qc_result: 'pass' | 'issue' | null;
  qc_note: string | null;
  /** PROBLEM's kind: wrong | damaged | missing; with the after-sales case it links to. */
  problem_kind: string | null;
  refund_id: string | null;
  /** Storage fees charged so far, and those the wallet could not pay yet. */
  storage_fee_fen: number;
  storage_unpaid_fen: number;
  reminded_at: number | null;
  /** Paid extra photo requests so far (the sequence of their wallet refs) and the photos they bought. */
  extra_photo_requests: number;
  extra_photos: number;
  shipment_id: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface WarehouseParcelHistoryTable extends HistoryColumns {
  id: number;
  parcel_id: string;
}

export interface WarehouseUnmatchedScanTable {
  scan_id: string;
  tracking_number: string;
  carrier: string;
  state: UnmatchedState;
  weight_grams: number | null;
  note: string | null;
  scanned_at: number;
  hold_until: number;
  parcel_id: string | null;
  updated_at: number;
}

export interface WarehousePhotoTable {
  /** 32 random hex characters: the public link's only secret (as refund vouchers). */
  photo_id: string;
  developer_id: string;
  owner_user_id: string;
  parcel_id: string | null;
  shipment_id: string | null;
  /** qc (free), extra (paid), weighing, packing. */
  kind: 'qc' | 'extra' | 'weighing' | 'packing';
  mime: string;
  bytes: Buffer;
  width: number;
  height: number;
  created_at: number;
}

export interface WarehouseStorageChargeTable {
  parcel_id: string;
  /** The warehouse day (Asia/Shanghai calendar day, days since 1970-01-01) the fee is for. */
  day: number;
  fee_fen: number;
  /** The wallet transaction; null while the wallet could not pay it. */
  transaction_id: string | null;
  created_at: number;
}

export interface WarehouseShipmentTable {
  /** The W4 `logisticsOrderId`. */
  shipment_id: string;
  developer_id: string;
  owner_user_id: string;
  state: ShipmentState;
  render_id: string;
  service_id: string;
  company_name: string;
  service_category: string;
  country: string;
  receiver_json: string;
  /** keep_outer_box | keep_retail_box | remove_all. */
  packaging: string;
  /** Value-added service codes asked for, with quantities: [{ code, quantity }]. */
  services_json: string;
  remark: string;
  tmall_order_id: string | null;
  /** The answer currency of the quote (prices shown); the wallet is always CNY fen. */
  currency: string;
  /** What the goods contain (the quote's cargo attributes): the weighing re-quotes with them. */
  attributes_json: string;
  /** sha256 of the booking's normalized body: a W4 replay must send the same one. */
  request_hash: string;
  estimate_fen: number;
  services_fen: number;
  actual_fen: number | null;
  supplementary_fen: number;
  refunded_fen: number;
  weight_grams: number | null;
  length_cm: number | null;
  width_cm: number | null;
  height_cm: number | null;
  chargeable_grams: number | null;
  carrier: string | null;
  tracking_number: string | null;
  /** The sandbox warehouse's next step for this shipment (null outside the sandbox). */
  sandbox_due_at: number | null;
  /** The last SHIPMENT_CHANGE event the sandbox warehouse planned from (migration 019_warehouse_sandbox_plan). */
  sandbox_planned_event: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface WarehouseShipmentHistoryTable extends HistoryColumns {
  id: number;
  shipment_id: string;
}

export interface WarehouseShipmentTrackingTable {
  shipment_id: string;
  seq: number;
  at: number;
  status: string;
  description: string;
}

export interface WarehouseSettingTable {
  /** storage_policy | service_prices. */
  key: string;
  json: string;
  updated_at: number;
}

export interface WarehouseTables {
  warehouse_parcels: WarehouseParcelTable;
  warehouse_parcel_history: WarehouseParcelHistoryTable;
  warehouse_unmatched_scans: WarehouseUnmatchedScanTable;
  warehouse_photos: WarehousePhotoTable;
  warehouse_storage_charges: WarehouseStorageChargeTable;
  warehouse_shipments: WarehouseShipmentTable;
  warehouse_shipment_history: WarehouseShipmentHistoryTable;
  warehouse_shipment_tracking: WarehouseShipmentTrackingTable;
  warehouse_settings: WarehouseSettingTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends WarehouseTables {}
}

/** Migration 018_warehouse (src/migrations.ts; never edited once released). */
export function warehouseMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await createParcels(db);
      await historyTable(db, dialect, {
        table: 'warehouse_parcel_history',
        subjectColumn: 'parcel_id',
        references: 'warehouse_parcels.parcel_id',
      }).execute();
      await createUnmatched(db);
      await createPhotos(db, dialect);
      await db.schema
        .createTable('warehouse_storage_charges')
        .addColumn('parcel_id', 'text', (c) => c.notNull().references('warehouse_parcels.parcel_id'))
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('fee_fen', 'bigint', (c) => c.notNull().check(sql`fee_fen >= 0`))
        .addColumn('transaction_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('warehouse_storage_charges_pk', ['parcel_id', 'day'])
        .execute();
      await createShipments(db);
      await historyTable(db, dialect, {
        table: 'warehouse_shipment_history',
        subjectColumn: 'shipment_id',
        references: 'warehouse_shipments.shipment_id',
      }).execute();
      await db.schema
        .createTable('warehouse_shipment_tracking')
        .addColumn('shipment_id', 'text', (c) => c.notNull().references('warehouse_shipments.shipment_id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('warehouse_shipment_tracking_pk', ['shipment_id', 'seq'])
        .execute();
      await db.schema
        .createTable('warehouse_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

const sizeColumns = ['weight_grams', 'length_cm', 'width_cm', 'height_cm'] as const;

async function createParcels(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('warehouse_parcels')
    .addColumn('parcel_id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('tmall_order_id', 'text')
    .addColumn('lines_json', 'text', (c) => c.notNull())
    .addColumn('tracking_number', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('rts_at', 'bigint')
    .addColumn('received_at', 'bigint')
    .addColumn('stored_at', 'bigint');
  for (const column of sizeColumns) table = table.addColumn(column, 'integer');
  table = table
    .addColumn('qc_result', 'text')
    .addColumn('qc_note', 'text')
    .addColumn('problem_kind', 'text')
    .addColumn('refund_id', 'text')
    .addColumn('storage_fee_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_unpaid_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_at', 'bigint')
    .addColumn('extra_photo_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extra_photos', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shipment_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await table.execute();
  // A domestic tracking number names one parcel: a scan finds it, a second declaration updates it.
  await db.schema.createIndex('warehouse_parcels_tracking').unique().on('warehouse_parcels').column('tracking_number').execute();
  await db.schema.createIndex('warehouse_parcels_page').on('warehouse_parcels').columns(['developer_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('warehouse_parcels_order').on('warehouse_parcels').column('order_id').execute();
  // The daily storage job reads stored parcels by the day their clock started.
  await db.schema.createIndex('warehouse_parcels_storage').on('warehouse_parcels').columns(['state', 'stored_at']).execute();
}

async function createUnmatched(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('warehouse_unmatched_scans')
    .addColumn('scan_id', 'text', (c) => c.primaryKey())
    .addColumn('tracking_number', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('weight_grams', 'integer')
    .addColumn('note', 'text')
    .addColumn('scanned_at', 'bigint', (c) => c.notNull())
    .addColumn('hold_until', 'bigint', (c) => c.notNull())
    .addColumn('parcel_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('warehouse_unmatched_tracking').unique().on('warehouse_unmatched_scans').column('tracking_number').execute();
  await db.schema.createIndex('warehouse_unmatched_hold').on('warehouse_unmatched_scans').columns(['state', 'hold_until']).execute();
}

async function createPhotos(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('warehouse_photos')
    .addColumn('photo_id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('parcel_id', 'text')
    .addColumn('shipment_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('warehouse_photos_parcel').on('warehouse_photos').columns(['parcel_id', 'created_at']).execute();
  await db.schema.createIndex('warehouse_photos_shipment').on('warehouse_photos').columns(['shipment_id', 'created_at']).execute();
}

async function createShipments(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('warehouse_shipments')
    .addColumn('shipment_id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.developer_id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('render_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('service_category', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('receiver_json', 'text', (c) => c.notNull())
    .addColumn('packaging', 'text', (c) => c.notNull())
    .addColumn('services_json', 'text', (c) => c.notNull())
    .addColumn('remark', 'text', (c) => c.notNull())
    .addColumn('tmall_order_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('attributes_json', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull());
  for (const column of ['estimate_fen', 'services_fen'])
    table = table.addColumn(column, 'bigint', (c) => c.notNull().check(sql`${sql.ref(column)} >= 0`));
  table = table
    .addColumn('actual_fen', 'bigint')
    .addColumn('supplementary_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0));
  for (const column of [...sizeColumns, 'chargeable_grams']) table = table.addColumn(column, 'integer');
  table = table
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('sandbox_due_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await table.execute();
  // One booking per quote: a W4 replay finds the shipment it made.
  await db.schema.createIndex('warehouse_shipments_render').unique().on('warehouse_shipments').column('render_id').execute();
  await db.schema
    .createIndex('warehouse_shipments_page')
    .on('warehouse_shipments')
    .columns(['developer_id', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('warehouse_shipments_sandbox_due')
    .on('warehouse_shipments')
    .columns(['sandbox_due_at', 'shipment_id'])
    .where(sql.ref('sandbox_due_at'), 'is not', null)
    .execute();
}

/**
 * Migration 019_warehouse_sandbox_plan: the sandbox warehouse plans each shipment change once
 * (sandbox-shipments.ts), so a re-read outbox event does not plan a step again after the step was
 * refused and its due time cleared.
 */
export function warehouseSandboxPlanMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('warehouse_shipments').addColumn('sandbox_planned_event', 'text').execute();
    },
  };
}
