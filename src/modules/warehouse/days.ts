// The warehouse's calendar is the platform's China calendar (freight dates its rate cards by it too).
export { dayStartMs, daysStored, warehouseDay } from '../../platform/days.ts';
