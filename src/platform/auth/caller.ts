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
