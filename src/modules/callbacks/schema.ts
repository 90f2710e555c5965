/**
 * The callbacks module's tables, Svix-shaped: one endpoint per developer (PandaPon has one
 * callback URL per account), one message per outbox event for a subscribed developer, and one
 * attempt row per POST. `callback_messages.id` is the outbox event id and is sent as `webhook-id`,
 * so it stays the same across retries and receivers can de-duplicate on it.
 */
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../../platform/db/index.ts';

export const MESSAGE_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** Why an attempt ran: the dispatcher's schedule (first delivery, retries) or a manual redelivery (HTTP, CLI). */
export const ATTEMPT_TRIGGERS = ['scheduled', 'manual'] as const;
export type AttemptTrigger = (typeof ATTEMPT_TRIGGERS)[number];

export interface CallbackEndpointTable {
  developer_id: string;
  url: string;
  /** AES-GCM sealed `whsec_…` (crypto.encryptSecret under the master key). */
  secret_sealed: string;
  /** The secret before the last rotation; signs too until previous_valid_until. */
  previous_secret_sealed: string | null;
  previous_valid_until: number | null;
  /** 1: TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS messageBody goes out as a JSON string; 0: as the seed page's array. */
  message_body_as_string: number;
  created_at: number;
  updated_at: number;
}

export interface CallbackMessageTable {
  id: string;
  developer_id: string;
  /** The owner of the order the message describes: the log follows the order's visibility. */
  owner_user_id: string;
  message_type: string;
  /** 0 Taobao, 1 1688 (PandaPon's messagePlatform). */
  platform: number;
  /** The exact JSON text POSTed (the signature covers these bytes, minus the per-attempt timestamp). */
  body: string;
  /** What the message is about (order id), for the log. */
  aggregate_id: string;
  event_type: string;
  status: MessageStatus;
  attempts: number;
  /** attempts at the last manual redelivery: the retry schedule restarts from there. */
  retry_base: number;
  next_attempt_at: number | null;
  /** A claimed message is invisible to other dispatchers until then (at-least-once after a crash). */
  lease_until: number | null;
  lease_owner: string | null;
  created_at: number;
  delivered_at: number | null;
  /** What the next attempt is for: 'manual' from a redelivery until that attempt is recorded. */
  next_trigger: Generated<AttemptTrigger>;
}

export interface CallbackAttemptTable {
  message_id: string;
  attempt_no: number;
  at: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  /** First 1 KiB of the receiver's answer. */
  response_snippet: string;
  dispatcher: string;
  trigger: AttemptTrigger;
}

export interface CallbackTables {
  callback_endpoints: CallbackEndpointTable;
  callback_messages: CallbackMessageTable;
  callback_attempts: CallbackAttemptTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends CallbackTables {}
}

export function callbacksMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await createCallbackEndpoints(db);
      await createCallbackMessages(db);
      await createCallbackAttempts(db);
    },
  };
}

async function createCallbackEndpoints(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('callback_endpoints')
    .addColumn('developer_id', 'text', (c) => c.primaryKey().references('developers.developer_id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_valid_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function createCallbackMessages(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('callback_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('message_type', 'text', (c) => c.notNull())
    .addColumn('platform', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_base', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  // The dispatcher's claim query reads exactly this partial index.
  await sql`CREATE INDEX callback_messages_due ON callback_messages (next_attempt_at, id) WHERE status IN ('pending', 'retrying')`.execute(
    db,
  );
  await db.schema.createIndex('callback_messages_developer').on('callback_messages').columns(['developer_id', 'id']).execute();
}

async function createCallbackAttempts(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('callback_attempts')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_snippet', 'text', (c) => c.notNull())
    .addColumn('dispatcher', 'text', (c) => c.notNull())
    // One row per attempt number: a second dispatcher recording the same attempt fails here.
    .addPrimaryKeyConstraint('callback_attempts_pk', ['message_id', 'attempt_no'])
    .execute();
}

/**
 * Messages carry their order's owner, so a viewer or buyer sub-account sees (and redelivers) only
 * the messages of its own orders, like the orders themselves (platform/db/tenancy.ts). Existing
 * messages take the owner of their order, or the developer's main user when the order is gone.
 */
export function callbackOwnerMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('callback_messages')
        .addColumn('owner_user_id', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await sql`UPDATE callback_messages SET owner_user_id = COALESCE(
        (SELECT o.owner_user_id FROM purchase_orders o WHERE o.order_id = callback_messages.aggregate_id AND o.developer_id = callback_messages.developer_id),
        (SELECT d.main_user_id FROM developers d WHERE d.developer_id = callback_messages.developer_id),
        '')`.execute(db);
      await db.schema
        .createIndex('callback_messages_owner')
        .on('callback_messages')
        .columns(['developer_id', 'owner_user_id', 'id'])
        .execute();
    },
  };
}

/** The subscription's choice of messageBody form for the Taobao status message (default: the seed page's array). */
export function callbackBodyFormMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('callback_endpoints')
        .addColumn('message_body_as_string', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

/**
 * Attempts remember why they ran (Svix's trigger_type): a redelivery marks its message, and the
 * attempt that follows records 'manual'. Rows from before read as 'scheduled'.
 */
export function callbackAttemptTriggerMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('callback_attempts')
        .addColumn('trigger', 'text', (c) => c.notNull().defaultTo('scheduled'))
        .execute();
      await db.schema
        .alterTable('callback_messages')
        .addColumn('next_trigger', 'text', (c) => c.notNull().defaultTo('scheduled'))
        .execute();
    },
  };
}
