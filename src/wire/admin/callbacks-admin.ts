/**
 * The operator console's callback delivery log across developers (the developer's own is
 * /v2/open/callback/log, whose message view this reuses, with the developer added) and redelivery.
 */
import { z } from 'zod';
import { ADMIN_LOG_STATES, adminRedeliver, pageAdminCallbackLog } from '../../modules/callbacks/index.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { MessageLogView, toLogView } from '../callbacks/routes.ts';
import { DeveloperIdParam, Paging } from './admin-common.ts';

const log = defineAdminRoute({
  method: 'GET',
  path: '/admin/callbacks/log',
  roles: ['admin', 'support'],
  operationId: 'adminCallbackLog',
  summary: 'Callback messages of every developer with their attempts, newest first',
  description: '`state=pending` also covers messages waiting for a retry (status `retrying`).',
  tags: ['Admin'],
  query: Paging.extend({
    developerId: DeveloperIdParam.optional(),
    state: z.enum(ADMIN_LOG_STATES).optional(),
    messageType: z.string().trim().min(1).max(64).optional(),
  }),
  data: z.object({ total: z.number().int(), rows: z.array(MessageLogView.extend({ developerId: z.string() })) }),
  errors: ['BAD_PARAMETER'],
  handler: async (ctx, { query }) => {
    const page = await pageAdminCallbackLog(ctx, query);
    return ok({ total: page.total, rows: page.rows.map((m) => ({ ...toLogView(m), developerId: m.developerId })) });
  },
});

const redeliver = defineAdminRoute({
  method: 'POST',
  path: '/admin/callbacks/redeliver',
  roles: ['admin', 'support'],
  operationId: 'adminCallbackRedeliver',
  summary: 'Queue a new delivery attempt of any message now (manual trigger), whatever its status',
  tags: ['Admin'],
  body: z.object({ messageId: z.string().regex(/^\d{1,24}$/, 'must be a message id (digits)') }),
  data: z.object({ queued: z.number().int(), messageIds: z.array(z.string()) }),
  errors: ['BAD_PARAMETER', 'NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const done = await adminRedeliver(ctx, body.messageId);
    return done.ok ? ok({ queued: 1, messageIds: [done.messageId] }) : done;
  },
});

export const adminCallbackRoutes = [log, redeliver];
