export { createHttpServer, type ServerOptions } from './server.ts';
export { registerRoute, type HttpDeps } from './register.ts';
export type { ConsoleGate } from './admin-gate.ts';
export type { DeveloperGate } from './dev-session.ts';
export { SESSION_COOKIE, DEV_SESSION_COOKIE, sessionCookie, clearedSessionCookie, readCookie } from './cookies.ts';
export {
  defineRoute,
  definePublicRoute,
  defineAdminRoute,
  defineDeveloperRoute,
  type DeveloperCtx,
  type SessionDeveloper,
  ok,
  envelopeSchema,
  type Result,
  type AnyRoute,
  type PublicCtx,
  type AdminCtx,
  type Actor,
  type OperatorRole,
  OPERATOR_ROLES,
  rolesOf,
  actorLabel,
  type OperationsOf,
  type RouteServices,
  type MultipartSpec,
  type UploadedFile,
} from './route.ts';
export { routeCodes } from './openapi.ts';
export { wireFailure, type FieldNames } from './fields.ts';
export { requestLanguage } from './register.ts';
export { sendFailure } from './envelope.ts';
