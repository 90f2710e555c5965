/**
 * The warehouse's migrations: 018_warehouse creates the tables schema.ts describes, 019 adds the
 * sandbox warehouse's plan marker. Released migrations are never edited; a change is a new one.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { historyTable, type Dialect } from '../../platform/db/index.ts';

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
