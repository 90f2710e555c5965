/**
 * What the Taobao reverse-order routes share: the caller's Taobao refund by id, the facts of its
 * sub-order for the detail view, and the wire names of the after-sales module's fields.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { getRefund, type RefundView } from '../../modules/aftersales/index.ts';
import { getOrder } from '../../modules/orders/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { FieldNames, RouteServices } from '../../platform/http/index.ts';
import { NumericId } from '../common/ids.ts';
import { baseUrl } from '../goods/common.ts';
import { type RefundDetail, detailView } from './refunds-detail-view.ts';

export const RefundIdParam = NumericId.describe('reverse-order id (16 digits), a string or a JSON number');
export const ByRefundId = z.object({ refundId: RefundIdParam });

export const TAGS = ['Taobao after-sales'];

/** The module's input names as TA7 / TA9 send them. */
export const REFUND_FIELDS: FieldNames = {
  applyFen: 'refundFee',
  reasonId: 'reasonId',
  goodsStatus: 'goodsStatus',
  kind: 'refundType',
  description: 'refundDesc',
  images: 'refundImages',
  'lines[].quantity': 'refundQuantity',
  quantity: 'refundQuantity',
  'lines[].lineNo': 'subOrderId',
  lines: 'subOrderId',
  orderId: 'subOrderId',
  address: 'receiverAddress',
  trackingNo: 'logisticsNo',
  companyCode: 'logisticsCompanyCode',
  buyerPhone: 'buyerPhone',
  text: 'refundMessage',
};

/** The caller's Taobao application: another developer's, a sibling sub-account's or a 1688 one answers 404. */
export async function ownedRefund(ctx: Ctx, refundId: string): Promise<{ ok: true; refund: RefundView } | Failure> {
  const found = await getRefund(ctx, refundId);
  if (!found.ok) return found;
  if (found.refund.platform !== 'taobao') return fail('NOT_FOUND', { what: `refund ${refundId}` });
  return found;
}

/** TA5 / TA10's answer for an application: its order line, seller and product read alongside. */
export async function refundDetail(
  ctx: Ctx,
  refund: RefundView,
  services: RouteServices,
  headers: IncomingHttpHeaders,
): Promise<{ ok: true; data: z.input<typeof RefundDetail> } | Failure> {
  const order = await getOrder(ctx, refund.orderId);
  if (!order.ok) return order;
  const line = order.order.lines.find((l) => l.lineNo === refund.lines[0]?.lineNo);
  const shop = services.source.shop('taobao', order.order.shopIndex);
  const product = line ? await services.source.findProduct(line.itemId) : null;
  const facts = { order: order.order, shop, product, base: baseUrl(headers, services.publicUrl) };
  return { ok: true, data: detailView(refund, facts, ctx.developerId, ctx.clock.nowMs()) };
}
