/**
 * The 1688 refund as AR1 answers it: a subset of alibaba.trade.refund.OpQueryOrderRefund's
 * `opOrderRefundModelDetail` [UPSTREAM], amounts in FEN, times as `20180423171116000+0800`
 * (China time, milliseconds, as 1688 writes them), and its operation list built from the refund's
 * events (newest first, as upstream's sample lists them).
 */
import { z } from 'zod';
import type { OrderDetail } from '../../modules/orders/index.ts';
import type { RefundEventView, RefundView } from '../../modules/aftersales/index.ts';
import { companyByNo, type LogisticsCompany } from './refunds-companies.ts';
import { disputeRequestOf } from './refunds-input.ts';
import { entryIdOf } from './orders-view.ts';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 1688's refund time format: yyyyMMddHHmmssSSS in China time, then +0800. */
export function gmtOf(ms: number): string {
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 23).replace(/\D/g, '')}+0800`;
}
const gmt = (ms: number | null) => (ms === null ? null : gmtOf(ms));

export const LogisticsCompanySchema = z.object({
  id: z.string(),
  companyName: z.string(),
  companyNo: z.string().describe('the code AR5 takes as logisticsCompanyNo'),
  companyPhone: z.string(),
  supportPrint: z.boolean(),
  spelling: z.string(),
});

/**
 * operateTypeInt per event: 1, 8, 10 and 19 are the values of upstream's sample trail [UPSTREAM];
 * the others are Ponte's [DESIGN], one per remaining action.
 */
const OPERATIONS: Record<string, { type: number; text: string }> = {
  submit: { type: 1, text: '买家申请退款协议，等待卖家确认' },
  modify: { type: 2, text: '买家修改退款协议，等待卖家确认' },
  refuse: { type: 4, text: '卖家拒绝协议，等待买家修改' },
  cancel: { type: 5, text: '买家撤销退款申请，退款关闭' },
  close: { type: 6, text: '退款关闭' },
  message: { type: 7, text: '留言' },
  agree_refund: { type: 8, text: '退款成功' },
  confirm_receipt: { type: 8, text: '退款成功' },
  ship_return: { type: 10, text: '买家退货，等待卖家确认收货' },
  agree_return: { type: 19, text: '确认收货地址' },
};

const ROLE_IDS = { buyer: 1, seller: 2, system: 3, operator: 3 } as const;

export const RefundOperation = z.object({
  beforeOperateStatus: z.string().nullable().describe('status before the step (null for the application itself)'),
  afterOperateStatus: z.string(),
  operateTypeInt: z
    .number()
    .int()
    .describe('1 apply, 2 modify, 4 refuse, 5 cancel, 6 close, 7 message, 8 refunded, 10 goods returned, 19 return address confirmed'),
  operateRemark: z.string(),
  operatorRoleId: z.number().int().describe('1 buyer, 2 seller, 3 system or operator'),
  refundAction: z.string().describe('Ponte extension: the step in the 1688 refundAction vocabulary (as the callbacks carry it)'),
  vouchers: z.array(z.string()),
  freightBill: z.string().nullable(),
  logisticsCompany: LogisticsCompanySchema.nullable(),
  refundAddress: z.string().nullable(),
  gmtCreate: z.string(),
});

/** What the list (and the detail) says of an application without reading its order. */
export const RefundSummary = z.object({
  refundId: z.string(),
  orderId: z.string(),
  orderEntryIdList: z.array(z.string()),
  orderEntryCountMap: z.record(z.string(), z.number().int()).describe('pieces per order entry'),
  status: z.string().describe('waitselleragree, waitbuyermodify, waitbuyersend, waitsellerreceive, refundsuccess, refundclose'),
  disputeRequest: z.string().describe('"refund" or "returnRefund" as AR4 takes it (upstream sends an int here)'),
  goodsStatus: z.string().describe('as AR4 takes it (upstream sends an int here)'),
  applyPayment: z.number().int().describe('FEN'),
  applyCarriage: z.number().int().describe('FEN'),
  refundPayment: z.number().int().describe('goods amount refunded, FEN (0 until refundsuccess)'),
  refundCarriage: z.number().int().describe('freight refunded, FEN'),
  applyReason: z.string(),
  applyReasonId: z.string(),
  rejectReason: z.string().nullable(),
  rejectTimes: z.number().int(),
  freightBill: z.string().nullable().describe("the buyer's return waybill (AR5)"),
  buyerLogisticsName: z.string().nullable(),
  gmtApply: z.string(),
  gmtCreate: z.string(),
  gmtModified: z.string(),
  gmtCompleted: z.string().nullable(),
});
export type RefundSummary = z.input<typeof RefundSummary>;

export const RefundDetail = RefundSummary.extend({
  productName: z.string(),
  canRefundPayment: z.number().int().describe('the most these entries may still be refunded now, FEN'),
  description: z.string().describe("Ponte extension: the buyer's description"),
  vouchers: z.array(z.string()).describe("Ponte extension: the application's vouchers"),
  sellerReceiveAddress: z.string().nullable().describe('return address, once the seller agrees to a return'),
  sellerRealName: z.string().nullable(),
  sellerMobile: z.string().nullable(),
  gmtTimeOut: z.string().nullable().optional().describe('needTimeOutInfo only: when the running timer acts'),
  timeOutOperateType: z
    .string()
    .nullable()
    .optional()
    .describe('needTimeOutInfo only: SELLER_RESPOND, BUYER_MODIFY, BUYER_RETURN_SHIP, SELLER_RECEIVE'),
  remainingTime: z.number().int().nullable().optional().describe('needTimeOutInfo only, Ponte extension: ms left on the timer'),
  refundOperationList: z.array(RefundOperation).optional().describe('needOrderRefundOperation only: the steps, newest first'),
});
export type RefundDetail = z.input<typeof RefundDetail>;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The logistics company of a return-shipping step, from the event's detail. */
function companyOf(detail: Record<string, unknown> | null): LogisticsCompany | null {
  const code = text(detail?.companyCode) ?? text((detail?.logistics as Record<string, unknown> | undefined)?.companyCode);
  return code ? (companyByNo(code) ?? null) : null;
}

function addressText(detail: Record<string, unknown> | null): string | null {
  const address = (detail?.address ?? detail?.returnAddress) as Record<string, unknown> | undefined;
  if (!address) return null;
  return [text(address.receiver), text(address.phone), text(address.detailAddress)].filter(Boolean).join(' ') || null;
}

export function refundOperation(e: RefundEventView): z.input<typeof RefundOperation> {
  const op = OPERATIONS[e.action] ?? { type: 0, text: e.action };
  const logistics = (e.detail?.logistics as Record<string, unknown> | undefined) ?? e.detail;
  return {
    beforeOperateStatus: e.fromState,
    afterOperateStatus: e.toState,
    operateTypeInt: op.type,
    operateRemark: e.note ?? op.text,
    operatorRoleId: ROLE_IDS[e.actor],
    refundAction: e.refundAction,
    vouchers: e.images,
    freightBill: text(logistics?.trackingNo),
    logisticsCompany: companyOf(e.detail),
    refundAddress: addressText(e.detail),
    gmtCreate: gmtOf(e.at),
  };
}

export interface DetailOptions {
  order: OrderDetail;
  canRefundFen: number;
  nowMs: number;
  timeout: boolean;
  events: RefundEventView[] | null;
}

export function refundSummary(r: RefundView): RefundSummary {
  const success = r.status === 'refundsuccess';
  const refundCarriage = success ? Math.min(r.applyCarriageFen, r.refundedFen) : 0;
  return {
    refundId: r.refundId,
    orderId: r.orderId,
    orderEntryIdList: r.lines.map((l) => entryIdOf(r.orderId, l.lineNo)),
    orderEntryCountMap: Object.fromEntries(r.lines.map((l) => [entryIdOf(r.orderId, l.lineNo), l.quantity])),
    status: r.status,
    disputeRequest: disputeRequestOf(r.kind),
    goodsStatus: r.goodsStatus,
    applyPayment: r.applyFen,
    applyCarriage: r.applyCarriageFen,
    refundPayment: success ? r.refundedFen - refundCarriage : 0,
    refundCarriage,
    applyReason: r.reasonText,
    applyReasonId: r.reasonId,
    rejectReason: r.refuseReason,
    rejectTimes: r.refuseTimes,
    freightBill: r.returnLogistics?.trackingNo ?? null,
    buyerLogisticsName: r.returnLogistics?.companyName ?? null,
    gmtApply: gmtOf(r.createdAt),
    gmtCreate: gmtOf(r.createdAt),
    gmtModified: gmtOf(r.updatedAt),
    gmtCompleted: gmt(r.completedAt),
  };
}

export function refundDetail(r: RefundView, o: DetailOptions): RefundDetail {
  const titles = r.lines.map((l) => o.order.lines.find((x) => x.lineNo === l.lineNo)?.title ?? '');
  const detail: RefundDetail = {
    ...refundSummary(r),
    productName: [...new Set(titles)].join(' / '),
    canRefundPayment: o.canRefundFen,
    description: r.description,
    vouchers: r.images,
    sellerReceiveAddress: r.returnAddress?.detailAddress ?? null,
    sellerRealName: r.returnAddress?.receiver ?? null,
    sellerMobile: r.returnAddress?.phone ?? null,
  };
  if (o.timeout) {
    detail.gmtTimeOut = gmt(r.timeoutAt);
    detail.timeOutOperateType = r.timeoutType;
    detail.remainingTime = r.timeoutAt === null ? null : Math.max(0, r.timeoutAt - o.nowMs);
  }
  if (o.events) detail.refundOperationList = o.events.toReversed().map(refundOperation);
  return detail;
}
