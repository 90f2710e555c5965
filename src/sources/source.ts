import type { CategoryNode, Lang, Platform, ProductRecord, ShopRecord } from './sandbox/catalog/index.ts';
import type { SellerAction, TrackingStatus } from './sandbox/sellers/plan.ts';
import type { RefundCase, RefundResponse, ReturnAddress } from './sandbox/sellers/refund-plan.ts';
import type { SellerSettings } from './sandbox/sellers/settings.ts';
import type { Measure } from './sandbox/warehouse/measure.ts';
import type { TrackingStep } from './sandbox/warehouse/tracking.ts';

export type {
  CategoryNode,
  Lang,
  Platform,
  Measure,
  RefundCase,
  RefundResponse,
  ReturnAddress,
  SellerAction,
  ShopRecord,
  TrackingStatus,
  TrackingStep,
};

/**
 * A product as every source describes it: the catalog record plus its two opaque wire ids.
 * `imageUrls` is set on imported products (URLs or operator file paths) instead of generated pictures.
 */
export type SourceProduct = ProductRecord & { itemId: string; mapId: string; imageUrls?: string[] };

export type ProductSort = 'relevance' | 'price_asc' | 'price_desc' | 'sales_desc';

export interface ProductQuery {
  platform: Platform;
  text?: string;
  /** Titles in this language rank first on relevance; zh by default. */
  language?: Lang;
  /** A leaf, or a parent standing for all leaves below it. */
  categoryId?: number;
  priceStartFen?: number;
  priceEndFen?: number;
  /** Only this shop's (Taobao) or supplier's (1688) products. */
  shopIndex?: number;
  /** Only the curated subsets: 1688 strictly selected (jxhy) or global selection. */
  flag?: 'strictlySelected' | 'globalSelection';
  /** Leave these products out (e.g. the product a recommendation is related to). */
  excludeIndexes?: number[];
  /** Only products from this catalog index up: a manual platform's imported ones (IMPORT_INDEX_BASE). */
  minIndex?: number;
  sort?: ProductSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface ProductPage {
  total: number;
  rows: SourceProduct[];
}

/**
 * The seam to a marketplace. The domain asks a Source for goods; the sandbox implements it with
 * its generated catalog, official adapters will implement it against Taobao/1688. What ordering
 * needs (shops, sellers, the sellers' plans) is here, and so is what after-sales needs of the
 * seller (its answers to refund applications, its return address).
 */
export interface Source {
  readonly name: string;
  /** By v2 opaque id (itemId/offerId or itemMapId/offerMapId) or v1 numeric id. */
  findProduct(ref: string): Promise<SourceProduct | null>;
  searchProducts(query: ProductQuery): Promise<ProductPage>;
  shop(platform: Platform, shopIndex: number): ShopRecord | null;
  findSeller(sellerOpenId: string): Promise<ShopRecord | null>;
  category(id: number): CategoryNode | null;
  categoryChildren(id: number | null): CategoryNode[];
  categoryPath(id: number, language: Lang): string;
  /**
   * Products whose images are nearest to the query descriptor, best first, this platform only;
   * with minIndex, only products from that catalog index up (a manual platform's imported ones).
   */
  searchByImage(descriptor: Float32Array, platform: Platform, limit: number, minIndex?: number): Promise<SourceProduct[]>;
  /** Loads descriptors stored since the last call (after generation or import). */
  refreshImageIndex(): Promise<{ vectors: number; products: number }>;
  /*
   * The platform rides along so a deployment can mix sources per platform (PONTE_SOURCE_*): a
   * manual platform's seller is an operator, and plans nothing.
   */
  /** The simulated sellers' behaviour rates, editable at run time (a source without simulated sellers has none). */
  sellerSettings?: SellerSettings;
  /** What the seller does with a new, unpaid order (offsets from its creation). */
  planBeforePayment(order: { orderId: string; platform: Platform; totalAmountFen: number }): SellerAction[];
  /** What the seller does once the order is paid (offsets from the payment). */
  planAfterPayment(order: { orderId: string; platform: Platform }): SellerAction[];
  /** What the seller does with a refund in its current state (offset from entering it); null when nothing is the seller's to do. */
  planRefundResponse(refund: RefundCase & { platform: Platform }): RefundResponse | null;
  /** Where the shop takes returned goods; null for an unknown shop. */
  returnAddress(platform: Platform, shopIndex: number): ReturnAddress | null;
  /*
   * The warehouse floor (C2.2), where a marketplace's own world ends: what the scale, the camera and
   * the international carrier give for a parcel or a shipment. The sandbox makes them up,
   * deterministic from the ids; a real source answers null: operators do it through the admin routes.
   */
  /** The inbound parcel on the scale and under the tape: its lines' goods, packed. */
  measureParcel(parcel: { parcelId: string; lines: { itemId: string; quantity: number }[] }): Promise<Measure | null>;
  /** `count` pictures of the parcel on the scale (JPEG); each series (the QC's, each paid request's) shows other pictures. */
  qcPhotos(parcel: {
    parcelId: string;
    trackingNumber: string;
    weightGrams: number;
    count: number;
    series: string;
  }): Promise<Buffer[] | null>;
  /** The consolidated shipment, repacked from its parcels. */
  weighShipment(shipment: { shipmentId: string }, parcels: Measure[]): Measure | null;
  /** What the international carrier will report after dispatch (offsets from the dispatch). */
  trackingPlan(shipment: { shipmentId: string; country: string; transitDays: readonly [number, number] }): TrackingStep[] | null;
  /** The carrier and tracking number the dispatched shipment travels under. */
  internationalTracking(shipment: { shipmentId: string; companyName: string }): { carrier: string; trackingNumber: string } | null;
}
