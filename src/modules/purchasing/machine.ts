import { defineMachine } from '../../platform/machine.ts';

/*
 * A purchase task's lifecycle. QUEUED waits for an operator; a price paid above the tolerance
 * parks the task in PRICE_REVIEW and tells the developer, who accepts (the difference is charged,
 * the operator already bought) or rejects; the operator may still record a lower price or cancel
 * (the order is closed and refunded), and a review left too long is rejected by the system. A stock-out of some lines refunds them and leaves the task QUEUED; of
 * the last one, the order is closed by after-sales and the task ends STOCK_OUT.
 */
export const PURCHASE_TASK_STATES = ['QUEUED', 'PRICE_REVIEW', 'PURCHASED', 'SHIPPED', 'STOCK_OUT', 'CANCELLED'] as const;
export type PurchaseTaskState = (typeof PURCHASE_TASK_STATES)[number];

export const purchaseTaskMachine = defineMachine({
  name: 'purchase task',
  states: PURCHASE_TASK_STATES,
  initial: ['QUEUED'],
  terminal: ['SHIPPED', 'STOCK_OUT', 'CANCELLED'],
  refusal: 'PURCHASE_TASK_STATE_INVALID',
  transitions: {
    purchase: { from: ['QUEUED', 'PRICE_REVIEW'], to: 'PURCHASED' },
    review_price: { from: ['QUEUED', 'PRICE_REVIEW'], to: 'PRICE_REVIEW' },
    stock_out_line: { from: ['QUEUED'], to: 'QUEUED' },
    stock_out: { from: ['QUEUED'], to: 'STOCK_OUT' },
    ship: { from: ['PURCHASED'], to: 'SHIPPED' },
    cancel: { from: ['QUEUED', 'PRICE_REVIEW', 'PURCHASED'], to: 'CANCELLED' },
    // The developer's answer to the changed price (or the system's, once the review times out).
    accept_price: { from: ['PRICE_REVIEW'], to: 'PURCHASED' },
    reject_price: { from: ['PRICE_REVIEW'], to: 'CANCELLED' },
  },
});
export type PurchaseTaskAction = keyof typeof purchaseTaskMachine.transitions;
