/**
 * The China warehouse (issue 13): inbound parcels (expected from shipped orders and W3
 * declarations, scanned, checked and photographed, stored with a daily fee), and outbound
 * international shipments (booked with W4 from a W2 quote, packed, weighed, settled against the
 * prepaid freight, dispatched and tracked). Design notes: docs/decisions/016-warehouse.md.
 */
export { warehouseMigration } from './migrations.ts';
export {
  PARCEL_STATES,
  SHIPMENT_STATES,
  UNMATCHED_STATES,
  parcelMachine,
  shipmentMachine,
  type ParcelState,
  type ParcelAction,
  type ShipmentState,
  type ShipmentAction,
  type UnmatchedState,
} from './machines.ts';
export {
  PARCEL_EVENT_TYPE,
  PARCEL_AGGREGATE,
  SHIPMENT_EVENT_TYPE,
  SHIPMENT_AGGREGATE,
  type ParcelEventPayload,
  type ShipmentEventPayload,
} from './events.ts';
export {
  StoragePolicy,
  ServicePrice,
  ServicePriceList,
  SERVICE_UNITS,
  DEFAULT_STORAGE_POLICY,
  DEFAULT_SERVICE_PRICES,
  storagePolicy,
  servicePrices,
  setStoragePolicy,
  setServicePrices,
  storageDates,
  type StorageDates,
} from './settings.ts';
export { warehouseDay, dayStartMs, daysStored } from './days.ts';
// Outbound shipments (W4 booking, operator steps, tracking, reads).
export { bookShipment, PACKAGING, type BookInput, type BookLine, type Booked, type Packaging } from './book.ts';
export { MAX_SHIPMENT_PARCELS } from './book-parcels.ts';
export { startPacking, dispatchShipment, cancelShipment, paySupplementary, type StepResult } from './shipment-steps.ts';
export { weighShipment, MAX_SHIPMENT_GRAMS, MAX_SHIPMENT_SIDE_CM, type WeighInput } from './weigh.ts';
export { trackShipment, TRACKING_STATUSES, type TrackingStatus, type TrackInput } from './tracking.ts';
export {
  getShipment,
  readShipment,
  pageShipments,
  SHIPMENT_PAGE,
  type ShipmentView,
  type PageShipmentsQuery,
} from './shipments-read.ts';
// Storage fees, the daily job and service prices (storage.ts, storage-job.ts, service-quote.ts).
export { settleUnpaidStorage, unpaidStorageFen } from './storage.ts';
export { runStorageDay, type StorageRunCounts, type StorageRunOptions } from './storage-job.ts';
export { expireUnmatchedScans } from './unmatched-expiry.ts';
export {
  quoteServices,
  priceServices,
  type ServiceRequest,
  type ServiceBasis,
  type ServiceLine,
  type ServiceQuote,
} from './service-quote.ts';
// Inbound parcels: declared (W3) or followed from shipped orders, scanned, checked, photographed, read.
export { declareParcels, MAX_DECLARED_TRACKING_NUMBERS, type DeclareInput, type DeclaredParcel, type DeclaredTracking } from './declare.ts';
export { expectOrderParcels } from './follow-orders.ts';
export {
  scanParcel,
  listUnmatched,
  TRACKING_NUMBER,
  TRACKING_RULE,
  type ParcelLine,
  type ScanResult,
  type UnmatchedScan,
} from './inbound.ts';
export { recordQc, invalidMeasurement, PROBLEM_KINDS, MAX_SIDE_CM, type ProblemKind, type QcInput } from './qc.ts';
export { flagProblem, resolveProblem, returnToSeller, linkProblemRefund } from './problem.ts';
export {
  storePhotos,
  requestExtraPhotos,
  addParcelPhotos,
  readWarehousePhoto,
  photosOf,
  PHOTO_ID,
  PHOTO_PATH_PREFIX,
  PHOTO_MAX_BYTES,
  PHOTO_MAX_PER_CALL,
  MAX_EXTRA_PHOTOS_PER_REQUEST,
  type PhotoKind,
  type PhotoMeta,
  type ExtraPhotoRequest,
} from './photos.ts';
export {
  getParcel,
  getParcelSystem,
  pageParcels,
  PARCEL_PAGE_MAX,
  type ParcelView,
  type ParcelSummary,
  type ParcelStorage,
  type ParcelHistoryEntry,
} from './parcels-read.ts';
// The sandbox warehouse on the sandbox clock (sandbox-run.ts, sandbox-shipments.ts, sandbox-floor.ts).
export { warehouseSandboxTick, DECLARED_ARRIVAL_MS } from './sandbox-run.ts';
export { SANDBOX_ACTOR, type WarehouseSource } from './sandbox-floor.ts';
export { PACK_AFTER_MS, WEIGH_AFTER_MS, DISPATCH_AFTER_MS } from './sandbox-shipments.ts';
export { warehouseSandboxPlanMigration } from './migrations.ts';
export { parcelsOfOrder } from './order-parcels.ts';
