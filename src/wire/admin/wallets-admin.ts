/** The finance side of the console: signed adjustments with a reason, and a developer's ledger with the running balance. */
import { z } from 'zod';
import { adjust, listEntries, TRANSACTION_KINDS } from '../../modules/wallet/index.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';
import { defineAdminRoute, ok } from '../../platform/http/index.ts';
import { DeveloperIdParam, Paging } from './admin-common.ts';

const adjustment = defineAdminRoute({
  method: 'POST',
  path: '/admin/wallets/adjust',
  roles: ['finance', 'admin'],
  operationId: 'adminWalletAdjust',
  summary: 'Correct a wallet by a signed amount, with the reason kept in the ledger',
  description: `A debit never takes the balance below zero (2001); a credit never past ${MAX_WALLET_FEN} fen (2008). Not idempotent: each call is a new adjustment.`,
  tags: ['Admin'],
  body: z.object({
    developerId: DeveloperIdParam,
    amountFen: z
      .number()
      .int()
      .min(-MAX_WALLET_FEN)
      .max(MAX_WALLET_FEN)
      .refine((value) => value !== 0, 'must not be 0')
      .describe('Fen; positive credits, negative debits'),
    reason: z.string().trim().min(1).max(200).describe('Why, shown in the ledger as the note'),
  }),
  data: z.object({ balanceFen: z.number().int(), entryId: z.string().describe('The ledger transaction id') }),
  errors: ['NOT_FOUND', 'INSUFFICIENT_BALANCE', 'WALLET_LIMIT_EXCEEDED'],
  handler: async (ctx, { body }) => {
    const done = await adjust(ctx, { developerId: body.developerId, amountFen: body.amountFen, note: body.reason });
    return done.ok ? ok({ balanceFen: done.balanceFen, entryId: done.transactionId }) : done;
  },
});

const ledger = defineAdminRoute({
  method: 'GET',
  path: '/admin/wallets/ledger',
  roles: ['finance', 'admin', 'support'],
  operationId: 'adminWalletLedger',
  summary: 'A developer’s ledger, newest first, with the balance after each line',
  tags: ['Admin'],
  query: Paging.extend({ developerId: DeveloperIdParam }),
  data: z.object({
    total: z.number().int(),
    rows: z.array(
      z.object({
        entryId: z.string(),
        at: z.number().int(),
        kind: z.enum(TRANSACTION_KINDS),
        amountFen: z.number().int(),
        balanceAfterFen: z.number().int(),
        ref: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }),
  errors: [],
  handler: async (ctx, { query }) => {
    const page = await listEntries(ctx, query.developerId, { pageNo: query.page, pageSize: query.pageSize });
    return ok({
      total: page.total,
      rows: page.rows.map((line) => ({
        entryId: line.id,
        at: line.createdAt,
        kind: line.kind,
        amountFen: line.amountFen,
        balanceAfterFen: line.balanceAfterFen,
        ref: line.ref,
        note: line.note,
      })),
    });
  },
});

export const adminWalletRoutes = [adjustment, ledger] as const;
