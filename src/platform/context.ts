import type { Kysely, Transaction } from 'kysely';
import type { Clock } from './clock.ts';
import { groupCommitOf, type Database, type Dialect } from './db/index.ts';
import type { Language } from './errors.ts';
import type { Role, RowsVisible } from './auth/roles.ts';
import type { DeveloperId, UserId } from './ids.ts';

/**
 * What every service function receives first. `db` is bound to the current transaction when
 * there is one, so a service never has to be told whether it runs inside one.
 */
export interface SystemCtx {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly masterKey: Buffer;
  readonly requestId: string;
}

/** A developer's request: tenancy is part of the context, never a loose argument. */
export interface Ctx extends SystemCtx {
  readonly developerId: DeveloperId;
  /** The user id the request acts as: the main user id or a sub-account. */
  readonly userId: UserId;
  /**
   * Which of its developer's owned rows the caller sees: 'all' (the main user, admin and finance
   * sub-accounts) or only its 'own' (viewer and buyer sub-accounts). db/tenancy.ts turns it into a scope.
   */
  readonly rowsVisible: RowsVisible;
  readonly role: Role;
  readonly language: Language;
}

/**
 * Runs fn in one transaction with a context bound to it; nested calls reuse the outer one.
 * On SQLite the transaction is a unit of a group commit (see db/group-commit.ts): same
 * all-or-nothing and serial semantics, one COMMIT for the units of an event-loop turn.
 */
export async function inTransaction<C extends SystemCtx, T>(ctx: C, fn: (tx: C) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  const groupCommit = groupCommitOf(ctx.db);
  if (groupCommit) return groupCommit.run((trx) => fn({ ...ctx, db: trx }));
  return ctx.db.transaction().execute((trx: Transaction<Database>) => fn({ ...ctx, db: trx }));
}
