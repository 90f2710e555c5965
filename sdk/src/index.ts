/** @ponte/sdk: the package's one door. */
export { CREATE_OPERATIONS, type CallOptions, type ClientOptions, createClient, type PonteClient, signRequest } from './client.ts';
export { parseJson } from './json.ts';
export type { components, operations, paths, webhooks } from './openapi-types.ts';
export { ERROR_CODES } from './openapi-types.ts';
export type { Envelope, ErrorName, Failure, Result } from './result.ts';
export { backoffMs, DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
export {
  type Bytes,
  type Credentials,
  canonicalString,
  computeQuerySign,
  computeSignature,
  queryCanonicalString,
  type SignedHeadersInput,
  type SignInput,
  type SignType,
  signedHeaders,
} from './signing.ts';
export {
  type HeaderSource,
  parseWebhookMessage,
  receiveWebhook,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyInput,
  type VerifyResult,
  verifyWebhook,
  type WebhookMessage,
  type WebhookMessageType,
} from './webhooks.ts';
