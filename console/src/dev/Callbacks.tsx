import { useState } from 'react';
import { type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useAction } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';

type Message = DataOf<'/v2/open/callback/log/page', 'post'>['data'][number];
const STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
type Status = (typeof STATUSES)[number];

/** The callback log: each message with its delivery attempts and the receiver's answers; redeliver queues one more attempt. */
export function Callbacks() {
  const t = useT();
  const [status, setStatus] = useState<Status | ''>('');
  const [open, setOpen] = useState<Message | null>(null);
  const [refresh, setRefresh] = useState(0);
  const redeliver = useAction(async (messageId: string) => {
    await post('/v2/open/callback/redeliver', { messageId });
    setRefresh((n) => n + 1);
  });
  return (
    <>
      <Section title={t('devCallbacks')}>
        <Field label={t('state')}>
          <select value={status} onChange={(event) => setStatus(event.target.value as Status | '')}>
            <option value="">{t('all')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </Field>
        <ErrorNotice error={redeliver.error} />
        <DoneNotice show={redeliver.done} text={t('devRedelivered')} />
        <PagedTable<Message>
          label={t('devCallbacks')}
          filters={[status]}
          refresh={refresh}
          rowKey={(row) => row.messageId}
          load={async ({ page, pageSize }) => {
            const answer = await post('/v2/open/callback/log/page', { pageNo: page, pageSize, ...(status ? { status } : {}) });
            return { total: answer.totalRecords, rows: answer.data };
          }}
          columns={[
            { key: 'time', label: t('created'), render: (row) => row.createTime },
            { key: 'type', label: t('devMessageType'), render: (row) => `${row.messageType} · ${row.eventType}` },
            { key: 'order', label: t('devOrder'), render: (row) => row.orderId },
            { key: 'status', label: t('state'), render: (row) => row.status },
            { key: 'attempts', label: t('devAttempts'), render: (row) => row.attempts.length },
            {
              key: 'actions',
              label: t('actions'),
              render: (row) => (
                <span className="inline">
                  <button type="button" onClick={() => setOpen(row)}>
                    {t('details')}
                  </button>
                  <button type="button" disabled={redeliver.busy} onClick={() => void redeliver.run(row.messageId)}>
                    {t('devRedeliver')}
                  </button>
                </span>
              ),
            },
          ]}
        />
      </Section>
      {open ? <MessageDetail message={open} /> : null}
    </>
  );
}

function MessageDetail({ message }: { message: Message }) {
  const t = useT();
  return (
    <Section title={t('devMessage', { id: message.messageId })}>
      <pre className="mono">{message.messageBody}</pre>
      <div className="table-wrap">
        <table aria-label={t('devAttempts')}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('devAttemptTime')}</th>
              <th>{t('devTrigger')}</th>
              <th>{t('devStatusCode')}</th>
              <th>{t('devLatency')}</th>
              <th>{t('devResponse')}</th>
            </tr>
          </thead>
          <tbody>
            {message.attempts.map((attempt) => (
              <tr key={attempt.attemptNo}>
                <td data-label="#">{attempt.attemptNo}</td>
                <td data-label={t('devAttemptTime')}>{formatTime(attempt.at)}</td>
                <td data-label={t('devTrigger')}>{attempt.trigger}</td>
                <td data-label={t('devStatusCode')}>{attempt.statusCode ?? '—'}</td>
                <td data-label={t('devLatency')}>{attempt.latencyMs} ms</td>
                <td data-label={t('devResponse')} className="mono">
                  {attempt.error ?? attempt.responseSnippet}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
