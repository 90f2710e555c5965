/**
 * Operators' view of developers: one row joins what several modules keep about a developer (its
 * key, wallet, sub-accounts, callback endpoint and deliveries). It only reads; every change goes
 * through the module that owns the table.
 */
import { sql } from 'kysely';
import type { SystemCtx } from '../../platform/context.ts';

export const DEVELOPER_SORTS = ['createdAt', 'name'] as const;

export interface DeveloperPageQuery {
  q?: string | undefined;
  disabled?: boolean | undefined;
  sort: (typeof DEVELOPER_SORTS)[number];
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface DeveloperRow {
  developerId: string;
  name: string;
  disabled: boolean;
  createdAt: number;
  balanceFen: number;
  requireHmac: boolean;
  accessKey: string;
  subAccountCount: number;
  callbackUrl: string | null;
}

function developerRows(ctx: SystemCtx) {
  return ctx.db
    .selectFrom('developers as d')
    .innerJoin('api_keys as k', 'k.developer_id', 'd.developer_id')
    .leftJoin('wallets as w', 'w.developer_id', 'd.developer_id')
    .leftJoin('callback_endpoints as c', 'c.developer_id', 'd.developer_id');
}

function selectRow(query: ReturnType<typeof developerRows>) {
  return query.select((eb) => [
    'd.developer_id',
    'd.name',
    'd.disabled',
    'd.created_at',
    'w.balance_fen',
    'k.require_hmac',
    'k.access_key',
    'c.url',
    eb
      .selectFrom('users as u')
      .select((inner) => inner.fn.countAll<number>().as('n'))
      .whereRef('u.developer_id', '=', 'd.developer_id')
      .where('u.role', '!=', 'main')
      .as('sub_accounts'),
  ]);
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectRow>['execute']>>[number];

function toRow(row: SelectedRow): DeveloperRow {
  return {
    developerId: row.developer_id,
    name: row.name,
    disabled: row.disabled === 1,
    createdAt: Number(row.created_at),
    balanceFen: Number(row.balance_fen ?? 0),
    requireHmac: row.require_hmac === 1,
    accessKey: row.access_key,
    subAccountCount: Number(row.sub_accounts ?? 0),
    callbackUrl: row.url ?? null,
  };
}

export async function pageDevelopers(ctx: SystemCtx, query: DeveloperPageQuery): Promise<{ total: number; rows: DeveloperRow[] }> {
  let filtered = developerRows(ctx);
  if (query.q) {
    const needle = query.q.toLowerCase();
    filtered = filtered.where((eb) =>
      eb.or([
        eb('d.developer_id', 'like', `${needle.replace(/[%_]/g, '')}%`),
        eb(sql`lower(d.name)`, 'like', `%${needle.replace(/[%_\\]/g, '')}%`),
      ]),
    );
  }
  if (query.disabled !== undefined) filtered = filtered.where('d.disabled', '=', query.disabled ? 1 : 0);
  const counted = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const column = query.sort === 'name' ? 'd.name' : 'd.created_at';
  const rows = await selectRow(filtered)
    .orderBy(column, query.order)
    .orderBy('d.developer_id', query.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(counted.n), rows: rows.map(toRow) };
}

export async function developerRow(ctx: SystemCtx, developerId: string): Promise<DeveloperRow | null> {
  const row = await selectRow(developerRows(ctx)).where('d.developer_id', '=', developerId).executeTakeFirst();
  return row ? toRow(row) : null;
}
