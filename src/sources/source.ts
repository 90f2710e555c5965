import type { CategoryNode, Lang, Platform, ProductRecord, ShopRecord } from './sandbox/catalog/index.ts';
import type { SellerAction, TrackingStatus } from './sandbox/sellers/plan.ts';
import type { RefundCase, RefundResponse, ReturnAddress } from './sandbox/sellers/refund-plan.ts';

export type { CategoryNode, Lang, Platform, RefundCase, RefundResponse, ReturnAddress, SellerAction, ShopRecord, TrackingStatus };

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
  /** Products whose images are nearest to the query descriptor, best first, this platform only. */
  searchByImage(descriptor: Float32Array, platform: Platform, limit: number): Promise<SourceProduct[]>;
  /** Loads descriptors stored since the last call (after generation or import). */
  refreshImageIndex(): Promise<{ vectors: number; products: number }>;
  /** What the seller does with a new, unpaid order (offsets from its creation). */
  planBeforePayment(order: { orderId: string; totalAmountFen: number }): SellerAction[];
  /** What the seller does once the order is paid (offsets from the payment). */
  planAfterPayment(order: { orderId: string }): SellerAction[];
  /** What the seller does with a refund in its current state (offset from entering it); null when nothing is the seller's to do. */
  planRefundResponse(refund: RefundCase): RefundResponse | null;
  /** Where the shop takes returned goods; null for an unknown shop. */
  returnAddress(platform: Platform, shopIndex: number): ReturnAddress | null;
}
