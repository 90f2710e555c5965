import {
  orderEventFacts,
  type BuiltMessage,
  type MessageRenderer,
  type OrderEventFacts,
  type OutboxEventInput,
  type SupplierFacts,
} from '../../modules/callbacks/index.ts';
import type { OrderDetail } from '../../modules/orders/index.ts';
import { alibabaPriceMessage, alibabaStatusMessage } from './bodies-alibaba.ts';
import { refundMessage } from './bodies-refund.ts';
import { logisticsOrderMessage, parcelMessage } from './bodies-warehouse.ts';
import { taobaoPriceMessage, taobaoStatusMessage } from './bodies-taobao.ts';
import { envelope } from './envelope.ts';
import { PRICE_EVENT_TYPE, STATUS_EVENT_TYPES } from './message-types.ts';

/*
 * PandaPon message bodies: which order events make a message, and in which shape. The facts come
 * from the callbacks module; this layer only lays them out (bodies-taobao.ts, bodies-alibaba.ts,
 * refunds in bodies-refund.ts, warehouse parcels and shipments in bodies-warehouse.ts, the envelope
 * in envelope.ts).
 */

/** The PandaPon message for one order event, or null for an event type that has no message. */
export function pandaPonMessage(f: OrderEventFacts): BuiltMessage | null {
  const isPrice = f.eventType === PRICE_EVENT_TYPE;
  if (!isPrice && !STATUS_EVENT_TYPES.includes(f.eventType)) return null;
  if (f.platform === 'taobao') return isPrice ? taobaoPriceMessage(f) : taobaoStatusMessage(f);
  return isPrice ? alibabaPriceMessage(f) : alibabaStatusMessage(f);
}

/**
 * The message for an event given the order (null when it cannot be read: the event payload alone
 * fills the body) and the supplier facts; the documentation's examples are built this way.
 */
export function messageForEvent(event: OutboxEventInput, order: OrderDetail | null, supplier: SupplierFacts | null): BuiltMessage | null {
  return pandaPonMessage(orderEventFacts(event, order, supplier));
}

/** PandaPon's callback wire format, for createDispatcher's `renderer`. */
export const pandaPonMessages: MessageRenderer = {
  message: pandaPonMessage,
  refund: refundMessage,
  parcel: parcelMessage,
  shipment: logisticsOrderMessage,
  envelope,
};
