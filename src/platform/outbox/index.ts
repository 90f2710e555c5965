export { emitEvent, type EventInput } from './emit.ts';
export { createOutboxTable, type OutboxEventTable, type OutboxTables } from './schema.ts';
