// The callbacks module's door: subscription, message bodies, the dispatcher and the delivery log.
export { callbacksMigration, callbackOwnerMigration, callbackBodyFormMigration, MESSAGE_STATUSES, type MessageStatus } from './schema.ts';
export { setCallbackUrl, getCallbackEndpoint, rotateCallbackSecret } from './endpoints.ts';
export {
  messageForEvent,
  refundMessage,
  encodeBody,
  chinaTime,
  taobaoPurchaseOrder,
  MESSAGE_TYPES,
  ALIBABA_STATUS_TYPES,
  ALIBABA_ORDER_STATUS,
  TAOBAO,
  ALIBABA,
  type BuiltMessage,
  type OutboxEventInput,
  type RefundFacts,
} from './bodies.ts';
export { envelope, bodyInline } from './envelope.ts';
export type { SupplierFacts } from './supplier.ts';
export { createDispatcher, type DispatcherOptions } from './dispatcher.ts';
export { pageCallbackLog, redeliver, LOG_PAGE, type MessageView } from './log.ts';
