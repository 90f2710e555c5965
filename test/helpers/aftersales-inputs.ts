/** Inputs and result checks the after-sales domain tests share. */
import assert from 'node:assert/strict';
import type { RefundPlatform, SubmitRefundInput } from '../../src/modules/aftersales/index.ts';
import type { OrderDetail } from '../../src/modules/orders/index.ts';
import type { Failure } from '../../src/platform/errors.ts';

export const RETURN_TO = { receiver: '退货仓', phone: '0571-88888888', detailAddress: '浙江省杭州市余杭区退货路 1 号' };

export function ok<T extends { ok: boolean }>(result: T | Failure): T & { ok: true } {
  assert.equal(result.ok, true, JSON.stringify(result));
  return result as T & { ok: true };
}

export function refused(result: { ok: boolean } | Failure, error: string, params?: Record<string, string | number>): void {
  assert.equal(result.ok, false, `expected ${error}, got ${JSON.stringify(result)}`);
  const failure = result as Failure;
  assert.equal(failure.error, error, JSON.stringify(failure));
  if (params) assert.deepEqual(failure.params, params);
}

/** Submit input: Taobao goods 1 refund of what is left of the lines, 1688 refundWaitSellerSend refund, unless told. */
export function submitOf(platform: RefundPlatform, order: OrderDetail, extra: Partial<SubmitRefundInput> = {}): SubmitRefundInput {
  const lineNos = extra.lines?.map((l) => l.lineNo) ?? [1];
  const left = order.lines.filter((l) => lineNos.includes(l.lineNo)).reduce((s, l) => s + l.paidFen - l.refundedFen, 0);
  return {
    platform,
    orderId: order.orderId,
    lines: [{ lineNo: 1 }],
    kind: 'refund',
    goodsStatus: platform === 'taobao' ? '1' : 'refundWaitSellerSend',
    reasonId: platform === 'taobao' ? '402652' : '20028',
    applyFen: left,
    description: 'ordered twice',
    images: [],
    ...extra,
  };
}

/** A return and refund of received goods (order arrived at the warehouse). */
export function returnOf(platform: RefundPlatform, order: OrderDetail, extra: Partial<SubmitRefundInput> = {}): SubmitRefundInput {
  return submitOf(platform, order, {
    kind: 'return_refund',
    goodsStatus: platform === 'taobao' ? '4' : 'refundBuyerReceived',
    reasonId: platform === 'taobao' ? '402641' : '20034',
    ...extra,
  });
}
