/**
 * The wallet on the wire. Developers read their balance and ledger through signed routes in
 * PandaPon's style (amounts in fen, with a yuan string for display); operators top up through
 * admin routes authenticated by `Authorization: Bearer <admin token>`, never by a developer key.
 */
import { z } from 'zod';
import { LanguageParam } from '../goods/common.ts';
import { defineAdminRoute, defineRoute, ok } from '../../platform/http/index.ts';
import { getBalance, listEntries, topUp, TRANSACTION_KINDS, walletSummary, type LedgerLine } from '../../modules/wallet/index.ts';
import { MAX_WALLET_FEN } from '../../platform/money.ts';
import { chinaTime } from '../common/time.ts';

const PAGE_SIZE_DEFAULT = 20;
const PAGE_SIZE_MAX = 100;

/** 1234 → "12.34"; balances are never negative, adjustments are shown in fen. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const Fen = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const WalletBalance = z.object({
  balance: Fen.min(0).describe('Balance in fen (分)'),
  balanceYuan: z.string().describe('Balance in yuan, two decimals, e.g. "12.34"'),
  currency: z.literal('CNY'),
});

export const LedgerPageBody = z.object({
  pageNo: z.number().int().min(1).max(1_000_000).default(1).describe('Page number, from 1'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE_MAX)
    .default(PAGE_SIZE_DEFAULT)
    .describe(`Rows per page, 1–${PAGE_SIZE_MAX}, default ${PAGE_SIZE_DEFAULT}`),
  language: LanguageParam,
});

export const LedgerLineView = z.object({
  id: z.string().describe('Ledger transaction id (string of digits)'),
  kind: z.enum(TRANSACTION_KINDS).describe('topup | order_charge | refund | adjustment | freight'),
  ref: z.string().nullable().describe('What the money moved for: the order or refund id; null for top-ups and adjustments'),
  amount: Fen.describe('Signed amount in fen: negative debits the wallet, positive credits it'),
  balanceAfter: Fen.describe('Balance in fen right after this line'),
  note: z.string().nullable(),
  createTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
});

export const LedgerPage = z.object({
  totalRecords: z.number().int(),
  totalPage: z.number().int(),
  pageSize: z.number().int(),
  currentPage: z.number().int(),
  data: z.array(LedgerLineView),
});

function toView(line: LedgerLine): z.input<typeof LedgerLineView> {
  return {
    id: line.id,
    kind: line.kind,
    ref: line.ref,
    amount: line.amountFen,
    balanceAfter: line.balanceAfterFen,
    note: line.note,
    createTime: chinaTime(line.createdAt),
  };
}

export const walletBalance = defineRoute({
  method: 'GET',
  path: '/v2/open/wallet/balance',
  operationId: 'walletBalance',
  summary: 'Wallet balance',
  description: [
    'The developer’s prepaid balance (CNY).',
    'Orders are paid from it; a payment larger than the balance answers 2001 with the shortfall in fen.',
    'Any sub-account role may read it.',
  ].join(' '),
  tags: ['Wallet'],
  action: 'read',
  query: z.object({ language: LanguageParam }),
  data: WalletBalance,
  errors: [],
  handler: async (ctx) => {
    const balance = await getBalance(ctx, ctx.developerId);
    return ok({ balance, balanceYuan: fenToYuan(balance), currency: 'CNY' as const });
  },
});

export const walletLedgerPage = defineRoute({
  method: 'POST',
  path: '/v2/open/wallet/ledger/page',
  operationId: 'walletLedgerPage',
  summary: 'Wallet ledger paging query',
  description: [
    'The developer’s wallet ledger, newest first: one line per top-up, order charge, freight charge, refund or adjustment,',
    'with the balance after it. 400 names the field when pageNo or pageSize is out of range.',
  ].join(' '),
  tags: ['Wallet'],
  action: 'read',
  body: LedgerPageBody,
  data: LedgerPage,
  errors: [],
  handler: async (ctx, { body }) => {
    const { total, rows } = await listEntries(ctx, ctx.developerId, { pageNo: body.pageNo, pageSize: body.pageSize });
    return ok({
      totalRecords: total,
      totalPage: Math.ceil(total / body.pageSize),
      pageSize: body.pageSize,
      currentPage: body.pageNo,
      data: rows.map(toView),
    });
  },
});

export const adminWalletTopUp = defineAdminRoute({
  method: 'POST',
  path: '/admin/wallets/topup',
  operationId: 'adminWalletTopUp',
  summary: 'Top up a developer wallet (operator)',
  description: [
    'Credits money received outside Ponte to a developer’s wallet and answers the new balance in fen.',
    `Needs \`Authorization: Bearer <admin token>\` (411 without it).`,
    `404: unknown developer; 400: amountFen not a positive integer of at most ${MAX_WALLET_FEN}; 2008:`,
    `the balance would pass its ceiling of ${MAX_WALLET_FEN} fen (nothing is written).`,
    'Not idempotent: each call is a new top-up.',
  ].join(' '),
  tags: ['Admin'],
  roles: ['finance', 'admin'],
  body: z.object({
    developerId: z.string().trim().min(1).max(32).describe('Developer id'),
    amountFen: z.number().int().min(1).max(MAX_WALLET_FEN).describe(`Amount in fen (分), 1–${MAX_WALLET_FEN}`),
    note: z.string().max(500).optional().describe('Operator note, shown in the ledger'),
  }),
  data: z.object({ balance: Fen.min(0).describe('New balance in fen') }),
  errors: ['NOT_FOUND', 'BAD_PARAMETER', 'WALLET_LIMIT_EXCEEDED'],
  handler: async (ctx, { body }) => {
    const result = await topUp(ctx, {
      developerId: body.developerId,
      amountFen: body.amountFen,
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    return result.ok ? ok({ balance: result.balanceFen }) : result;
  },
});

// The route layer hands handlers query, body and headers but not path parameters, so the
// developer id travels in the query string.
export const adminWalletShow = defineAdminRoute({
  method: 'GET',
  path: '/admin/wallets',
  operationId: 'adminWalletShow',
  summary: 'Show a developer wallet (operator)',
  description: [
    'Balance in fen and the number of ledger lines of the developer’s wallet.',
    'Needs `Authorization: Bearer <admin token>` (411 without it). 404: unknown developer.',
  ].join(' '),
  tags: ['Admin'],
  roles: ['finance', 'support', 'admin'],
  query: z.object({ developerId: z.string().trim().min(1).max(32).describe('Developer id') }),
  data: z.object({ balance: Fen.min(0), entries: z.number().int().min(0).describe('Number of ledger lines (one per transaction)') }),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const summary = await walletSummary(ctx, query.developerId);
    return summary.ok ? ok({ balance: summary.balanceFen, entries: summary.entries }) : summary;
  },
});

export const walletRoutes = [walletBalance, walletLedgerPage, adminWalletTopUp, adminWalletShow] as const;
