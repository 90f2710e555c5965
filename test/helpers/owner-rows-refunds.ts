import assert from 'node:assert/strict';
import type { CreatedDeveloper } from '../../src/modules/accounts/index.ts';
import { sellerAgree } from '../../src/modules/aftersales/index.ts';
import { markArrived, markShipped } from '../../src/modules/orders/index.ts';
import { asOrderId } from '../../src/platform/ids.ts';
import type { Harness } from './harness.ts';
import { ok, type Params } from './owned-ids.ts';

/** The return address a seller publishes in the test rows. */
export const RETURN_ADDRESS = { receiver: '退货仓 王五', phone: '13900139000', detailAddress: '浙江省杭州市余杭区文一西路 1 号 退货组' };

interface PaidOrders {
  taobaoPaid(): Promise<string>;
  alibabaPaidOrder(): Promise<{ orderId: string; entryIds: string[]; itemFen: number }>;
}

/** The owner's refund applications, made through the API on fresh paid orders. */
export function refundRows(h: Harness, owner: CreatedDeveloper, { taobaoPaid, alibabaPaidOrder }: PaidOrders) {
  /** Render, then the body TA7 takes: the first reason offered and the maximum amount. */
  const application = async (subOrderId: string, refundType: number, goodsStatus: number): Promise<Params> => {
    const rendered = await h.call(owner, 'POST', '/v2/taobao/order/refund/render', { subOrderId, refundType, goodsStatus });
    ok(rendered, 'taobao refund render');
    const template = rendered.data.refundOrderTemplate;
    const reasonId = template.refundReasons[0]?.reasonId;
    assert.ok(reasonId, `no reason for refundType ${refundType} goodsStatus ${goodsStatus}`);
    return { subOrderId, refundType, goodsStatus, reasonId, refundFee: template.maxRefundFee.refundFee };
  };
  const taobaoRefund = async (stage: 'applied' | 'return_agreed') => {
    const orderId = await taobaoPaid();
    if (stage === 'return_agreed') {
      ok(await markShipped(h.ctx, asOrderId(orderId), { carrier: '顺丰速运', trackingNumber: `SF${orderId.slice(-10)}` }), 'shipped');
      ok(await markArrived(h.ctx, asOrderId(orderId)), 'arrived');
    }
    const body = await application(`${orderId}-1`, stage === 'applied' ? 1 : 2, stage === 'applied' ? 1 : 4);
    const made = await h.call(owner, 'POST', '/v2/taobao/order/refund/submit', body);
    ok(made, 'taobao refund submit');
    const refundId = String(made.data.refundId);
    if (stage === 'return_agreed')
      ok(await sellerAgree(h.ctx, refundId, { actor: 'seller', address: RETURN_ADDRESS }), 'seller agrees a return');
    return { refundId, application: body };
  };
  const alibabaRefund = async () => {
    const { orderId, entryIds, itemFen } = await alibabaPaidOrder();
    const listed = await h.call(owner, 'POST', '/alibaba/refund/reason/list', {
      orderId,
      orderEntryIds: entryIds,
      goodsStatus: 'refundWaitSellerSend',
    });
    ok(listed, '1688 refund reasons');
    const reason = listed.data.reasons.find((r: { needVoucher: boolean }) => !r.needVoucher);
    assert.ok(reason, 'a reason without a voucher for an unshipped order');
    const body = {
      orderId,
      orderEntryIds: entryIds,
      disputeRequest: 'refund',
      applyPayment: itemFen,
      applyCarriage: 0,
      applyReasonId: reason.id,
      description: 'ordered by mistake',
      goodsStatus: 'refundWaitSellerSend',
    };
    const made = await h.call(owner, 'POST', '/alibaba/refund/detail/create', body);
    ok(made, '1688 refund');
    return { refundId: String(made.data.refundId), body };
  };
  return {
    taobaoSubOrder: async () => `${await taobaoPaid()}-1`,
    taobaoRefundApplication: async () => application(`${await taobaoPaid()}-1`, 1, 1),
    taobaoRefund,
    alibabaRefund,
  };
}
