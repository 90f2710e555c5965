/**
 * Developers as operators manage them (the console's developer screens; the CLI's `ponte developer`,
 * `keys` and `subaccount` do the same). Secrets are answered once, by create and rotate; every other
 * read shows key metadata only.
 */
import { z } from 'zod';
import {
  createDeveloper,
  createSubAccount,
  rotateKey,
  setDeveloperDisabled,
  setRateLimit,
  setRequireHmac,
} from '../../modules/accounts/index.ts';
import { DEVELOPER_SORTS, developerDetail, developerRow, pageDevelopers } from '../../modules/oversight/index.ts';
import { SUB_ACCOUNT_ROLES } from '../../platform/auth/roles.ts';
import { fail } from '../../platform/errors.ts';
import type { AdminCtx } from '../../platform/http/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { DeveloperIdParam, Paging } from './admin-common.ts';

declare module '../../platform/http/route.ts' {
  interface RouteServices {
    /** The deployment's signed-call rate limit (PONTE_RATE_LIMIT / PONTE_RATE_BURST). */
    readonly rateLimit: { perSecond: number; burst: number };
  }
}

const READERS = ['admin', 'support', 'finance'] as const;

const Row = z.object({
  developerId: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  createdAt: z.number().int(),
  balanceFen: z.number().int().describe('Wallet balance, fen'),
  requireHmac: z.boolean(),
  accessKey: z.string(),
  subAccountCount: z.number().int(),
  callbackUrl: z.string().nullable(),
});

const Key = z.object({
  accessKey: z.string(),
  createdAt: z.number().int(),
  rotatedAt: z.number().int().nullable(),
  previousValidUntil: z.number().int().nullable().describe('Until when the previous secret still signs (epoch ms)'),
  requireHmac: z.boolean(),
});

const Detail = z.object({
  developer: Row,
  keys: z.array(Key),
  subAccounts: z.array(z.object({ userId: z.string(), role: z.string(), createdAt: z.number().int() })),
  rateLimit: z.object({
    perSecond: z.number().int(),
    burst: z.number().int(),
    custom: z.boolean().describe('true: the developer’s own limit; false: the deployment’s (PONTE_RATE_LIMIT / PONTE_RATE_BURST)'),
  }),
  callback: z.object({
    url: z.string().nullable(),
    pending: z.number().int(),
    delivered24h: z.number().int(),
    failed24h: z.number().int(),
    lastFailureAt: z.number().int().nullable(),
    lastError: z.string().nullable(),
  }),
});

/**
 * A developer's own limit. The ceilings keep one developer from being given more than a node can
 * serve; a burst below the rate would refuse calls the rate admits, so it is at least the rate.
 */
const RATE_LIMIT_BOUNDS = { perSecond: { min: 1, max: 10_000 }, burst: { max: 100_000 } } as const;
const OwnRateLimit = z
  .object({
    perSecond: z.number().int().min(RATE_LIMIT_BOUNDS.perSecond.min).max(RATE_LIMIT_BOUNDS.perSecond.max).describe('Tokens per second'),
    burst: z
      .number()
      .int()
      .min(RATE_LIMIT_BOUNDS.perSecond.min)
      .max(RATE_LIMIT_BOUNDS.burst.max)
      .describe('Bucket size, at least perSecond'),
  })
  .superRefine((limit, issues) => {
    if (limit.burst < limit.perSecond) {
      issues.addIssue({
        code: 'too_small',
        origin: 'number',
        minimum: limit.perSecond,
        inclusive: true,
        path: ['burst'],
        input: limit.burst,
      });
    }
  });

const NewSecret = z.object({
  accessKey: z.string(),
  secretKey: z.string().describe('Shown once: Ponte keeps it sealed and never answers it again'),
  previousValidUntil: z.number().int().nullable(),
});

async function detailOf(ctx: AdminCtx, developerId: string, rateLimit: { perSecond: number; burst: number }) {
  const found = await developerDetail(ctx, developerId, rateLimit);
  return found ? ok(found) : fail('NOT_FOUND', { what: `developer ${developerId}` });
}

const list = defineAdminRoute({
  method: 'GET',
  path: '/admin/developers',
  roles: READERS,
  operationId: 'adminDevelopers',
  summary: 'Developers, paged, with wallet balance, key and callback URL',
  description: '`q` matches the start of a developer id or any part of a name (case-insensitive).',
  tags: ['Admin'],
  query: Paging.extend({
    q: z.string().trim().max(64).optional(),
    disabled: z.enum(['true', 'false']).optional(),
    sort: z.enum(DEVELOPER_SORTS).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
  }),
  data: z.object({ total: z.number().int(), rows: z.array(Row) }),
  errors: [],
  handler: async (ctx, { query }) =>
    ok(await pageDevelopers(ctx, { ...query, disabled: query.disabled === undefined ? undefined : query.disabled === 'true' })),
});

const create = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/create',
  operationId: 'adminDeveloperCreate',
  summary: 'Create a developer with its main user and key (the secret is answered once)',
  tags: ['Admin'],
  body: z.object({ name: z.string().trim().min(1).max(64) }),
  data: z.object({ developerId: z.string(), name: z.string(), userId: z.string(), accessKey: z.string(), secretKey: z.string() }),
  errors: [],
  handler: async (ctx, { body }) => {
    const made = await createDeveloper(ctx, { name: body.name });
    return ok({
      developerId: made.developerId,
      name: body.name,
      userId: made.userId,
      accessKey: made.accessKey,
      secretKey: made.accessSecret,
    });
  },
});

const detail = defineAdminRoute({
  method: 'GET',
  path: '/admin/developers/detail',
  roles: READERS,
  operationId: 'adminDeveloperDetail',
  summary: 'One developer: keys (no secrets), sub-accounts, rate limit, callback delivery health',
  tags: ['Admin'],
  query: z.object({ developerId: DeveloperIdParam }),
  data: Detail,
  errors: ['NOT_FOUND'],
  handler: (ctx, { query, services }) => detailOf(ctx, query.developerId, services.rateLimit),
});

const disable = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/disable',
  operationId: 'adminDeveloperDisable',
  summary: 'Disable a developer (its signed calls answer 4031, its console sessions end) or enable it again',
  tags: ['Admin'],
  body: z.object({ developerId: DeveloperIdParam, disabled: z.boolean() }),
  data: Row,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const done = await setDeveloperDisabled(ctx, body.developerId, body.disabled);
    if (!done.ok) return done;
    const row = await developerRow(ctx, body.developerId);
    return row ? ok(row) : fail('NOT_FOUND', { what: `developer ${body.developerId}` });
  },
});

const rotate = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/keys/rotate',
  operationId: 'adminDeveloperKeyRotate',
  summary: 'Rotate a developer’s secret; the previous one keeps signing for the grace (business time)',
  tags: ['Admin'],
  body: z.object({ developerId: DeveloperIdParam, graceSeconds: z.number().int().min(0).max(604_800).default(86_400) }),
  data: NewSecret,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const rotated = await rotateKey(ctx, body.developerId, body.graceSeconds * 1000);
    if (!rotated.ok) return rotated;
    return ok({ accessKey: rotated.accessKey, secretKey: rotated.accessSecret, previousValidUntil: rotated.previousValidUntil });
  },
});

const subAccount = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/subaccounts/create',
  operationId: 'adminSubAccountCreate',
  summary: 'Add a sub-account (a user id that signs with the developer’s key under a narrower role)',
  tags: ['Admin'],
  body: z.object({ developerId: DeveloperIdParam, role: z.enum(SUB_ACCOUNT_ROLES) }),
  data: z.object({ userId: z.string(), role: z.enum(SUB_ACCOUNT_ROLES) }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const made = await createSubAccount(ctx, body.developerId, body.role);
    return made.ok ? ok({ userId: made.userId, role: body.role }) : made;
  },
});

const requireHmac = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/require-hmac',
  operationId: 'adminDeveloperRequireHmac',
  summary: 'Make HMAC-SHA256 signatures mandatory for a developer (or optional again)',
  tags: ['Admin'],
  body: z.object({ developerId: DeveloperIdParam, required: z.boolean() }),
  data: Detail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, services }) => {
    const done = await setRequireHmac(ctx, body.developerId, body.required);
    return done.ok ? detailOf(ctx, body.developerId, services.rateLimit) : done;
  },
});

const rateLimit = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/rate-limit',
  operationId: 'adminDeveloperRateLimit',
  summary: 'Give a developer its own rate limit, or the deployment’s again (`limit: null`); applies from its next call',
  description: `perSecond ${RATE_LIMIT_BOUNDS.perSecond.min}–${RATE_LIMIT_BOUNDS.perSecond.max}, burst perSecond–${RATE_LIMIT_BOUNDS.burst.max}.`,
  tags: ['Admin'],
  body: z.object({ developerId: DeveloperIdParam, limit: OwnRateLimit.nullable() }),
  data: Detail,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, services }) => {
    const done = await setRateLimit(ctx, body.developerId, body.limit);
    return done.ok ? detailOf(ctx, body.developerId, services.rateLimit) : done;
  },
});

export const adminDeveloperRoutes = [list, create, detail, disable, rotate, subAccount, requireHmac, rateLimit] as const;
