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

type Filters = Record<'developerId' | 'platform' | 'state' | 'q' | 'from' | 'to', string>;
const NO_FILTERS: Filters = { developerId: '', platform: '', state: '', q: '', from: '', to: '' };

/** The list query of the filters typed so far; empty ones are left out. */
function queryOf(filters: Filters): Omit<Query, 'page' | 'pageSize' | 'sort' | 'order'> {
  const from = dayStart(filters.from);
  // The "to" day is included: the filter ends where the next day starts.
  const to = dayStart(filters.to, 1);
  return {
    ...(filters.developerId ? { developerId: filters.developerId } : {}),
    ...(filters.platform ? { platform: filters.platform as 'taobao' | 'alibaba' } : {}),
    ...(filters.state ? { state: filters.state as Query['state'] } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

function OrderList() {
  const t = useT();
  const [filters, setFilters] = useState(NO_FILTERS);
  return (
    <Section title={t('ordersList')}>
      <OrderFilters value={filters} onChange={setFilters} />
      <PagedTable<Row>
        label={t('ordersList')}
        filters={[filters]}
        rowKey={(row) => row.orderId}
        load={(request) =>
          get('/admin/orders', {
            page: request.page,
            pageSize: request.pageSize,
            ...(request.sort ? { sort: request.sort as Query['sort'], order: request.order } : {}),
            ...queryOf(filters),
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

function OrderFilters({ value, onChange }: { value: Filters; onChange(next: Filters): void }) {
  const t = useT();
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => onChange({ ...value, [name]: event.target.value });
  return (
    <div className="inline">
      <Field label={t('ordersSearch')}>
        <input name="q" type="search" value={value.q} onChange={set('q')} />
      </Field>
      <Field label={t('ordersDeveloper')}>
        <input name="developerId" value={value.developerId} onChange={set('developerId')} />
      </Field>
      <Field label={t('ordersPlatform')}>
        <select name="platform" value={value.platform} onChange={set('platform')}>
          <option value="">{t('all')}</option>
          <option value="taobao">taobao</option>
          <option value="alibaba">alibaba</option>
        </select>
      </Field>
      <Field label={t('ordersState')}>
        <select name="state" value={value.state} onChange={set('state')}>
          <option value="">{t('all')}</option>
          {STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('ordersFrom')}>
        <input name="from" type="date" value={value.from} onChange={set('from')} />
      </Field>
      <Field label={t('ordersTo')}>
        <input name="to" type="date" value={value.to} onChange={set('to')} />
      </Field>
    </div>
  );
}

/** Orders of every developer: `#/orders` searches, `#/orders/<id>` opens one. */
export function Orders({ route, operator }: ScreenProps) {
  return route[0] ? <OrderDetail orderId={route[0]} mayCancel={operator.role === 'admin' || operator.role === 'support'} /> : <OrderList />;
}
