export { fulfilmentMigration } from './schema.ts';
export { fulfilmentTick, trackingEvents, type TrackingEvent } from './run.ts';
export { advanceSandbox, sellerWorkSince } from './advance.ts';
