export { createHttpServer, type ServerOptions } from './server.ts';
export { registerRoute, type HttpDeps, type ConsoleGate } from './register.ts';
export { SESSION_COOKIE, sessionCookie, clearedSessionCookie, readCookie } from './cookies.ts';
export {
  defineRoute,
  definePublicRoute,
  defineAdminRoute,
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
