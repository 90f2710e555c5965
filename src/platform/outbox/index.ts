export { emitEvent, type EventInput } from './emit.ts';
export { createOutboxTable, type OutboxEventTable, type OutboxTables } from './schema.ts';
export { outboxCursor, settleOutboxCursor, OUTBOX_CURSOR_LAG_MS } from './cursor.ts';
