// The callbacks module's door: subscription, the facts message bodies are made of, the dispatcher and the delivery log.
export {
  callbacksMigration,
  callbackOwnerMigration,
  callbackBodyFormMigration,
  callbackAttemptTriggerMigration,
  MESSAGE_STATUSES,
  ATTEMPT_TRIGGERS,
  type CallbackTables,
  type MessageStatus,
} from './schema.ts';
export {
  setCallbackUrl,
  getCallbackEndpoint,
  rotateCallbackSecret,
  liveSecrets,
  VERIFY_MESSAGE_TYPE,
  type CallbackOptions,
  type CallbackEndpoint,
} from './endpoints.ts';
export { orderEventFacts, type OrderEventFacts, type OutboxEventInput } from './facts.ts';
export type { SupplierFacts } from './supplier.ts';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type RunStats } from './dispatcher.ts';
export type { BuiltMessage, MessageRenderer } from './dispatcher-types.ts';
export { pageCallbackLog, redeliver, LOG_PAGE, type MessageView, type AttemptView, type LogPageInput, type RedeliverInput } from './log.ts';
