/**
 * What the Taobao and 1688 order families share at the wire edge: the request hash and the
 * idempotency headers handed to createOrders, id parameters, per-order payment results and the
 * carrier codes of the sandbox sellers' couriers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { codeOf, fail, messageFor, type Failure } from '../../platform/errors.ts';
import type { FieldNames } from '../../platform/http/index.ts';
import type { OrderCartInput } from '../../modules/cart/index.ts';
import type { LineField, OrderInputField, PayResult, ReceiverField } from '../../modules/orders/index.ts';
import { OrderIdField } from './ids.ts';

/** JSON with object keys sorted at every level, so two equal bodies hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash createOrders compares on replays: sha256 of the canonical JSON of the parsed body. */
export function requestHashOf(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

/** The `Idempotency-Key` header, if any (first value when repeated). */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['idempotency-key'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? undefined : value;
}

/** The wire names of an order request's fields; every field createOrders may name has one. */
export interface OrderWireFields {
  receiver: string;
  receiverFields: Record<ReceiverField, string>;
  lines: string;
  lineFields: Record<LineField, string>;
  clientOrderId: string;
  /** Routes whose client sends no expected amount never meet its refusal; it keeps its name. */
  expectedTotal?: string;
}

export function orderFieldNames(wire: OrderWireFields): FieldNames {
  const names: Partial<Record<OrderInputField, string>> = {
    lines: wire.lines,
    'lines[]': `${wire.lines}[]`,
    clientOrderId: wire.clientOrderId,
    idempotencyKey: 'Idempotency-Key',
    expectedTotalFen: wire.expectedTotal ?? 'expectedTotalFen',
  };
  for (const [field, name] of Object.entries(wire.receiverFields)) names[`receiver.${field as ReceiverField}`] = `${wire.receiver}.${name}`;
  for (const [field, name] of Object.entries(wire.lineFields)) names[`lines[].${field as LineField}`] = `${wire.lines}[].${name}`;
  return names;
}

/** Taobao's receiver fields (TO1 `receiver`, TC2 `orderAddress`) for the domain receiver's. */
export const TAOBAO_RECEIVER_FIELDS: Record<ReceiverField, string> = {
  name: 'name',
  phone: 'mobile_phone',
  province: 'state',
  city: 'city',
  district: 'district',
  address: 'address',
};

/** 1688's FastAdress fields for the domain receiver's. */
export const ALIBABA_RECEIVER_FIELDS: Record<ReceiverField, string> = {
  name: 'fullName',
  phone: 'mobile',
  province: 'provinceText',
  city: 'cityText',
  district: 'areaText',
  address: 'address',
};

/** The cart-order command's input from a request (Taobao TC2 and 1688 AC6 alike). */
export function cartOrderInput(
  platform: OrderCartInput['platform'],
  lineIds: number[],
  receiver: OrderCartInput['receiver'],
  headers: IncomingHttpHeaders,
  body: unknown,
): OrderCartInput {
  return { platform, lineIds, receiver, idempotencyKey: idempotencyKeyOf(headers), requestHash: requestHashOf(body) };
}

/** Order ids: a string of digits or a JSON number (a safe integer; beyond 2^53 send the string), always answered as strings. */
export const OrderIdParam = OrderIdField.describe(
  'order id: a string of digits or a JSON number (an id beyond 2^53, from an older database, only as a string)',
);

export const ClientOrderId = z.string().trim().min(1).max(128);

/** Ponte's per-order payment outcome as code + message, for batch answers. */
export function payOutcome(ctx: Ctx, result: PayResult): { code: number; msg: string } {
  if (result.ok) return { code: 200, msg: messageFor('SUCCESS', ctx.language) };
  const error = result.error ?? 'INTERNAL';
  return { code: codeOf(error), msg: messageFor(error, ctx.language, result.params) };
}

/** A single order's failed payment as the failure the envelope carries (2001 keeps `shortfallFen` in data). */
export function payFailure(result: PayResult): Failure {
  const error = result.error ?? 'INTERNAL';
  const data =
    result.shortfallFen !== undefined ? { orderId: result.orderId, shortfallFen: result.shortfallFen } : { orderId: result.orderId };
  return fail(error, result.params, data);
}

/** The sandbox couriers' codes (1688 `logisticsCompanyId`, Taobao `logisticsCompanyCode`). */
const CARRIER_CODES: Record<string, string> = {
  顺丰速运: 'SF',
  圆通速递: 'YTO',
  中通快递: 'ZTO',
  韵达快递: 'YUNDA',
  申通快递: 'STO',
  极兔速递: 'JT',
};

export function carrierCode(name: string | null): string | null {
  if (name === null) return null;
  return CARRIER_CODES[name] ?? 'OTHER';
}

/** A link to the sandbox chat page with a seller (the sandbox stands in for Wangwang / Taobao IM). */
export function chatUrl(base: string, sellerNick: string): string {
  return `${base}/sandbox/chat/${encodeURIComponent(sellerNick)}`;
}
