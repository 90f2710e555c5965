/** The cart module's only door: carts of both marketplaces, owned per developer and user. */
export { cartMigration } from './schema.ts';
export { removeFromCart } from './lines.ts';
export { orderCartLines, type OrderCartInput } from './order.ts';
export { addToCart, editQuantity } from './write.ts';
export { listCart, previewCart, groupBySeller, type CartEntry, type CartPreview, type SellerGroup } from './read.ts';
export type { LineReason } from './pricing.ts';
