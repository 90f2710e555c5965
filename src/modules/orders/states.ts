import { defineMachine } from '../../platform/machine.ts';

/**
 * The purchase order's lifecycle, platform-neutral (the Taobao and 1688 status codes for it are
 * wire formats: wire/common/order-status.ts).
 *
 *   created ──submit──▶ waiting_payment ──pay──▶ paid ──ship──▶ shipped ──arrive──▶ arrived_warehouse ──complete──▶ completed
 *      │                  │  ▲ modify_price (seller changes the price: a fact, not a state)
 *      │                  │       paid ▲ accept_price (the developer accepts a manual purchase's higher price)
 *      └──cancel (buyer)──┴──┴──▶ cancelled
 *   created | waiting_payment | paid ──close (seller/system)──▶ closed   (a paid order is refunded)
 *   paid | shipped | arrived_warehouse ──refund_close (after-sales refunded every line)──▶ closed
 *
 * Orders are inserted directly in waiting_payment (the sandbox confirms instantly); `created` is
 * there for sources whose creation is asynchronous (Taobao's BULIDING).
 */
export const ORDER_STATES = [
  'created',
  'waiting_payment',
  'paid',
  'shipped',
  'arrived_warehouse',
  'completed',
  'cancelled',
  'closed',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export type Platform = 'taobao' | '1688';

export const orderMachine = defineMachine({
  name: 'purchase_order',
  states: ORDER_STATES,
  initial: ['created', 'waiting_payment'],
  terminal: ['completed', 'cancelled', 'closed'],
  refusal: 'ORDER_STATE_INVALID',
  transitions: {
    submit: { from: ['created'], to: 'waiting_payment' },
    modify_price: { from: ['waiting_payment'], to: 'waiting_payment' },
    accept_price: { from: ['paid'], to: 'paid' },
    pay: { from: ['waiting_payment'], to: 'paid' },
    ship: { from: ['paid'], to: 'shipped' },
    arrive: { from: ['shipped'], to: 'arrived_warehouse' },
    complete: { from: ['arrived_warehouse'], to: 'completed' },
    cancel: { from: ['created', 'waiting_payment'], to: 'cancelled' },
    close: { from: ['created', 'waiting_payment', 'paid'], to: 'closed' },
    refund_close: { from: ['paid', 'shipped', 'arrived_warehouse'], to: 'closed' },
  },
});
export type OrderAction = keyof typeof orderMachine.transitions;
