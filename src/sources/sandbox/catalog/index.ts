/**
 * The sandbox catalog: a deterministic, pure generator of Taobao- and 1688-like goods. Every
 * record is a function of (seed, index), so a million products can be streamed in O(1) memory
 * and two processes with the same seed serve the same catalog. This file is the only door.
 */
export {
  LANGS,
  type CategoryNode,
  type Lang,
  type Localized,
  type Platform,
  type ProductRecord,
  type Rgb,
  type ShopRecord,
  type SkuProperty,
  type SkuRecord,
} from './types.ts';
export { CATEGORIES, categoryById, categoryPath, childrenOf } from './categories.ts';
export { generateShop, shopCount } from './shops.ts';
export { generateProduct } from './products.ts';
export { MAX_SKUS } from './skus.ts';
