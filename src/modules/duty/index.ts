export { DutyTable, DutyTableInput, parseDutyTable, Basis, Currency, CURRENCIES, type Rule, type Threshold } from './table.ts';
export { DEFAULT_DUTY_TABLE } from './default-table.ts';
export { dutyMigration } from './schema.ts';
export { activeDutyTable, dutyFxNeeds, loadDutyTable, type ActiveDutyTable } from './store.ts';
export { estimateLandedCost, toFen, type LandedInput, type LandedEstimate, type AppliedRule } from './landed.ts';
