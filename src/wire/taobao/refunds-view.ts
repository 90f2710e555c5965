/**
 * Taobao reverse-order shapes (reference aftersales-logistics.md A1.1, A1.2, C1.2). Amounts are
 * integer fen, as the upstream SDK annotates them (单位分); times in lists are `yyyy-MM-dd HH:mm:ss`
 * China time, `createTime` of a purchase-order line epoch ms as upstream sends it.
 */
import { z } from 'zod';
import type { RefundEventView, RefundKind, RefundQuote, RefundView } from '../../modules/aftersales/index.ts';
import { asOrderId, type OrderId } from '../../platform/ids.ts';
import { carrierCode } from '../common/orders.ts';
import { chinaTime } from '../common/time.ts';

/** Sub-order id = `<purchaseOrderId>-<orderLineNo>`, as the order callbacks publish `sub_purchase_order_id`. */
export const SubOrderIdParam = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,24}-[1-9]\d{0,2}$/)
  .transform((text) => {
    const [orderId, lineNo] = text.split('-') as [string, string];
    return { text, orderId: asOrderId(orderId), lineNo: Number(lineNo) };
  })
  .describe('sub-order id: `<purchaseOrderId>-<orderLineNo>` (the order detail’s `orderLineList[].subOrderId`)');

export const subOrderIdOf = (orderId: string, lineNo: number): string => `${orderId}-${lineNo}`;

export const REFUND_TYPES: Record<number, RefundKind> = { 1: 'refund', 2: 'return_refund' };
export const refundTypeOf = (kind: RefundKind): number => (kind === 'refund' ? 1 : 2);
export const RefundTypeParam = z.number().int().min(1).max(2).describe('1 refund only (仅退款), 2 return and refund (退货退款)');
export const GoodsStatusParam = z
  .number()
  .int()
  .min(1)
  .max(6)
  .describe('1 not shipped, 2 shipped, 3 not received, 4 received (return and refund: 4 only); 5, 6 are seller-side states');

/** `refundImages`: a comma-separated string of URLs (the documented form) or an array of them. */
export const RefundImagesParam = z
  .union([z.string().max(4000), z.array(z.string().trim().min(1).max(500)).max(9)])
  .transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v).filter((s) => s.length > 0))
  .pipe(z.array(z.string().max(500)).max(9))
  .describe('voucher image URLs: a comma-separated string (as documented) or an array, at most 9');

/** Couriers a buyer may return goods with: the sandbox's own (codes as order logistics shows them). */
export const RETURN_CARRIERS = ['顺丰速运', '圆通速递', '中通快递', '韵达快递', '申通快递', '极兔速递'].map((name) => ({
  logisticCompanyCode: carrierCode(name) ?? 'OTHER',
  logisticsCompanyName: name,
}));

export const fen = (what: string) => z.number().int().describe(`${what}, fen`);
export const feeTips = (maxFen: number) => `最多可退 ¥${(maxFen / 100).toFixed(2)} (${maxFen} 分)`;
const remaining = (r: RefundView, nowMs: number) => (r.timeoutAt === null ? null : String(Math.max(0, r.timeoutAt - nowMs)));

const RefundReason = z.object({ reasonDesc: z.string(), tips: z.string(), reasonId: z.string() });

const RenderRefundOrder = z.object({
  goodsStatus: z.number().int(),
  refundDesc: z.string(),
  refundStatus: z.string().describe('0 none yet, 10, 20, 30, 100, -10, -20 (a string, as the render schema has it)'),
  refundType: z.number().int(),
  timeoutDate: z.string().nullable().describe('when the current step times out, China time; null when no timer runs'),
  feeTips: z.string(),
  timeoutType: z.string().nullable().describe('SELLER_RESPOND, BUYER_MODIFY, BUYER_RETURN_SHIP or SELLER_RECEIVE'),
  refundId: z.string().nullable().describe('null while the sub-order has no open application'),
  payOrderId: z.string().describe('the purchase order id'),
  reasonId: z.string().nullable(),
  canEditFee: z.boolean(),
  sellerRefuseReasonDescribe: z.string().nullable(),
  remainingTime: z.string().nullable().describe('milliseconds until timeoutDate, as a string (the schema’s type)'),
  reasonDesc: z.string().nullable(),
  sellerRefuseReason: z.string().nullable(),
  refundFee: fen('applied amount (the maximum for a new application)'),
});

/** TA2 `RefundRenderVO`, exactly the documented members. */
export const RefundRenderVO = z.object({
  refundOrderTemplate: z.object({
    refundReasons: z.array(RefundReason),
    goodsStatusList: z.array(z.string()).describe('goods statuses allowed for this refundType in the order’s state'),
    refundOrder: RenderRefundOrder.describe('the open application (modify template), or a new one prefilled'),
    maxRefundFee: z.object({
      minRefundFee: fen('smallest refundFee'),
      feeTips: z.string(),
      refundFee: fen('largest refundFee'),
      canEditRefundFee: z.boolean().describe('false: refundFee must be the maximum'),
    }),
  }),
  distributorId: z.string().describe('the developer id'),
  currency: z.literal('CNY'),
  saleFlag: z.boolean().describe('whether after-sales is allowed for this sub-order now'),
});

export function renderView(
  quote: RefundQuote,
  q: { orderId: OrderId; refundType: number; goodsStatus: number },
  developerId: string,
  nowMs: number,
): z.input<typeof RefundRenderVO> {
  const open = quote.openRefund;
  const refundOrder: z.input<typeof RenderRefundOrder> = open
    ? { ...orderCore(open, nowMs), feeTips: feeTips(quote.maxFen), canEditFee: quote.canEditFee }
    : {
        goodsStatus: q.goodsStatus,
        refundDesc: '',
        refundStatus: '0',
        refundType: q.refundType,
        timeoutDate: null,
        feeTips: feeTips(quote.maxFen),
        timeoutType: null,
        refundId: null,
        payOrderId: q.orderId,
        reasonId: null,
        canEditFee: quote.canEditFee,
        sellerRefuseReasonDescribe: null,
        remainingTime: null,
        reasonDesc: null,
        sellerRefuseReason: null,
        refundFee: quote.maxFen,
      };
  return {
    refundOrderTemplate: {
      refundReasons: quote.reasons.map((r) => ({ reasonDesc: r.text.zh, tips: r.tips, reasonId: r.reasonId })),
      goodsStatusList: quote.goodsStatuses,
      refundOrder,
      maxRefundFee: {
        minRefundFee: quote.minFen,
        feeTips: feeTips(quote.maxFen),
        refundFee: quote.maxFen,
        canEditRefundFee: quote.canEditFee,
      },
    },
    distributorId: developerId,
    currency: 'CNY',
    saleFlag: quote.saleAllowed,
  };
}

/** The members both refundOrder shapes share, from the application. */
export function orderCore(r: RefundView, nowMs: number) {
  return {
    goodsStatus: Number(r.goodsStatus),
    refundDesc: r.description,
    refundStatus: r.status,
    refundType: refundTypeOf(r.kind),
    timeoutDate: r.timeoutAt === null ? null : chinaTime(r.timeoutAt),
    timeoutType: r.timeoutType,
    refundId: r.refundId,
    payOrderId: r.orderId,
    reasonId: r.reasonId,
    sellerRefuseReasonDescribe: r.refuseReason,
    remainingTime: remaining(r, nowMs),
    reasonDesc: r.reasonText,
    sellerRefuseReason: r.refuseReason,
    refundFee: r.applyFen,
  };
}

export const RefundSummary = z.object({
  refundId: z.string(),
  purchaseOrderId: z.string(),
  subOrderId: z.string(),
  refundStatus: z.number().int().describe('10, 20, 30, 100, -10, -20'),
  refundType: z.number().int(),
  goodsStatus: z.number().int(),
  refundFee: fen('applied amount'),
  refundedFee: fen('credited to the wallet so far'),
  reasonId: z.string(),
  reasonDesc: z.string(),
  refundDesc: z.string(),
  timeoutType: z.string().nullable(),
  timeoutDate: z.string().nullable().describe('China time'),
  remainingTime: z.string().nullable().describe('milliseconds, as a string'),
  currency: z.literal('CNY'),
  createTime: z.string().describe('China time'),
  modifyTime: z.string().describe('China time'),
});

export function summaryView(r: RefundView, nowMs: number): z.input<typeof RefundSummary> {
  return {
    refundId: r.refundId,
    purchaseOrderId: r.orderId,
    subOrderId: subOrderIdOf(r.orderId, r.lines[0]?.lineNo ?? 1),
    refundStatus: Number(r.status),
    refundType: refundTypeOf(r.kind),
    goodsStatus: Number(r.goodsStatus),
    refundFee: r.applyFen,
    refundedFee: r.refundedFen,
    reasonId: r.reasonId,
    reasonDesc: r.reasonText,
    refundDesc: r.description,
    timeoutType: r.timeoutType,
    timeoutDate: r.timeoutAt === null ? null : chinaTime(r.timeoutAt),
    remainingTime: remaining(r, nowMs),
    currency: 'CNY',
    createTime: chinaTime(r.createdAt),
    modifyTime: chinaTime(r.updatedAt),
  };
}

export const RefundMessage = z.object({
  role: z
    .enum(['buyer', 'seller', 'system', 'operator'])
    .describe('who wrote it or acted (operator = Ponte’s console acting as the seller)'),
  content: z.string(),
  images: z.array(z.string()),
  createTime: z.string().describe('China time'),
  action: z
    .string()
    .describe('Ponte extension: submit, modify, cancel, agree_refund, agree_return, ship_return, confirm_receipt, refuse, close, message'),
  fromStatus: z.number().int().nullable().describe('Ponte extension: refundStatus before (null on submit and messages)'),
  toStatus: z.number().int().describe('Ponte extension: refundStatus after'),
});

export function messageView(e: RefundEventView): z.input<typeof RefundMessage> {
  return {
    role: e.actor,
    content: e.note ?? '',
    images: e.images,
    createTime: chinaTime(e.at),
    action: e.action,
    fromStatus: e.fromState === null || e.action === 'message' ? null : Number(e.fromState),
    toStatus: Number(e.toState),
  };
}
