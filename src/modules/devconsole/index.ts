export { devConsoleMigration } from './schema.ts';
export {
  createSigninLink,
  redeemSigninLink,
  resumeDevSession,
  endDevSession,
  SIGNIN_LINK_MS,
  DEV_SESSION_IDLE_MS,
  DEV_SESSION_ABSOLUTE_MS,
  type SigninLink,
  type DevSession,
  type DevSignedIn,
} from './sessions.ts';
export { developerGate } from './gate.ts';
