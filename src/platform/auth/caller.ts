import type { CompiledQuery } from 'kysely';
import type { SystemCtx } from '../context.ts';
import type { DeveloperId, UserId } from '../ids.ts';
import type { RateLimit } from './ratelimit.ts';
import type { Role } from './roles.ts';

/** What the gateway needs to authenticate a request: the key's live secrets and the acting user. */
export interface Caller {
  developerId: DeveloperId;
  mainUserId: UserId;
  /** The current secret first, then the previous one while its grace period lasts. */
  secrets: string[];
  requireHmac: boolean;
  /** An operator disabled the developer: its correctly signed calls answer DEVELOPER_DISABLED. */
  disabled: boolean;
  /** The developer's own rate limit; null: the deployment's applies. */
  rateLimit: RateLimit | null;
  /** The user named by `user-id`, when it belongs to this developer. */
  user: { userId: UserId; role: Role } | null;
}

/** Implemented by the accounts module and handed to the gateway, so platform/ imports no module. */
export type FindCaller = (ctx: SystemCtx, accessKey: string, userId: string) => Promise<Caller | null>;

/**
 * PostgreSQL with a pipeline (db/pipeline.ts): the caller rows earlier requests read, so that a
 * request's checks can run before its lookup, which then goes out in the admission's round trip
 * (admission.ts) with the rate-limit token and the nonce claim. The row read there decides.
 */
export interface RememberedCallers {
  /** The caller of the row last read for this key and user-id, or null when none is remembered. */
  recall(ctx: SystemCtx, accessKey: string, userId: string): Caller | null;
  /** The lookup as a statement, to run with the admission's writes. */
  lookup(ctx: SystemCtx, accessKey: string, userId: string): CompiledQuery;
  /** The caller the lookup's rows make, remembered from now on; `changed` when they differ from the recalled row. */
  settle(ctx: SystemCtx, accessKey: string, userId: string, rows: readonly unknown[]): { caller: Caller | null; changed: boolean };
}
