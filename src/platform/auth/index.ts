export { authenticate, type GatewaySettings, type Authenticated, type AuthFailure, type RequestTarget } from './gateway.ts';
export { QUERY_SIGNED_PREFIXES, presentsSignature, takesQueryForm } from './query-signature.ts';
export {
  canonicalString,
  computeSignature,
  queryCanonicalString,
  computeQuerySign,
  parseTimestampMs,
  type SignType,
  type SignInput,
} from './signature.ts';
export { memoryRateLimiter, sqlRateLimiter, type RateLimiter, type RateDecision, type RateLimit } from './ratelimit.ts';
export { createNonceStore, type NonceStore } from './nonces.ts';
export { recentNonces, type RecentNonces } from './recent-nonces.ts';
export { gatewayWrites, type Admission } from './admission.ts';
export { roleAllows, isRole, ACTIONS, SUB_ACCOUNT_ROLES, type Action, type Role, type SubAccountRole } from './roles.ts';
export type { Caller, FindCaller } from './caller.ts';
