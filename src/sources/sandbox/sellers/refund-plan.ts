/**
 * What a simulated seller does with a refund application, decided deterministically from the
 * catalog seed and (refund id, state, version): the same application in the same state gets the
 * same answer on every run, and a modified application (a new version) is judged afresh.
 * While the application awaits the seller, most sellers agree (refund only: they refund; return and
 * refund: they publish the shop's return address), some refuse with a reason and some never answer,
 * so the seller-response timer decides. Once the buyer has shipped the return parcel, it "arrives"
 * after a delay and the seller confirms receipt and refunds, or rarely refuses after inspection.
 * Delays are business time (the sandbox clock), counted from when the application entered its state.
 */
import type { ShopRecord } from '../catalog/index.ts';
import { chance, DEFAULT_BEHAVIOUR, type SellerBehaviour } from './plan.ts';

export type RefundResponse =
  /** Refund only: refund; return and refund: agree the return with the shop's return address. */
  | { kind: 'agree'; afterMs: number; note: string }
  | { kind: 'refuse'; afterMs: number; reason: string }
  /** The return parcel arrived: confirm receipt and refund. */
  | { kind: 'confirm_receipt'; afterMs: number }
  /** The seller does not answer; the state's timer acts when it runs out. */
  | { kind: 'ignore' };

export interface RefundCase {
  refundId: string;
  /** The platform's wire status: Taobao '10' '30' …, 1688 'waitselleragree' 'waitsellerreceive' …. */
  status: string;
  version: number;
  kind: 'refund' | 'return_refund';
}

export interface ReturnAddress {
  receiver: string;
  phone: string;
  detailAddress: string;
}

/** States in which the seller's move is awaited: the application, then the returned parcel. */
export const AWAITING_SELLER = ['10', 'waitselleragree'] as const;
export const AWAITING_RECEIPT = ['30', 'waitsellerreceive'] as const;
export const SELLER_STATES: readonly string[] = [...AWAITING_SELLER, ...AWAITING_RECEIPT];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const REFUSE_REASONS = [
  '商品已发出，请收货后再申请 / Already shipped: apply after receiving the goods',
  '退款金额与实际不符，请修改 / The amount does not match: please modify it',
  '请上传商品问题照片 / Please upload photos of the problem',
] as const;
export const INSPECTION_REASONS = [
  '退回商品已使用，影响二次销售 / The returned item was used',
  '退回商品缺少配件 / The returned parcel is missing parts',
] as const;

/** A delay in [min, max) minutes, from its own stream. */
function delay(draw: (purpose: string) => number, purpose: string, minMinutes: number, maxMinutes: number): number {
  return Math.round((minMinutes + draw(purpose) * (maxMinutes - minMinutes)) * MINUTE);
}

function pick<T>(draw: (purpose: string) => number, purpose: string, list: readonly T[]): T {
  return list[Math.floor(draw(purpose) * list.length)]!;
}

/** The seller's response to a refund in its current state; null for a state that awaits nobody on the seller's side. */
export function planRefundResponse(
  seed: number,
  refund: RefundCase,
  behaviour: SellerBehaviour = DEFAULT_BEHAVIOUR,
): RefundResponse | null {
  const draw = (purpose: string) => chance(seed, `${refund.refundId}:${refund.status}:${refund.version}`, purpose);
  if ((AWAITING_SELLER as readonly string[]).includes(refund.status)) {
    const roll = draw('answer');
    if (roll < behaviour.refundAgreeRate) {
      const note = refund.kind === 'refund' ? '同意退款 / Refund agreed' : '同意退货，请按地址寄回 / Return agreed: ship it to the address';
      // Agreeing sellers answer within 10–90 minutes, before the sandbox ships anything (2 h at the
      // earliest), so a refund applied for right after payment is agreed on an unshipped order.
      return { kind: 'agree', afterMs: delay(draw, 'agree-delay', 10, 90), note };
    }
    if (roll < behaviour.refundAgreeRate + behaviour.refundRefuseRate)
      return { kind: 'refuse', afterMs: delay(draw, 'refuse-delay', 60, 12 * 60), reason: pick(draw, 'refuse-reason', REFUSE_REASONS) };
    return { kind: 'ignore' };
  }
  if ((AWAITING_RECEIPT as readonly string[]).includes(refund.status)) {
    // The parcel travels back for half a day to a day and a half before the seller opens it.
    const arrives = delay(draw, 'parcel-delay', 12 * 60, 36 * 60);
    if (draw('inspection') < behaviour.receiptRefuseRate)
      return { kind: 'refuse', afterMs: arrives + HOUR, reason: pick(draw, 'inspection-reason', INSPECTION_REASONS) };
    return { kind: 'confirm_receipt', afterMs: arrives + HOUR };
  }
  return null;
}

/** The shop's return address, derived from the shop record: the same shop always answers the same address. */
export function shopReturnAddress(shop: ShopRecord): ReturnAddress {
  const digits = shop.shopId.replace(/\D/g, '').padStart(8, '0').slice(-8);
  const street = 1 + (Number(digits.slice(-3)) % 999);
  return {
    receiver: `${shop.shopName} 售后`,
    phone: `1${3 + (Number(digits[0]) % 7)}${digits.slice(0, 1)}${digits}`,
    detailAddress: `${shop.province}${shop.city}${shop.city.endsWith('区') ? '' : '经济开发区'}创业路 ${street} 号 售后仓`,
  };
}
