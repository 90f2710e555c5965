import { z } from 'zod';
import {
  ALIBABA_STATUS_TYPES,
  bodyInline,
  MESSAGE_TYPES,
  messageForEvent,
  refundMessage,
  type SupplierFacts,
} from '../../modules/callbacks/index.ts';
import type { OrderDetail } from '../../modules/orders/index.ts';
import { asOrderId } from '../../platform/ids.ts';

/**
 * The OpenAPI `webhooks` section: every message Ponte pushes (PandaPon envelope, Standard
 * Webhooks headers), with a schema and an example built by the same code that builds real
 * deliveries. messageBody is a JSON string, except for the Taobao status message, which carries
 * the seed page's array itself unless the subscription asked for the string form.
 */
const fen = (what: string) => z.number().int().describe(`${what}, fen (分)`);
const ms = (what: string) => z.number().int().describe(`${what}, epoch ms`);
const long = (what: string) =>
  z
    .union([z.number().int(), z.string()])
    .describe(
      `${what}: a JSON integer (every id Ponte issues is below 2^53, so JSON.parse reads it exactly); an id from before that rule that exceeds 2^53 is sent as a string of digits instead`,
    );

const TaobaoLogisticOrder = z.object({
  logistic_company_name: z.string(),
  logistic_number: z.string(),
  rts_time: ms('Shipped (ready-to-ship) time'),
});
const TaobaoSubOrder = z.object({
  purchase_order_outer_id: z.string().describe('The client’s order id given at creation (outer_purchase_id); empty when none was given'),
  purchase_order_line_outer_id: z.string().describe('`<orderId>-<lineNo>`'),
  product_amount: z.string().describe('Line amount, fen, as a string'),
  logistic_company_name: z.string().describe('Carrier; empty before shipment'),
  logistic_number: z.string().describe('Tracking number; empty before shipment'),
  quantity: z.number().int(),
  rts_time: z.string().describe('Shipped time yyyy-MM-dd HH:mm:ss (China time); empty before shipment'),
  title: z.string(),
  purchase_currency: z.literal('CNY'),
  purchase_amount: fen('Line amount'),
  item_map_id: z.string().describe('Item id'),
  pay_amount: z.string().describe('Paid for this line (its shipping share included), fen, as a string; "0" before payment'),
  domestic_post_fee: fen('Domestic shipping carried by this line (the first line carries the order’s)'),
  pay_currency: z.literal('CNY'),
  sub_purchase_order_id: z.string(),
  sku_id: z.string(),
  status: z.string().describe('Upstream status, as the order’s'),
  alipay_pay_order_no: z.string().describe('Payment reference; empty before payment'),
  option_fields: z.object({
    SKU_IMG_URL: z.string(),
    en: z
      .string()
      .describe('SKU properties in English, `name:value` joined by `;`, e.g. "Color:Red;Size:M"; empty for an item without SKU properties'),
    zh: z.string().describe('SKU properties in Chinese, e.g. "颜色:红色;尺码:M"'),
  }),
  logistic_orders: z.array(TaobaoLogisticOrder),
});
const TaobaoPurchaseOrder = z.object({
  outer_purchase_id: z
    .string()
    .describe(
      'The client’s order id given at creation (outer_purchase_id / sellerOrderNumber); empty when none was given. Ponte’s own order id is purchase_id',
    ),
  status: z
    .enum(['BULIDING', 'WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED'])
    .describe('Upstream Taobao status (BULIDING sic)'),
  purchase_amount: fen('Order total'),
  purchase_id: long('Order id'),
  modify_time: ms('Time of the change'),
  purchase_currency: z.literal('CNY'),
  pay_currency: z.literal('CNY'),
  supplier_nick: z.string().describe('The seller’s nick, as order detail shows it (sellerNick)'),
  domestic_post_fee: fen('Domestic shipping'),
  sub_user_id: long('User id that owns the order'),
  pay_amount: fen('Paid amount (0 before payment)'),
  pay_time: ms('Payment time (0 before payment)'),
  receiver: z.object({
    country: z.string(),
    address: z.string(),
    city: z.string(),
    district: z.string(),
    state: z.string().describe('Province'),
  }),
  created_time: ms('Order creation'),
  sub_purchase_orders: z.array(TaobaoSubOrder),
});
const TaobaoStatusBody = z.array(TaobaoPurchaseOrder);
const TaobaoPriceBody = z.object({
  purchase_id: long('Order id'),
  outer_purchase_id: z.string().describe('The client’s order id given at creation; empty when none was given'),
  status: z.string(),
  modify_time: ms('Time of the change'),
  old_purchase_total_fee: fen('Total before the change'),
  purchase_order_price: z.object({
    purchase_currency: z.literal('CNY'),
    purchase_total_fee: fen('New total'),
    purchase_product_fee: fen('Products'),
    purchase_shipping_fee: fen('Shipping'),
  }),
});
const TaobaoRefundBody = z.object({
  refund_id: z.string(),
  purchase_id: long('Order id'),
  outer_purchase_id: z.string().describe('The client’s order id; empty when none was given'),
  sub_purchase_order_id: z.string(),
  refund_status: z
    .number()
    .int()
    .describe('0 not applied, 10 applied, 20 agreed, 30 waiting for seller receipt, 100 refunded, -10 refused, -20 closed'),
  refund_amount: fen('Refund'),
  refund_currency: z.literal('CNY'),
  refund_reason: z.string(),
  modify_time: ms('Time of the change'),
});
const AlibabaOrderBody = z.object({
  orderId: z.string(),
  orderNo: z.string().describe('The developer’s client order id, or the order id'),
  orderStatus: z.enum(['WAITING_FOR_PAYMENT', 'WAITING_FOR_SENT', 'WAITING_FOR_RECEIVE', 'RECEIVED', 'SUCCESS', 'CANCEL', 'CLOSE']),
  tradeStatus: z
    .string()
    .describe('1688 trade status: waitbuyerpay, waitsellersend, waitbuyerreceive, confirm_goods, success, cancel, terminated'),
  payStatus: z.union([z.literal(1), z.literal(2)]).describe('1 unpaid, 2 paid'),
  totalAmount: fen('Total'),
  shippingFee: fen('Shipping'),
  productAmount: fen('Products'),
  refundAmount: fen('Refunded'),
  refundStatus: z.string().nullable(),
  closeReason: z.string().nullable().describe('e.g. buyer_cancel'),
  tbCreateTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
  payTime: z.string().nullable(),
  logisticsCompany: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  modifyTime: z.string(),
});
const AlibabaPriceBody = AlibabaOrderBody.extend({ oldTotalAmount: fen('Total before the change') });
const AlibabaRefundBody = z.object({
  refundId: z.string(),
  orderId: z.string(),
  subOrderId: z.string().nullable(),
  refundStatus: z.number().int(),
  refundAmount: fen('Refund'),
  refundReason: z.string(),
  modifyTime: z.string(),
});

const SAMPLE_ORDER: OrderDetail = {
  orderId: asOrderId('3779263200012345'),
  platform: 'taobao',
  state: 'shipped',
  shopIndex: 3,
  ownerUserId: '3779263100012289',
  batchId: '3779263200012344',
  productAmountFen: 9_500,
  shippingFeeFen: 600,
  adjustAmountFen: 0,
  totalAmountFen: 10_100,
  paidAmountFen: 10_100,
  clientOrderId: 'PO202605200001',
  createdAt: 1_779_263_200_000,
  paidAt: 1_779_263_260_000,
  updatedAt: 1_779_263_269_913,
  receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号' },
  lines: [
    {
      lineNo: 1,
      itemId: '672991141190',
      skuId: '3452545926724',
      specId: '3c8e1f0a9b7d4e2c5a6f8b1d0e9c7a4b',
      title: '女童连衣裙',
      quantity: 1,
      unitPriceFen: 9_500,
      amountFen: 9_500,
    },
  ],
  closeReason: null,
  carrier: 'YTO',
  trackingNumber: 'YT1234567890',
  shippedAt: 1_779_263_269_913,
  arrivedAt: null,
  closedAt: null,
  version: 4,
};

const SAMPLE_SUPPLIER: SupplierFacts = {
  sellerNick: 'xintai2019',
  skuTexts: new Map([[1, { en: 'Color:Red;Size:120cm', zh: '颜色:红色;尺码:120cm' }]]),
};

function sampleBody(type: string, platform: 'taobao' | '1688'): string {
  const order = { ...SAMPLE_ORDER, platform };
  const state =
    type === 'ORDER_CREATE' || type === 'ORDER_PRICE_MODIFY'
      ? 'waiting_payment'
      : type === 'ORDER_PAY_SUCCESS'
        ? 'paid'
        : type === 'ORDER_CANCEL'
          ? 'cancelled'
          : type === 'ORDER_CLOSE'
            ? 'closed'
            : type === 'ORDER_COMPLETE'
              ? 'completed'
              : type === 'ORDER_ARRIVED'
                ? 'arrived_warehouse'
                : 'shipped';
  const payload: Record<string, unknown> = {
    orderId: order.orderId,
    platform,
    ownerUserId: order.ownerUserId,
    state,
    totalAmountFen: order.totalAmountFen,
    version: 4,
  };
  if (type === 'ORDER_PRICE_MODIFY') Object.assign(payload, { oldTotalFen: 10_300, newTotalFen: 10_100 });
  if (type === 'ORDER_CANCEL') payload.reason = 'buyer_cancel';
  const built = messageForEvent({ id: '3779263269900017', type, createdAt: SAMPLE_ORDER.updatedAt, payload }, order, SAMPLE_SUPPLIER);
  if (!built) throw new Error(`no sample for ${type}`);
  return built.messageBody;
}

const SIGNATURE_HEADERS = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'Message id (digits): the same on every retry; de-duplicate on it',
    schema: { type: 'string' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description:
      'Unix seconds of this attempt, real time even when the sandbox clock was advanced (business times are in the body); reject if far from now (reference libraries: ±5 min)',
    schema: { type: 'string' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description: 'Space-separated `v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`, one per live secret (two during rotation)',
    schema: { type: 'string' },
  },
];

interface Entry {
  type: string;
  platform: 0 | 1;
  summary: string;
  body: z.ZodType;
  example: string;
}

function entries(): Entry[] {
  const refundSample = {
    refundId: 'TQ3779263269900021',
    orderId: SAMPLE_ORDER.orderId,
    outerPurchaseId: SAMPLE_ORDER.clientOrderId ?? '',
    subOrderId: `${SAMPLE_ORDER.orderId}-1`,
    refundStatus: 100,
    refundAmountFen: 9_500,
    reason: 'quality',
    modifiedAt: SAMPLE_ORDER.updatedAt,
  };
  return [
    {
      type: MESSAGE_TYPES.taobaoStatus,
      platform: 0,
      summary: 'Taobao order status change (created, paid, shipped, arrived at the warehouse, completed, cancelled, closed)',
      body: TaobaoStatusBody,
      example: sampleBody('ORDER_SHIPPED', 'taobao'),
    },
    {
      type: MESSAGE_TYPES.taobaoPriceModify,
      platform: 0,
      summary: 'Taobao order price modified by the seller (before payment)',
      body: TaobaoPriceBody,
      example: sampleBody('ORDER_PRICE_MODIFY', 'taobao'),
    },
    {
      type: MESSAGE_TYPES.taobaoRefund,
      platform: 0,
      summary: 'Taobao after-sales refund (defined; sent once after-sales lands)',
      body: TaobaoRefundBody,
      example: refundMessage(0, refundSample).messageBody,
    },
    ...ALIBABA_STATUS_TYPES.map(
      (type): Entry => ({
        type,
        platform: 1,
        summary: `1688 order status change: ${type}`,
        body: AlibabaOrderBody,
        example: sampleBody(type, '1688'),
      }),
    ),
    {
      type: MESSAGE_TYPES.alibabaPriceModify,
      platform: 1,
      summary: '1688 order price modified by the seller (before payment)',
      body: AlibabaPriceBody,
      example: sampleBody('ORDER_PRICE_MODIFY', '1688'),
    },
    {
      type: MESSAGE_TYPES.alibabaRefund,
      platform: 1,
      summary: '1688 after-sales refund (defined; sent once after-sales lands)',
      body: AlibabaRefundBody,
      example: refundMessage(1, refundSample).messageBody,
    },
  ];
}

const DELIVERY =
  'POSTed to the developer’s callback URL. Answer HTTP 200 within 1 s; anything else is retried (default: every 30 min, at most 5 times). Verify `webhook-signature` over the raw body with the `whsec_` secret (Standard Webhooks).';
const STRING_FORM = 'messageBody is a JSON-encoded string whose content is described by `contentSchema`.';
const INLINE_FORM =
  'messageBody is the JSON array itself, as PandaPon’s page shows it; a subscription set with `messageBodyAsString: true` (POST /v2/open/callback/set) receives it as a JSON-encoded string instead, like every other message type.';

/** messageBody's schema: a JSON string holding the body, or for the Taobao status message the body itself by default. */
function messageBodySchema(type: string, bodySchema: Record<string, unknown>): Record<string, unknown> {
  const asString = {
    type: 'string',
    contentMediaType: 'application/json',
    contentSchema: bodySchema,
    description: 'JSON-encoded message body',
  };
  if (!bodyInline(type, false)) return asString;
  return {
    oneOf: [
      { ...bodySchema, description: 'Default: the message body itself' },
      { ...asString, description: 'With messageBodyAsString: true — the JSON-encoded message body' },
    ],
  };
}

/** The OpenAPI 3.1 `webhooks` object: one entry per messageType, with the body schema and an example. */
export function callbackWebhooksDocument(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of entries()) {
    const bodySchema = z.toJSONSchema(e.body, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
    delete bodySchema.$schema;
    const inline = bodyInline(e.type, false);
    out[e.type] = {
      post: {
        operationId: `callback_${e.type}`,
        summary: e.summary,
        description: `${DELIVERY} ${inline ? INLINE_FORM : STRING_FORM}`,
        tags: ['Callbacks'],
        parameters: SIGNATURE_HEADERS,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['messageType', 'messageBody', 'messagePlatform', 'timestamp'],
                properties: {
                  messageType: { type: 'string', const: e.type },
                  messageBody: messageBodySchema(e.type, bodySchema),
                  messagePlatform: { type: 'integer', const: e.platform, description: '0 Taobao, 1 1688' },
                  timestamp: { type: 'string', pattern: '^\\d{13}$', description: 'Push time, epoch ms' },
                },
              },
              example: {
                messageType: e.type,
                messageBody: inline ? JSON.parse(e.example) : e.example,
                messagePlatform: e.platform,
                timestamp: '1779263269913',
              },
            },
          },
        },
        responses: { '200': { description: 'Acknowledged (exactly 200; any other answer or none within 1 s is a failure)' } },
      },
    };
  }
  return out;
}

/** For createHttpServer's `openapiExtras`. */
export function callbackOpenapiExtras(): Record<string, unknown> {
  return { webhooks: callbackWebhooksDocument() };
}
