/**
 * The MCP tools that follow an order after it is placed: its state and tracking, after-sales
 * (refund) cases, and the parcels the China warehouse received for it.
 */
import { z } from 'zod';
import { PARCEL_STATES } from '../modules/warehouse/index.ts';
import { OrderId } from './tools-buying.ts';
import { defineTool, outcomeOf, type ToolDeclaration } from './tool.ts';

const SubOrderId = z
  .string()
  .regex(/^[1-9]\d{0,24}-[1-9]\d{0,2}$/, '<purchaseOrderId>-<orderLineNo>, e.g. 123-1')
  .describe('One order line: <purchaseOrderId>-<orderLineNo> (order_status lists them)');
const RefundType = z.union([z.literal(1), z.literal(2)]).describe('1 refund only, 2 return the goods and refund');
const GoodsStatus = z.number().int().min(1).max(4).describe('1 not shipped, 2 shipped, 3 not received, 4 received');

interface TaobaoOrder {
  purchaseOrderId: string;
  orderState: string;
  statusName: string;
  purchaseAmount: number;
  paidAmount: number;
  orderLineList: {
    subOrderId: string;
    itemTitle: string;
    skuId: string;
    quantity: number;
    amount: number;
    refundStatus: number;
    refundAmount: number;
  }[];
}
interface TaobaoTracking {
  logisticsCompanyName: string | null;
  logisticsNo: string | null;
  logisticsStatus: string | null;
  traces: unknown[];
}

function orderView(order: TaobaoOrder, tracking: TaobaoTracking | null) {
  return {
    orderId: order.purchaseOrderId,
    state: order.orderState,
    statusName: order.statusName,
    amountFen: order.purchaseAmount,
    paidFen: order.paidAmount,
    lines: order.orderLineList.map((line) => ({
      subOrderId: line.subOrderId,
      title: line.itemTitle,
      skuId: line.skuId,
      quantity: line.quantity,
      amountFen: line.amount,
      refundStatus: line.refundStatus,
      refundedFen: line.refundAmount,
    })),
    tracking: tracking && {
      carrier: tracking.logisticsCompanyName,
      trackingNo: tracking.logisticsNo,
      status: tracking.logisticsStatus,
      traces: tracking.traces,
    },
  };
}

const orderStatus = defineTool({
  name: 'order_status',
  title: 'A Taobao order’s state and tracking',
  description:
    'The order’s state, its amount and what was paid (fen), its lines with their subOrderId and refunds (fen), and the seller’s tracking events, oldest first.',
  effect: 'read',
  input: z.object({ orderId: OrderId }),
  async run(api, args) {
    const order = await api.get('/v2/taobao/order/detail', { purchaseOrderId: args.orderId });
    if (!order.ok) return order;
    const tracking = await api.get('/v2/taobao/order/logistics', { purchaseOrderId: args.orderId });
    return { ok: true, value: orderView(order.data as TaobaoOrder, tracking.ok ? (tracking.data as TaobaoTracking) : null) };
  },
});

const aftersalesOptions = defineTool({
  name: 'aftersales_options',
  title: 'What an after-sales case on a line may ask',
  description:
    'For one order line: the refund reasons (reasonId) the seller offers and the most that may be refunded (fen). Opens nothing.',
  effect: 'read',
  input: z.object({ subOrderId: SubOrderId, refundType: RefundType, goodsStatus: GoodsStatus }),
  async run(api, args) {
    const answer = await api.post('/v2/taobao/order/refund/render', args);
    return outcomeOf(answer);
  },
});

const aftersalesOpen = defineTool({
  name: 'aftersales_open',
  title: 'Open an after-sales case (refund)',
  description: [
    'Asks the seller for a refund on one order line. `refundFeeFen` is the amount asked, in fen, at most what aftersales_options states;',
    '`reasonId` comes from aftersales_options. Money returns to the wallet only when the seller agrees; follow it with aftersales_status.',
  ].join(' '),
  effect: 'write',
  input: z.object({
    subOrderId: SubOrderId,
    refundType: RefundType,
    goodsStatus: GoodsStatus,
    reasonId: z.string().trim().min(1).max(32),
    refundFeeFen: z.number().int().min(1).max(1_000_000_000),
    description: z.string().max(500).optional().describe('Up to 500 characters for the seller'),
  }),
  async run(api, args) {
    const { refundFeeFen, description, ...rest } = args;
    const answer = await api.post('/v2/taobao/order/refund/submit', { ...rest, refundFee: refundFeeFen, refundDesc: description });
    return outcomeOf(answer);
  },
});

const aftersalesStatus = defineTool({
  name: 'aftersales_status',
  title: 'An after-sales case’s state',
  description: 'The case’s state, the amount asked and refunded (fen), and what the seller answered.',
  effect: 'read',
  input: z.object({
    refundId: z
      .string()
      .regex(/^\d{1,25}$/, 'digits')
      .describe('refundId from aftersales_open'),
  }),
  async run(api, args) {
    const answer = await api.get('/v2/taobao/order/refund/query', { refundId: args.refundId });
    return outcomeOf(answer);
  },
});

const parcels = defineTool({
  name: 'parcels',
  title: 'Parcels at the China warehouse',
  description: 'The parcels the warehouse expects or holds, newest first, optionally for one order or in one state. One page of up to 20.',
  effect: 'read',
  input: z.object({
    orderId: OrderId.optional(),
    state: z.enum(PARCEL_STATES).optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(20).default(10),
  }),
  async run(api, args) {
    const answer = await api.post('/v2/open/pp/logistics/parcelList', {
      orderId: args.orderId,
      state: args.state,
      pageNo: args.page,
      pageSize: args.pageSize,
    });
    return outcomeOf(answer);
  },
});

const parcelDetail = defineTool({
  name: 'parcel_detail',
  title: 'One parcel with its check and photos',
  description: 'A parcel’s state, its measured weight (grams) and sides (cm), its quality-check result and its photo addresses.',
  effect: 'read',
  input: z.object({ parcelId: z.string().trim().min(3).max(22) }),
  async run(api, args) {
    const answer = await api.post('/v2/open/pp/logistics/parcelDetail', { parcelId: args.parcelId });
    return outcomeOf(answer);
  },
});

export const AFTER_TOOLS: readonly ToolDeclaration[] = [
  orderStatus,
  aftersalesOptions,
  aftersalesOpen,
  aftersalesStatus,
  parcels,
  parcelDetail,
];
