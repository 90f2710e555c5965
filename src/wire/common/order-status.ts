import { ORDER_STATES, type OrderState } from '../../modules/orders/index.ts';

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
