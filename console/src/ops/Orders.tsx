import { useState } from 'react';
import { type DataOf, get, type QueryOf } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { dayStart } from '../ui/filters.tsx';
import { PagedTable } from '../ui/PagedTable.tsx';
import { Field, Money, Section } from '../ui/parts.tsx';
import { OrderDetail } from './OrderDetail.tsx';
import type { ScreenProps } from './screens.tsx';

type Row = DataOf<'/admin/orders'>['rows'][number];
type Query = QueryOf<'/admin/orders'>;
/** The order machine's states (src/modules/orders/states.ts). */
const STATES = ['created', 'waiting_payment', 'paid', 'shipped', 'arrived_warehouse', 'completed', 'cancelled', 'closed'];

function OrderList() {
  const t = useT();
  const [filters, setFilters] = useState({ developerId: '', platform: '', state: '', q: '', from: '', to: '' });
  const set = (name: keyof typeof filters) => (event: { target: { value: string } }) =>
    setFilters({ ...filters, [name]: event.target.value });
  const from = dayStart(filters.from);
  // The "to" day is included: the filter ends where the next day starts.
  const to = dayStart(filters.to, 1);
  return (
    <Section title={t('ordersList')}>
      <div className="inline">
        <Field label={t('ordersSearch')}>
          <input name="q" type="search" value={filters.q} onChange={set('q')} />
        </Field>
        <Field label={t('ordersDeveloper')}>
          <input name="developerId" value={filters.developerId} onChange={set('developerId')} />
        </Field>
        <Field label={t('ordersPlatform')}>
          <select name="platform" value={filters.platform} onChange={set('platform')}>
            <option value="">{t('all')}</option>
            <option value="taobao">taobao</option>
            <option value="alibaba">alibaba</option>
          </select>
        </Field>
        <Field label={t('ordersState')}>
          <select name="state" value={filters.state} onChange={set('state')}>
            <option value="">{t('all')}</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('ordersFrom')}>
          <input name="from" type="date" value={filters.from} onChange={set('from')} />
        </Field>
        <Field label={t('ordersTo')}>
          <input name="to" type="date" value={filters.to} onChange={set('to')} />
        </Field>
      </div>
      <PagedTable<Row>
        label={t('ordersList')}
        filters={[filters]}
        rowKey={(row) => row.orderId}
        load={(request) =>
          get('/admin/orders', {
            page: request.page,
            pageSize: request.pageSize,
            ...(request.sort ? { sort: request.sort as Query['sort'], order: request.order } : {}),
            ...(filters.developerId ? { developerId: filters.developerId } : {}),
            ...(filters.platform ? { platform: filters.platform as 'taobao' | 'alibaba' } : {}),
            ...(filters.state ? { state: filters.state as Query['state'] } : {}),
            ...(filters.q ? { q: filters.q } : {}),
            ...(from !== undefined ? { from } : {}),
            ...(to !== undefined ? { to } : {}),
          })
        }
        columns={[
          { key: 'id', label: t('ordersId'), render: (row) => <a href={href('orders', row.orderId)}>{row.orderId}</a> },
          { key: 'developer', label: t('ordersDeveloper'), render: (row) => row.developerId },
          { key: 'platform', label: t('ordersPlatform'), render: (row) => row.platform },
          { key: 'state', label: t('ordersState'), render: (row) => row.state },
          { key: 'total', label: t('ordersTotal'), sort: 'totalFen', render: (row) => <Money fen={row.totalFen} /> },
          { key: 'lines', label: t('ordersLines'), render: (row) => row.lineCount },
          { key: 'outer', label: t('ordersOuterId'), render: (row) => row.outerPurchaseId ?? '—' },
          { key: 'created', label: t('created'), sort: 'createdAt', render: (row) => formatTime(row.createdAt) },
        ]}
      />
    </Section>
  );
}

/** Orders of every developer: `#/orders` searches, `#/orders/<id>` opens one. */
export function Orders({ route, operator }: ScreenProps) {
  return route[0] ? <OrderDetail orderId={route[0]} mayCancel={operator.role === 'admin' || operator.role === 'support'} /> : <OrderList />;
}
