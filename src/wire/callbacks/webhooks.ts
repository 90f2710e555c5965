import { z } from 'zod';
import { bodyInline } from './envelope.ts';
import { ALIBABA_STATUS_TYPES, MESSAGE_TYPES, WAREHOUSE } from './message-types.ts';
import { sampleBody, sampleLogisticsOrderBody, sampleParcelBody, sampleRefundBody } from './webhook-samples.ts';
import {
  AlibabaOrderBody,
  AlibabaPriceBody,
  AlibabaRefundBody,
  LogisticsOrderStatusBody,
  ParcelStatusBody,
  TaobaoPriceBody,
  TaobaoRefundBody,
  TaobaoStatusBody,
} from './webhook-schemas.ts';

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
    description: [
      'Unix seconds of this attempt, real time even when the sandbox clock was advanced (business times are in the body);',
      'reject if far from now (reference libraries: ±5 min)',
    ].join(' '),
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
  platform: 0 | 1 | 2;
  summary: string;
  body: z.ZodType;
  example: string;
}

function taobaoEntries(): Entry[] {
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
      summary:
        'Taobao order after-sales refund: the application and every change of it (agreed, refused, returned, refunded, closed); a design in the status message’s style (PandaPon publishes no sample)',
      body: TaobaoRefundBody,
      example: sampleRefundBody('taobao'),
    },
  ];
}

function alibabaEntries(): Entry[] {
  return [
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
      summary: '1688 order after-sales refund: the application and every change of it (agreed, refused, returned, refunded, closed)',
      body: AlibabaRefundBody,
      example: sampleRefundBody('1688'),
    },
  ];
}

function warehouseEntries(): Entry[] {
  return [
    {
      type: MESSAGE_TYPES.parcelStatus,
      platform: WAREHOUSE,
      summary:
        'China warehouse parcel change: declared or expected, received, checked, stored, a problem, allocated, packed, shipped, returned to the seller, abandoned, disposed of; and the storage reminder (a Ponte design: PandaPon publishes no warehouse message)',
      body: ParcelStatusBody,
      example: sampleParcelBody(),
    },
    {
      type: MESSAGE_TYPES.logisticsOrderStatus,
      platform: WAREHOUSE,
      summary:
        'International logistics order (orderBookingFreight) change: booked, packing, weighed, waiting for the supplementary freight, paid, dispatched, in transit, held by customs, delivered, returned, lost, cancelled (a Ponte design)',
      body: LogisticsOrderStatusBody,
      example: sampleLogisticsOrderBody(),
    },
  ];
}

const PLATFORMS =
  '0 Taobao, 1 1688, 2 the China warehouse (Ponte: parcels and logistics orders, whatever marketplace their goods came from)';

const DELIVERY = [
  'POSTed to the developer’s callback URL.',
  'Answer HTTP 200 within 1 s; anything else is retried (default: every 30 min, at most 5 times).',
  'Verify `webhook-signature` over the raw body with the `whsec_` secret (Standard Webhooks).',
].join(' ');
const STRING_FORM = 'messageBody is a JSON-encoded string whose content is described by `contentSchema`.';
const INLINE_FORM = [
  'messageBody is the JSON array itself, as PandaPon’s page shows it;',
  'a subscription set with `messageBodyAsString: true` (POST /v2/open/callback/set)',
  'receives it as a JSON-encoded string instead, like every other message type.',
].join(' ');

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

/**
 * The OpenAPI 3.1 `webhooks` section: one entry per message Ponte pushes (PandaPon envelope,
 * Standard Webhooks headers), with its body schema and an example built by the same code that
 * builds real deliveries. messageBody is a JSON string, except for the Taobao status message,
 * which carries the seed page's array itself unless the subscription asked for the string form.
 */
export function callbackWebhooksDocument(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of [...taobaoEntries(), ...alibabaEntries(), ...warehouseEntries()]) {
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
                  messagePlatform: { type: 'integer', const: e.platform, description: PLATFORMS },
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
