export { accountsMigration, developerRateLimitMigration, developerStatusMigration } from './schema.ts';
export { createDeveloper, createSubAccount, type CreatedDeveloper } from './developers.ts';
export { rotateKey, setRequireHmac, pinKey, revealSecret } from './keys.ts';
export { createCallers } from './callers.ts';
export { findDeveloper, listKeys, type DeveloperView, type KeyView } from './views.ts';
export { setDeveloperDisabled } from './status.ts';
export { ownRateLimit, setRateLimit } from './rate-limits.ts';
