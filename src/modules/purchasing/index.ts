/** The purchasing queue of manual platforms (docs/decisions/018-manual-source.md). Only door. */
export { acceptedPriceTotalsMigration, purchasePriceReviewMigration, purchasingMigration, type PurchasingTables } from './schema.ts';
export { PURCHASE_TASK_STATES, purchaseTaskMachine, type PurchaseTaskState } from './machine.ts';
export { DEFAULT_PRICE_POLICY, toleranceFen, type PricePolicy } from './policy.ts';
export { queuePaidOrders } from './queue.ts';
export { cancelPurchase, recordPurchase, recordShipment, recordStockOut, type Operator, type TaskResult } from './act.ts';
export { purchaseQueue, purchaseTaskHistory, QUEUE_PAGE } from './read.ts';
export type { TaskView } from './repo.ts';
export {
  acceptPriceChange,
  expirePriceReviews,
  PRICE_REJECTED,
  readPriceChange,
  rejectPriceChange,
  type PriceChange,
} from './price-review.ts';
