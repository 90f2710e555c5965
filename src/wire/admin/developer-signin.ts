/**
 * POST /admin/developers/signin-link: an operator makes a one-time link that signs a developer in
 * to the developer console (docs/decisions/019-developer-console.md). The link runs on the wall
 * clock: moving the sandbox's business time neither ages nor revives it.
 */
import { z } from 'zod';
import { createSigninLink } from '../../modules/devconsole/index.ts';
import { defineAdminRoute } from '../../platform/http/index.ts';
import { baseUrl } from '../goods/common.ts';

export const adminDeveloperSigninRoute = defineAdminRoute({
  method: 'POST',
  path: '/admin/developers/signin-link',
  operationId: 'adminDeveloperSigninLink',
  summary: 'Make a one-time developer console sign-in link (15 minutes, single use)',
  description: 'The token is shown once; the database keeps its SHA-256. A used or expired link answers 4011 at sign-in.',
  tags: ['Developer console'],
  roles: ['admin', 'support'],
  body: z.object({ developerId: z.string().regex(/^\d{1,24}$/, 'must be a developer id (digits)') }),
  data: z.object({
    url: z.string().describe('<public URL>/console/dev/#/signin/<token>'),
    token: z.string().describe('256-bit random token, base64url'),
    expiresAt: z.number().int().describe('Epoch milliseconds (wall clock)'),
  }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body, headers, services }) => {
    const link = await createSigninLink({ ...ctx, clock: services.wallClock }, body.developerId, baseUrl(headers, services.publicUrl));
    if (!link.ok) return link;
    return { ok: true, data: { url: link.url, token: link.token, expiresAt: link.expiresAt } };
  },
});
