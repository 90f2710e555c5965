export { DutyTable, parseDutyTable, Basis, Currency, CURRENCIES, type Rule, type FxSnapshot, type Threshold } from './table.ts';
export { DEFAULT_DUTY_TABLE } from './default-table.ts';
export { dutyMigration } from './schema.ts';
export { activeDutyTable, loadDutyTable, type ActiveDutyTable } from './store.ts';
export { estimateLandedCost, toFen, type LandedInput, type LandedEstimate, type AppliedRule } from './landed.ts';
