// The callbacks module's door: subscription, the facts message bodies are made of, the dispatcher and the delivery log.
export {
  callbacksMigration,
  callbackOwnerMigration,
  callbackBodyFormMigration,
  callbackAttemptTriggerMigration,
  MESSAGE_STATUSES,
  ATTEMPT_TRIGGERS,
  type MessageStatus,
} from './schema.ts';
export {
  setCallbackUrl,
  getCallbackEndpoint,
  rotateCallbackSecret,
} from './endpoints.ts';
export { orderEventFacts, type OrderEventFacts, type OutboxEventInput } from './facts.ts';
export type { SupplierFacts } from './supplier.ts';
export { createDispatcher, type DispatcherOptions } from './dispatcher.ts';
export type { BuiltMessage, MessageRenderer } from './dispatcher-types.ts';
export { pageCallbackLog, redeliver, LOG_PAGE, type MessageView, type AttemptView, type RedeliverInput } from './log.ts';
export { pageAdminCallbackLog, adminRedeliver, ADMIN_LOG_STATES, type AdminLogFilter } from './admin-log.ts';
