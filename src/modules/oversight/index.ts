/** Read models for the operators' console, across the modules' tables; writes stay with each table's module. */
export { pageDevelopers, developerRow, DEVELOPER_SORTS, type DeveloperRow, type DeveloperPageQuery } from './developers.ts';
export { developerDetail, type DeveloperDetail, type CallbackHealth } from './developer-detail.ts';
export { dashboard, type Dashboard } from './dashboard.ts';
