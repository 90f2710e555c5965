/** What the console's list routes share: the five roles, paging, the platform spelling. */
import { z } from 'zod';
import type { OperatorRole } from '../../platform/http/index.ts';

export const ALL_ROLES: readonly OperatorRole[] = ['admin', 'purchaser', 'warehouse', 'finance', 'support'];

export const Paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const DeveloperIdParam = z.string().regex(/^\d{1,24}$/, 'must be a developer id (digits)');
export const OrderIdParam = z.string().regex(/^\d{1,24}$/, 'must be an order id (digits)');

/** The console says `alibaba` where the tables say `1688`, as the path prefixes do. */
export const WirePlatform = z.enum(['taobao', 'alibaba']);
export const fromWirePlatform = (p: 'taobao' | 'alibaba') => (p === 'alibaba' ? ('1688' as const) : ('taobao' as const));
export const toWirePlatform = (p: 'taobao' | '1688') => (p === '1688' ? ('alibaba' as const) : ('taobao' as const));
