import { type FormEvent, type ReactNode, useState } from 'react';
import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useAction, useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Field, Money, Section } from '../ui/parts.tsx';

type Detail = DataOf<'/admin/orders/detail'>;

/** A small table whose cells are labelled, so it becomes cards at phone width. */
function Rows<R>({ label, rows, columns }: { label: string; rows: R[]; columns: [string, (row: R) => ReactNode][] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t('empty')}</p>;
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {columns.map(([name]) => (
            <th key={name}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the server's order is the rows' identity here
          <tr key={index}>
            {columns.map(([name, render]) => (
              <td key={name} data-label={name}>
                {render(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What was bought and what moved in the wallet for it. */
function MoneyTables({ data }: { data: Detail }) {
  const t = useT();
  return (
    <>
      <Section title={t('ordersLines')}>
        <Rows
          label={t('ordersLines')}
          rows={data.lines}
          columns={[
            ['#', (line) => line.lineNo],
            [t('ordersItem'), (line) => line.title],
            [t('ordersSku'), (line) => line.skuId],
            [t('ordersQuantity'), (line) => line.quantity],
            [t('ordersUnitPrice'), (line) => <Money fen={line.unitPriceFen} />],
            [t('amount'), (line) => <Money fen={line.amountFen} />],
            [t('ordersRefunded'), (line) => <Money fen={line.refundedFen} />],
          ]}
        />
      </Section>
      <Section title={t('ordersPayments')}>
        <Rows
          label={t('ordersPayments')}
          rows={data.payments}
          columns={[
            [t('ordersAt'), (entry) => formatTime(entry.at)],
            [t('ordersKind'), (entry) => entry.kind],
            [t('amount'), (entry) => <Money fen={entry.amountFen} />],
            [t('ordersRef'), (entry) => entry.ref],
          ]}
        />
      </Section>
    </>
  );
}

/** What happened to the order, where the goods are, and what was refunded. */
function Trail({ data }: { data: Detail }) {
  const t = useT();
  return (
    <>
      <Section title={t('ordersHistory')}>
        <Rows
          label={t('ordersHistory')}
          rows={data.history}
          columns={[
            [t('ordersAt'), (step) => formatTime(step.at)],
            [t('ordersSource'), (step) => step.source],
            [t('ordersActor'), (step) => step.actor],
            [t('ordersAction'), (step) => step.action],
            [t('ordersHistoryFrom'), (step) => step.from ?? '—'],
            [t('ordersHistoryTo'), (step) => step.to],
            [t('ordersNote'), (step) => step.note ?? ''],
          ]}
        />
      </Section>
      <Section title={t('ordersParcels')}>
        <Rows
          label={t('ordersParcels')}
          rows={data.parcels}
          columns={[
            [t('ordersParcel'), (parcel) => parcel.parcelId],
            [t('state'), (parcel) => parcel.state],
            [t('ordersTracking'), (parcel) => parcel.trackingNumber],
          ]}
        />
      </Section>
      <Section title={t('ordersRefunds')}>
        <Rows
          label={t('ordersRefunds')}
          rows={data.refunds}
          columns={[
            [t('ordersRefund'), (refund) => refund.refundId],
            [t('state'), (refund) => refund.state],
            [t('amount'), (refund) => <Money fen={refund.amountFen} />],
          ]}
        />
      </Section>
    </>
  );
}

function CancelOrder({ orderId, done }: { orderId: string; done(): void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const cancel = useAction(async () => {
    await post('/admin/orders/cancel', { orderId, reason });
    done();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void cancel.run();
  };
  return (
    <form className="inline" onSubmit={submit}>
      <Field label={t('ordersCancelReason')}>
        <input name="reason" value={reason} maxLength={200} onChange={(event) => setReason(event.target.value)} required />
      </Field>
      <button type="submit" disabled={cancel.busy}>
        {t('ordersCancel')}
      </button>
      <ErrorNotice error={cancel.error} />
    </form>
  );
}

/** One order with everything that happened to it; history merges the order, purchase and audit trails. */
export function OrderDetail({ orderId, mayCancel }: { orderId: string; mayCancel: boolean }) {
  const t = useT();
  const loaded = useLoad(() => get('/admin/orders/detail', { orderId }), [orderId]);
  const data = loaded.data;
  return (
    <>
      <p>
        <a href={href('orders')}>{t('ordersBack')}</a>
      </p>
      <ErrorNotice error={loaded.error} />
      {data ? (
        <>
          <Section title={t('ordersDetail', { id: data.order.orderId })}>
            <Facts
              rows={[
                [t('ordersDeveloper'), data.order.developerId],
                [t('ordersPlatform'), data.order.platform],
                [t('ordersState'), data.order.state],
                [t('ordersTotal'), <Money key="total" fen={data.order.totalFen} />],
                [t('ordersOuterId'), data.order.outerPurchaseId ?? '—'],
                [t('created'), formatTime(data.order.createdAt)],
                [t('updated'), formatTime(data.order.updatedAt)],
                [
                  t('ordersReceiver'),
                  Object.values(data.receiver ?? {})
                    .filter(Boolean)
                    .join(' · '),
                ],
              ]}
            />
            {mayCancel && data.actions.includes('cancel') ? <CancelOrder orderId={orderId} done={loaded.reload} /> : null}
          </Section>
          <MoneyTables data={data} />
          <Trail data={data} />
        </>
      ) : null}
    </>
  );
}
