import { defineMachine, type Machine } from '../../platform/machine.ts';

/**
 * The two after-sales lifecycles, in the platforms' own status values (stored as they are in
 * `refunds.status`). Same action names on both, so the use cases are written once:
 *
 *   action          Taobao from → to         1688 from → to
 *   modify          10, -10 → 10             waitselleragree, waitbuyermodify → waitselleragree
 *   cancel          10, 20, -10 → -20        every non-terminal → refundclose
 *   agree_refund    10 → 100                 waitselleragree → refundsuccess
 *   agree_return    10 → 20                  waitselleragree → waitbuyersend
 *   ship_return     20 → 30                  waitbuyersend → waitsellerreceive
 *   confirm_receipt 30 → 100                 waitsellerreceive → refundsuccess
 *   refuse          10, 30 → -10             waitselleragree, waitsellerreceive → waitbuyermodify
 *   close (system)  10, 20, 30, -10 → -20    every non-terminal → refundclose
 *
 * A line with no application shows Taobao refundStatus 0: a line state, not a refund state.
 */
export const TAOBAO_REFUND_STATES = ['10', '20', '30', '100', '-10', '-20'] as const;
export const ALIBABA_REFUND_STATES = [
  'waitselleragree',
  'waitbuyermodify',
  'waitbuyersend',
  'waitsellerreceive',
  'refundsuccess',
  'refundclose',
] as const;

export const taobaoRefundMachine = defineMachine({
  name: 'taobao_refund',
  states: TAOBAO_REFUND_STATES,
  initial: ['10'],
  terminal: ['100', '-20'],
  refusal: 'REFUND_STATE_INVALID',
  transitions: {
    modify: { from: ['10', '-10'], to: '10' },
    cancel: { from: ['10', '20', '-10'], to: '-20' },
    agree_refund: { from: ['10'], to: '100' },
    agree_return: { from: ['10'], to: '20' },
    ship_return: { from: ['20'], to: '30' },
    confirm_receipt: { from: ['30'], to: '100' },
    refuse: { from: ['10', '30'], to: '-10' },
    close: { from: ['10', '20', '30', '-10'], to: '-20' },
  },
});

const ALIBABA_OPEN = ['waitselleragree', 'waitbuyermodify', 'waitbuyersend', 'waitsellerreceive'] as const;

export const alibabaRefundMachine = defineMachine({
  name: 'alibaba_refund',
  states: ALIBABA_REFUND_STATES,
  initial: ['waitselleragree'],
  terminal: ['refundsuccess', 'refundclose'],
  refusal: 'REFUND_STATE_INVALID',
  transitions: {
    modify: { from: ['waitselleragree', 'waitbuyermodify'], to: 'waitselleragree' },
    cancel: { from: ALIBABA_OPEN, to: 'refundclose' },
    agree_refund: { from: ['waitselleragree'], to: 'refundsuccess' },
    agree_return: { from: ['waitselleragree'], to: 'waitbuyersend' },
    ship_return: { from: ['waitbuyersend'], to: 'waitsellerreceive' },
    confirm_receipt: { from: ['waitsellerreceive'], to: 'refundsuccess' },
    refuse: { from: ['waitselleragree', 'waitsellerreceive'], to: 'waitbuyermodify' },
    close: { from: ALIBABA_OPEN, to: 'refundclose' },
  },
});

export type RefundPlatform = 'taobao' | '1688';
export type RefundAction = keyof typeof taobaoRefundMachine.transitions;
export type RefundActor = 'buyer' | 'seller' | 'system' | 'operator';
/**
 * Why the system closes an application: its timer ran out, the buyer confirmed receipt, the
 * seller shipped or could not deliver (`order`), or the order was closed (`order_closed`).
 */
export type CloseCause = 'timeout' | 'buyer_received' | 'order' | 'order_closed';

export function machineOf(platform: RefundPlatform): Machine<string, RefundAction> {
  return (platform === 'taobao' ? taobaoRefundMachine : alibabaRefundMachine) as Machine<string, RefundAction>;
}

export function isTerminal(platform: RefundPlatform, state: string): boolean {
  return (machineOf(platform).terminal as readonly string[]).includes(state);
}

/** The state a successful refund ends in, per platform. */
export const SUCCESS_STATE: Record<RefundPlatform, string> = { taobao: '100', '1688': 'refundsuccess' };
export const INITIAL_STATE: Record<RefundPlatform, string> = { taobao: '10', '1688': 'waitselleragree' };

/**
 * The 1688 `refundAction` of an event (the operation list and the callbacks show it; Taobao
 * events carry it too). An operator acts as the seller; the system has its own words where 1688
 * has them. SYSTEM_APPLY_REFUND (the system opens a stock-out refund) is ours [DESIGN].
 */
export function refundActionOf(
  action: RefundAction | 'submit' | 'message',
  actor: RefundActor,
  context: { fromState?: string | null; cause?: CloseCause } = {},
): string {
  const system = actor === 'system';
  switch (action) {
    case 'submit':
      return system ? 'SYSTEM_APPLY_REFUND' : 'BUYER_APPLY_REFUND';
    case 'modify':
      return 'BUYER_MODIFY_REFUND_PROTOCOL';
    case 'cancel':
      return 'BUYER_CANCEL_REFUND_CLOSE';
    case 'ship_return':
      return 'BUYER_SEND_GOODS';
    case 'message':
      return actor === 'buyer' ? 'BUYER_UPLOAD_BILL' : 'SELLER_UPLOAD_BILL';
    case 'agree_refund':
      return system ? 'SYSTEM_AGREE_REFUND' : 'SELLER_AGREE_REFUND';
    case 'agree_return':
      return system ? 'SYSTEM_AGREE_REFUND_PROTOCOL' : 'SELLER_AGREE_REFUND_PROCOTOL';
    case 'refuse':
      return context.fromState === '10' || context.fromState === 'waitselleragree'
        ? 'SELLER_REJECT_REFUND_PROCOTOL'
        : 'SELLER_REJECT_REFUND';
    case 'confirm_receipt':
      return system ? 'SYSTEM_AGREE_REFUND' : 'SELLER_RECEIVE_GOODS';
    case 'close':
      // A closed order has no 1688 word of its own: the system's close (CRM_APPLY_TIMEOUT_CLOSE) [DESIGN].
      return context.cause === 'buyer_received'
        ? 'BUYER_RECEIVE_CLOSE'
        : context.cause === 'order'
          ? 'SELLER_SEND_GOODS_CLOSE'
          : 'CRM_APPLY_TIMEOUT_CLOSE';
  }
}
