import { useState } from 'react';
import { type DataOf, get, type QueryOf } from '../api.ts';
import { type Translate, useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { type Column, PagedTable } from '../ui/PagedTable.tsx';
import { Money, Section, StateSelect } from '../ui/parts.tsx';
import { PurchaseTaskPanel } from './PurchaseTask.tsx';

export type PurchaseTask = DataOf<'/admin/purchasing/queue'>['rows'][number];
type TaskState = NonNullable<QueryOf<'/admin/purchasing/queue'>['state']>;
const STATES: TaskState[] = ['QUEUED', 'PRICE_REVIEW', 'PURCHASED', 'SHIPPED', 'STOCK_OUT', 'CANCELLED'];

function queueColumns(t: Translate, workOn: (task: PurchaseTask) => void): Column<PurchaseTask>[] {
  return [
    { key: 'order', label: t('purchasingOrder'), render: (task) => <span className="mono">{task.orderId}</span> },
    { key: 'platform', label: t('purchasingPlatform'), render: (task) => task.platform },
    { key: 'state', label: t('state'), render: (task) => task.state },
    { key: 'charged', label: t('purchasingCharged'), render: (task) => <Money fen={task.chargedFen} /> },
    { key: 'paid', label: t('purchasingPaid'), render: (task) => <Money fen={task.paidFen} /> },
    { key: 'tracking', label: t('purchasingTracking'), render: (task) => task.trackingNumber ?? '—' },
    { key: 'queued', label: t('purchasingQueuedAt'), render: (task) => formatTime(task.queuedAt) },
    {
      key: 'actions',
      label: t('actions'),
      render: (task) => (
        <button type="button" onClick={() => workOn(task)} aria-label={t('purchasingWorkOn', { order: task.orderId })}>
          {t('purchasingWork')}
        </button>
      ),
    },
  ];
}

/** The manual platforms' purchase tasks: an operator buys each at the marketplace and records what happened. */
export function Purchasing() {
  const t = useT();
  const [state, setState] = useState<TaskState | ''>('QUEUED');
  const [selected, setSelected] = useState<PurchaseTask | null>(null);
  const [refresh, setRefresh] = useState(0);
  const changed = (task: PurchaseTask) => {
    setSelected(task);
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <Section title={t('purchasingQueue')} actions={<StateSelect states={STATES} value={state} onChange={setState} all />}>
        <PagedTable
          label={t('purchasingQueue')}
          columns={queueColumns(t, setSelected)}
          filters={[state]}
          refresh={refresh}
          rowKey={(task) => task.orderId}
          load={({ page, pageSize }) => get('/admin/purchasing/queue', { page, pageSize, ...(state ? { state } : {}) })}
        />
      </Section>
      {selected ? <PurchaseTaskPanel key={selected.orderId} task={selected} onChanged={changed} /> : null}
    </>
  );
}
