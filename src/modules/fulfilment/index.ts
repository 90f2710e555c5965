export { fulfilmentMigration, type FulfilmentTables } from './schema.ts';
export { scheduleFulfilment } from './schedule.ts';
export { runDueTasks, fulfilmentTick, trackingEvents, type TrackingEvent } from './run.ts';
export { advanceSandbox, sellerWorkSince } from './advance.ts';
