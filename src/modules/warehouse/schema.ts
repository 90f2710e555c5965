/**
 * Warehouse tables (their DDL is migrations.ts: 018_warehouse and 019): inbound parcels and their history, scans that
 * matched nothing yet, QC and weighing photos, the storage fee per parcel and day (its primary
 * key is what makes the daily job charge a day once, on any number of nodes), outbound shipments
 * with their parcels, history and tracking, and the operator-edited settings (storage policy,
 * value-added service prices). Money is integer fen, times epoch ms, weights grams, sizes cm.
 */
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
