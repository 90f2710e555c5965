// The webhooks door: signing (also re-exported by the SDK), retry schedules, SSRF rules, the one
// outbound request path (callbacks and image addresses alike) and one delivery attempt. The
// outbox dispatcher composes these; nothing here touches the database.
export {
  generateWebhookSecret,
  signWebhook,
  webhookHeaders,
  verifyWebhook,
  type HeaderSource,
  type SignInput,
  type VerifyFailureReason,
  type VerifyInput,
  type VerifyResult,
  type WebhookHeaders,
} from './signing.ts';
export {
  nextAttemptAt,
  parseRetrySchedule,
  PANDAPON_SCHEDULE,
  SVIX_SCHEDULE,
  type NextAttemptInput,
  type RetrySchedule,
} from './schedule.ts';
export {
  checkCallbackUrl,
  classifyAddress,
  type AddressClass,
  type CallbackUrlCheck,
  type CallbackUrlFailure,
  type CheckOptions,
  type LookupAll,
} from './ssrf.ts';
export { DEFAULT_SEND_TIMEOUT_MS, sendWebhook, type SendError, type SendInput, type SendResult } from './send.ts';
export { outboundRequest, type OutboundAnswer, type OutboundFailure, type OutboundRequest, type OutboundResult } from './outbound.ts';
