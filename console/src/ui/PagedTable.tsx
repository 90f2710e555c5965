import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { useLoad } from './async.ts';
import { ErrorNotice } from './parts.tsx';

export interface Column<R> {
  key: string;
  label: string;
  render(row: R): ReactNode;
  /** The server's sort field for this column, when it can sort by it. */
  sort?: string;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

interface Props<R> {
  columns: Column<R>[];
  /** One page from the server; paging and sorting happen there, never on the rows in hand. */
  load(request: PageRequest): Promise<{ total: number; rows: R[] }>;
  /** Filters the load depends on: a change goes back to page 1. */
  filters?: readonly unknown[];
  rowKey(row: R): string;
  pageSize?: number;
  label: string;
  /** Bumped by the screen after an action, to load the page again. */
  refresh?: number;
}

export function PagedTable<R>({ columns, load, filters = [], rowKey, pageSize = 20, label, refresh = 0 }: Props<R>) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' } | null>(null);
  const [filterKey, setFilterKey] = useState(JSON.stringify(filters));
  const key = JSON.stringify(filters);
  if (key !== filterKey) {
    setFilterKey(key);
    setPage(1);
  }
  const sortRequest = sort ? { sort: sort.field, order: sort.order } : {};
  const loaded = useLoad(() => load({ page, pageSize, ...sortRequest }), [page, pageSize, sort?.field, sort?.order, key, refresh]);
  const total = loaded.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const toggle = (field: string) =>
    setSort((current) =>
      current?.field === field ? { field, order: current.order === 'asc' ? 'desc' : 'asc' } : { field, order: 'desc' },
    );
  return (
    <div className="table-wrap">
      <ErrorNotice error={loaded.error} />
      <table aria-label={label} aria-busy={loaded.loading}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                aria-sort={sort?.field === column.sort ? (sort?.order === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {column.sort ? (
                  <button type="button" className="link" onClick={() => toggle(column.sort as string)}>
                    {column.label}
                    {sort?.field === column.sort ? (sort?.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(loaded.data?.rows ?? []).map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} data-label={column.label}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.data && loaded.data.rows.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      <nav className="pager" aria-label={label}>
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('previous')}
        </button>
        <span>{t('page', { page, pages, total })}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          {t('next')}
        </button>
      </nav>
    </div>
  );
}
