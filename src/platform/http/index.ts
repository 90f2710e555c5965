export { createHttpServer, type ServerOptions } from './server.ts';
export { registerRoute, type HttpDeps } from './register.ts';
export {
  defineRoute,
  definePublicRoute,
  defineAdminRoute,
  ok,
  envelopeSchema,
  type Result,
  type AnyRoute,
  type PublicCtx,
  type OperationsOf,
  type RouteServices,
  type MultipartSpec,
  type UploadedFile,
} from './route.ts';
export { routeCodes } from './openapi.ts';
export { wireFailure, type FieldNames } from './fields.ts';
