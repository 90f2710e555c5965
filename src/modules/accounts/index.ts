export { createDeveloper, createSubAccount, type CreatedDeveloper } from './developers.ts';
export { rotateKey, setRequireHmac, pinKey, revealSecret } from './keys.ts';
export { findCaller, createCallerLookup } from './callers.ts';
export { accountsMigration } from './schema.ts';
