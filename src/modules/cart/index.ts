/** The cart module's only door: carts of both marketplaces, owned per developer and user. */
export { cartMigration, type CartTables, type CartLineTable } from './schema.ts';
export { removeFromCart, MAX_CART_LINES, type CartLine } from './lines.ts';
export { orderCartLines, type OrderCartInput } from './order.ts';
export { addToCart, editQuantity, checkQuantity, type AddToCartInput, type AddToCartResult } from './write.ts';
export {
  listCart,
  previewCart,
  groupBySeller,
  type CartEntry,
  type CartListing,
  type CartPreview,
  type PreviewGroup,
  type PricedEntry,
  type SellerGroup,
} from './read.ts';
export {
  sellerShippingFen,
  unitPriceFen,
  lineAmountFen,
  lineReasons,
  findSku,
  LINE_REASONS,
  type LineReason,
  type CartSku,
} from './pricing.ts';
