import { defineMachine } from '../../platform/states.ts';

/**
 * The purchase order's lifecycle, platform-neutral, and its mapping to the two wire enums.
 *
 *   created ──submit──▶ waiting_payment ──pay──▶ paid ──ship──▶ shipped ──arrive──▶ arrived_warehouse ──complete──▶ completed
 *      │                  │  ▲ modify_price (seller changes the price: a fact, not a state)
 *      └──cancel (buyer)──┴──┴──▶ cancelled
 *   created | waiting_payment | paid ──close (seller/system)──▶ closed   (a paid order is refunded)
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
  transitions: {
    submit: { from: ['created'], to: 'waiting_payment' },
    modify_price: { from: ['waiting_payment'], to: 'waiting_payment' },
    pay: { from: ['waiting_payment'], to: 'paid' },
    ship: { from: ['paid'], to: 'shipped' },
    arrive: { from: ['shipped'], to: 'arrived_warehouse' },
    complete: { from: ['arrived_warehouse'], to: 'completed' },
    cancel: { from: ['created', 'waiting_payment'], to: 'cancelled' },
    close: { from: ['created', 'waiting_payment', 'paid'], to: 'closed' },
  },
});
export type OrderAction = keyof typeof orderMachine.transitions;

/**
 * Taobao's integer status (reference §9, TaoBaoOrderStatusEnum) with the upstream raw value.
 * Taobao has no "finished" code in the enum we know: completed maps to 9 OTHER_STATUS.
 * 1 (ORDER_PAY_STATUS), 2/3/5 (finance steps) are not used: Ponte pays from the wallet at once.
 */
export const TAOBAO_STATUS: Readonly<Record<OrderState, { code: number; upstream: string }>> = {
  created: { code: 12, upstream: 'BULIDING' },
  waiting_payment: { code: 0, upstream: 'WAIT_BUYER_PAY' },
  paid: { code: 10, upstream: 'WAIT_SELLER_SEND_GOODS' },
  shipped: { code: 11, upstream: 'WAIT_BUYER_CONFIRM_GOODS' },
  arrived_warehouse: { code: 11, upstream: 'WAIT_BUYER_CONFIRM_GOODS' },
  completed: { code: 9, upstream: 'TRADE_FINISHED' },
  cancelled: { code: 4, upstream: 'TRADE_CLOSED' },
  closed: { code: 4, upstream: 'TRADE_CLOSED' },
};

/** 1688 trade status strings (reference §9). */
export const ALIBABA_STATUS: Readonly<Record<OrderState, string>> = {
  created: 'waitbuyerpay',
  waiting_payment: 'waitbuyerpay',
  paid: 'waitsellersend',
  shipped: 'waitbuyerreceive',
  arrived_warehouse: 'confirm_goods',
  completed: 'success',
  cancelled: 'cancel',
  closed: 'terminated',
};

export function taobaoStatusOf(state: OrderState): number {
  return TAOBAO_STATUS[state].code;
}

export function alibabaStatusOf(state: OrderState): string {
  return ALIBABA_STATUS[state];
}

/** The states a wire status filter means (a Taobao code or a 1688 string may cover several). */
export function statesForTaobaoCode(code: number): OrderState[] {
  return ORDER_STATES.filter((s) => TAOBAO_STATUS[s].code === code);
}

export function statesForAlibabaStatus(status: string): OrderState[] {
  return ORDER_STATES.filter((s) => ALIBABA_STATUS[s] === status);
}
