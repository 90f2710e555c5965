/**
 * A route is a declaration: method, path (+ v1 aliases), schemas, the action it needs, the codes
 * it may answer with, and a handler that reads validated input, calls one service function with
 * ctx and returns a Result. Everything else (auth, validation, envelope, docs) is done once, in
 * register.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { Action } from '../auth/roles.ts';
import type { RateLimit } from '../auth/ratelimit.ts';
import type { Ctx, SystemCtx } from '../context.ts';
import type { ErrorName, Failure, Language } from '../errors.ts';
import type { FieldNames } from './fields.ts';

/** A handler's answer: its data, or an expected failure from the error table. */
export type Result<T> = { ok: true; data: T } | Failure;

export type PublicCtx = SystemCtx & { readonly language: Language };

/**
 * The people who run a deployment sign in to the console with one of these roles; each admin
 * route names the roles that may call it. The admin bearer token is above them all.
 */
export const OPERATOR_ROLES = ['admin', 'purchaser', 'warehouse', 'finance', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Who makes an admin call: the bearer token (CLI, scripts) or a signed-in operator. */
export type Actor =
  | { kind: 'token' }
  | { kind: 'operator'; id: string; login: string; name: string; role: OperatorRole; tokenHash: string; csrfToken: string };

export type AdminCtx = PublicCtx & { readonly actor: Actor };

/** The developer a developer console session signs in (never a secret). */
export interface SessionDeveloper {
  developerId: string;
  name: string;
  mainUserId: string;
  /** The main access key, whose rate-limit bucket the session spends. */
  accessKey: string;
  /** The developer's own rate limit; null: the deployment's applies. */
  rateLimit: RateLimit | null;
  tokenHash: string;
}

export type DeveloperCtx = PublicCtx & { readonly developer: SessionDeveloper; readonly csrfToken: string };

/** How history rows name who acted: `operator:<login>` for a console session, `operator` for the bearer token. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'operator' ? `operator:${actor.login}` : 'operator';
}

/**
 * What a route needs at run time besides ctx and its input: the marketplace Source, the public
 * URL, fetch policies. The wire layer declares the fields (`wire/services.ts` merges them into this
 * interface) and buildApp supplies one value for every route, so each route stays a module-level
 * declaration instead of a closure over its dependencies.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from the wire layer
export interface RouteServices {}

export interface Input<Q, B, P = undefined> {
  query: Q;
  body: B;
  /** The path parameters (`{refundId}` in the route's path), validated by the route's `params` schema. */
  params: P;
  headers: IncomingHttpHeaders;
  services: RouteServices;
  /** The file of a multipart/form-data request (routes that declare `multipart` only). */
  file?: UploadedFile | undefined;
  /** Where the request came from: the peer address and whether it reached Ponte over https. */
  client: { address: string; secure: boolean };
  /** Adds a Set-Cookie header to the answer (the console's sign-in and sign-out). */
  setCookie(cookie: string): void;
}

/** A route that also takes multipart/form-data: one file in `field`, at most `maxBytes`. */
export interface MultipartSpec {
  field: string;
  maxBytes: number;
}

export interface UploadedFile {
  fileName: string;
  mimeType: string;
  /** At most maxBytes + 1 bytes: a longer file is cut there and marked truncated. */
  bytes: Buffer;
  truncated: boolean;
}

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/**
 * A route is a declaration: method, path (+ v1 aliases), schemas, the action it needs, the codes
 * it may answer with, and a handler that reads validated input, calls one service function with
 * ctx and returns a Result. Everything else (auth, validation, envelope, docs) is done once, in
 * register.ts.
 */
interface BaseSpec<Q extends Schema | undefined, B extends Schema | undefined, D extends Schema, P extends Schema | undefined> {
  method: 'GET' | 'POST';
  /** May hold `{name}` segments (path parameters, as OpenAPI writes them); each needs a member of `params`. */
  path: string;
  /** Older paths served by the same handler (PandaPon v1 aliases). */
  aliases?: string[];
  /**
   * A GET route also served as POST (the PandaPon pages list some reads as POST): the query
   * parameters may then come in the JSON body, the query string, or both (the body wins).
   */
  alsoPost?: true;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  query?: Q;
  body?: B;
  /** The path parameters' schema (an object with one member per `{name}` of the path). */
  params?: P;
  data: D;
  /** Codes the handler itself may return; the gateway's codes are added for signed routes. */
  errors: ErrorName[];
  /** How the services' field names read on this route's wire (see fields.ts). */
  fields?: FieldNames;
  /**
   * Also take multipart/form-data (text fields become the body; the file is `input.file`). In HMAC
   * mode such a body is not signed (see auth/gateway.ts); a JSON body still is.
   */
  multipart?: MultipartSpec;
}

export interface SignedRouteSpec<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  D extends Schema,
  P extends Schema | undefined = undefined,
> extends BaseSpec<Q, B, D, P> {
  auth: 'signed';
  action: Action;
  handler(ctx: Ctx, input: Input<Out<Q>, Out<B>, Out<P>>): Promise<Result<z.input<D>>>;
}

export interface PublicRouteSpec<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  D extends Schema,
  P extends Schema | undefined = undefined,
> extends BaseSpec<Q, B, D, P> {
  auth: 'public';
  /**
   * A probe for load balancers and orchestrators, which read the HTTP status and nothing else: a
   * failure answers the envelope with its code as the HTTP status (e.g. 503), not 200.
   */
  probe?: true;
  handler(ctx: PublicCtx, input: Input<Out<Q>, Out<B>, Out<P>>): Promise<Result<z.input<D>>>;
}

/**
 * Operator endpoints: `Authorization: Bearer <admin token>`, or a console session cookie (with
 * `x-csrf-token` on every non-GET) whose operator has one of `roles`; never a developer key.
 */
export interface AdminRouteSpec<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  D extends Schema,
  P extends Schema | undefined = undefined,
> extends BaseSpec<Q, B, D, P> {
  auth: 'admin';
  /** The operator roles that may call the route; ['admin'] when not given. */
  roles?: readonly OperatorRole[];
  handler(ctx: AdminCtx, input: Input<Out<Q>, Out<B>, Out<P>>): Promise<Result<z.input<D>>>;
}

/** Developer console endpoints: the `ponte_dev_session` cookie, with `x-csrf-token` on every non-GET. */
export interface DeveloperRouteSpec<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  D extends Schema,
  P extends Schema | undefined = undefined,
> extends BaseSpec<Q, B, D, P> {
  auth: 'developer';
  handler(ctx: DeveloperCtx, input: Input<Out<Q>, Out<B>, Out<P>>): Promise<Result<z.input<D>>>;
}

export function rolesOf(
  route: AdminRouteSpec<Schema | undefined, Schema | undefined, Schema, Schema | undefined>,
): readonly OperatorRole[] {
  return route.roles ?? ['admin'];
}

/**
 * Any route, whatever its schemas. The handlers are method signatures, whose parameters TypeScript
 * checks bivariantly, so a route with a precise input type is still one of these.
 */
export type AnyRoute =
  | SignedRouteSpec<Schema | undefined, Schema | undefined, Schema, Schema | undefined>
  | PublicRouteSpec<Schema | undefined, Schema | undefined, Schema, Schema | undefined>
  | AdminRouteSpec<Schema | undefined, Schema | undefined, Schema, Schema | undefined>
  | DeveloperRouteSpec<Schema | undefined, Schema | undefined, Schema, Schema | undefined>;

// M and P are captured as literal types so the SDK's operation keys ('POST /v2/…') stay precise.
export function defineRoute<
  const M extends 'GET' | 'POST',
  const P extends string,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  D extends Schema = Schema,
  R extends Schema | undefined = undefined,
>(
  spec: Omit<SignedRouteSpec<Q, B, D, R>, 'auth' | 'method' | 'path'> & { method: M; path: P },
): SignedRouteSpec<Q, B, D, R> & { method: M; path: P } {
  return { ...spec, auth: 'signed' };
}

export function definePublicRoute<
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  D extends Schema = Schema,
  P extends Schema | undefined = undefined,
>(spec: Omit<PublicRouteSpec<Q, B, D, P>, 'auth'>): PublicRouteSpec<Q, B, D, P> {
  return { ...spec, auth: 'public' };
}

export function defineAdminRoute<
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  D extends Schema = Schema,
  P extends Schema | undefined = undefined,
>(spec: Omit<AdminRouteSpec<Q, B, D, P>, 'auth'>): AdminRouteSpec<Q, B, D, P> {
  return { ...spec, auth: 'admin' };
}

export function defineDeveloperRoute<
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  D extends Schema = Schema,
  P extends Schema | undefined = undefined,
>(spec: Omit<DeveloperRouteSpec<Q, B, D, P>, 'auth'>): DeveloperRouteSpec<Q, B, D, P> {
  return { ...spec, auth: 'developer' };
}

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

/** The PandaPon envelope around a route's data schema (for docs and response checks). */
export function envelopeSchema<D extends Schema>(data: D) {
  return z.object({
    requestId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe('Request id for log lookup, 32 lowercase hex'),
    code: z.number().int().describe('200 = success; see the error-code table'),
    developId: z.string().describe('Developer id (string of digits); empty when the caller is unknown'),
    msg: z.string().describe('Message for the code, in the request language (zh default)'),
    data: data.nullable(),
  });
}

type InputOf<S> = [Exclude<S, undefined>] extends [never]
  ? undefined
  : Exclude<S, undefined> extends Schema
    ? z.input<Exclude<S, undefined>>
    : undefined;

/** Signed routes' operation map for the SDK: `'POST /v2/open/address/addOrUpdate'` → types. */
export type OperationsOf<R extends readonly AnyRoute[]> = {
  [K in R[number] as K extends { auth: 'signed' } ? `${K['method']} ${K['path']}` : never]: {
    query: InputOf<K['query']>;
    body: InputOf<K['body']>;
    params: InputOf<K['params']>;
    data: z.output<K['data']>;
  };
};
