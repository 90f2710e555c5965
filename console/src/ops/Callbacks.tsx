import { useState } from 'react';
import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useAction } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';

type Message = DataOf<'/admin/callbacks/log'>['rows'][number];

function Attempts({ message }: { message: Message }) {
  const t = useT();
  if (message.attempts.length === 0) return <span className="muted">{t('callbacksNoAttempts')}</span>;
  return (
    <ol>
      {message.attempts.map((attempt) => (
        <li key={attempt.attemptNo}>
          {formatTime(attempt.at)} ·{' '}
          {attempt.statusCode === null ? (attempt.error ?? '—') : t('callbacksStatus', { status: attempt.statusCode })} · {attempt.trigger}{' '}
          · <code>{attempt.responseSnippet}</code>
        </li>
      ))}
    </ol>
  );
}

function Redeliver({ messageId, done }: { messageId: string; done(messageId: string): void }) {
  const t = useT();
  const redeliver = useAction(async () => {
    await post('/admin/callbacks/redeliver', { messageId });
    done(messageId);
  });
  return (
    <>
      <button type="button" disabled={redeliver.busy} onClick={() => void redeliver.run()}>
        {t('callbacksRedeliver')}
      </button>
      <ErrorNotice error={redeliver.error} />
    </>
  );
}

interface Filters {
  developerId: string;
  state: '' | 'pending' | 'delivered' | 'failed';
  messageType: string;
}

/** Every developer's callback deliveries, their attempts, and a manual redelivery. */
export function Callbacks() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>({ developerId: '', state: '', messageType: '' });
  const [refresh, setRefresh] = useState(0);
  // Shown above the list: a redelivered message leaves a "failed" filter, and its row with it.
  const [queued, setQueued] = useState<string | null>(null);
  const redelivered = (messageId: string) => {
    setQueued(messageId);
    setRefresh((n) => n + 1);
  };
  return (
    <Section title={t('callbacksLog')}>
      <CallbackFilters value={filters} onChange={setFilters} />
      <DoneNotice show={queued !== null} text={t('callbacksQueued', { id: queued ?? '' })} />
      <CallbackTable filters={filters} refresh={refresh} redelivered={redelivered} />
    </Section>
  );
}

function CallbackFilters({ value, onChange }: { value: Filters; onChange(next: Filters): void }) {
  const t = useT();
  return (
    <div className="inline">
      <Field label={t('callbacksDeveloper')}>
        <input name="developerId" value={value.developerId} onChange={(event) => onChange({ ...value, developerId: event.target.value })} />
      </Field>
      <Field label={t('callbacksState')}>
        <select
          name="state"
          value={value.state}
          onChange={(event) => onChange({ ...value, state: event.target.value as Filters['state'] })}
        >
          <option value="">{t('all')}</option>
          <option value="pending">{t('callbacksPending')}</option>
          <option value="delivered">{t('callbacksDelivered')}</option>
          <option value="failed">{t('callbacksFailed')}</option>
        </select>
      </Field>
      <Field label={t('callbacksType')}>
        <input name="messageType" value={value.messageType} onChange={(event) => onChange({ ...value, messageType: event.target.value })} />
      </Field>
    </div>
  );
}

function CallbackTable({ filters, refresh, redelivered }: { filters: Filters; refresh: number; redelivered(messageId: string): void }) {
  const t = useT();
  const { developerId, state, messageType } = filters;
  return (
    <PagedTable<Message>
      label={t('callbacksLog')}
      filters={[developerId, state, messageType]}
      refresh={refresh}
      rowKey={(row) => row.messageId}
      load={({ page, pageSize }) =>
        get('/admin/callbacks/log', {
          page,
          pageSize,
          ...(developerId ? { developerId } : {}),
          ...(state ? { state } : {}),
          ...(messageType ? { messageType } : {}),
        })
      }
      columns={[
        { key: 'message', label: t('callbacksMessage'), render: (row) => row.messageId },
        { key: 'developer', label: t('callbacksDeveloper'), render: (row) => row.developerId },
        { key: 'type', label: t('callbacksType'), render: (row) => row.messageType },
        { key: 'order', label: t('callbacksOrder'), render: (row) => <a href={href('orders', row.orderId)}>{row.orderId}</a> },
        { key: 'state', label: t('callbacksState'), render: (row) => row.status },
        { key: 'created', label: t('created'), render: (row) => formatTime(row.createdAt) },
        { key: 'attempts', label: t('callbacksAttempts'), render: (row) => <Attempts message={row} /> },
        { key: 'actions', label: t('actions'), render: (row) => <Redeliver messageId={row.messageId} done={redelivered} /> },
      ]}
    />
  );
}
