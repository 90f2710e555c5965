/**
 * The developer console's own endpoints under /console/dev/api: sign in with a one-time link
 * (sets the `ponte_dev_session` cookie), who am I, sign out, rotate the key. Everything else the
 * console shows comes from the documented signed API, called with the same cookie
 * (platform/http/dev-session.ts). Sessions run on the wall clock.
 */
import { z } from 'zod';
import { listKeys, rotateKey } from '../../modules/accounts/index.ts';
import { DEV_SESSION_ABSOLUTE_MS, endDevSession, redeemSigninLink } from '../../modules/devconsole/index.ts';
import type { SystemCtx } from '../../platform/context.ts';
import {
  clearedSessionCookie,
  defineDeveloperRoute,
  definePublicRoute,
  DEV_SESSION_COOKIE,
  ok,
  sessionCookie,
  type RouteServices,
} from '../../platform/http/index.ts';

function onWallClock<C extends SystemCtx>(ctx: C, services: RouteServices): C {
  return { ...ctx, clock: services.wallClock };
}

const signin = definePublicRoute({
  method: 'POST',
  path: '/console/dev/api/signin',
  operationId: 'devConsoleSignin',
  summary: 'Sign a developer in to the developer console with a one-time link token (sets the session cookie)',
  description: 'An unknown, used or expired token answers 4011; a link signs in once.',
  tags: ['Developer console'],
  body: z.object({ token: z.string().min(1).max(128).describe('The token of the sign-in link (after #/signin/)') }),
  data: z.object({
    developerId: z.string(),
    name: z.string(),
    csrfToken: z.string().describe('Send as header x-csrf-token on every non-GET'),
    expiresAt: z.number().int().describe("The session's absolute end, epoch milliseconds"),
  }),
  errors: ['DEV_SIGNIN_INVALID'],
  handler: async (ctx, { body, client, services, setCookie }) => {
    const signed = await redeemSigninLink(onWallClock(ctx, services), body.token);
    if (!signed.ok) return signed;
    setCookie(
      sessionCookie(signed.token, { secure: client.secure, maxAgeSeconds: DEV_SESSION_ABSOLUTE_MS / 1000, name: DEV_SESSION_COOKIE }),
    );
    const { developerId, name } = signed.developer;
    return ok({ developerId, name, csrfToken: signed.csrfToken, expiresAt: signed.expiresAt });
  },
});

const logout = defineDeveloperRoute({
  method: 'POST',
  path: '/console/dev/api/logout',
  operationId: 'devConsoleLogout',
  summary: 'End the developer console session and clear its cookie',
  tags: ['Developer console'],
  data: z.object({ signedOut: z.boolean() }),
  errors: [],
  handler: async (ctx, { client, services, setCookie }) => {
    await endDevSession(onWallClock(ctx, services), ctx.developer.tokenHash);
    setCookie(clearedSessionCookie(client.secure, DEV_SESSION_COOKIE));
    return ok({ signedOut: true });
  },
});

const KeySchema = z.object({
  accessKey: z.string(),
  createdAt: z.number().int(),
  rotatedAt: z.number().int().nullable(),
  previousValidUntil: z.number().int().nullable().describe('Until when the previous secret still signs (epoch ms), or null'),
  requireHmac: z.boolean(),
});

const me = defineDeveloperRoute({
  method: 'GET',
  path: '/console/dev/api/me',
  operationId: 'devConsoleMe',
  summary: 'The signed-in developer, its main user and its keys (never a secret)',
  tags: ['Developer console'],
  data: z.object({
    developerId: z.string(),
    name: z.string(),
    userId: z.string().describe('The main user id, as which the console calls the signed API'),
    csrfToken: z.string(),
    keys: z.array(KeySchema),
  }),
  errors: [],
  handler: async (ctx) => {
    const { developerId, name, mainUserId } = ctx.developer;
    return ok({ developerId, name, userId: mainUserId, csrfToken: ctx.csrfToken, keys: await listKeys(ctx, developerId) });
  },
});

const rotate = defineDeveloperRoute({
  method: 'POST',
  path: '/console/dev/api/keys/rotate',
  operationId: 'devConsoleRotateKey',
  summary: 'Issue a new secret for the access key (shown once); the old one keeps signing for graceSeconds',
  tags: ['Developer console'],
  body: z.object({ graceSeconds: z.number().int().min(0).max(604_800).default(86_400) }).default({ graceSeconds: 86_400 }),
  data: z.object({
    accessKey: z.string(),
    secretKey: z.string().describe('The new secret: shown this once, never again'),
    previousValidUntil: z.number().int().nullable(),
  }),
  errors: ['NOT_FOUND'],
  // Business time, as `ponte keys rotate`: the gateway judges the grace on the same clock.
  handler: async (ctx, { body }) => {
    const rotated = await rotateKey(ctx, ctx.developer.developerId, body.graceSeconds * 1000);
    if (!rotated.ok) return rotated;
    return ok({ accessKey: rotated.accessKey, secretKey: rotated.accessSecret, previousValidUntil: rotated.previousValidUntil });
  },
});

export const devConsoleRoutes = [signin, logout, me, rotate];
