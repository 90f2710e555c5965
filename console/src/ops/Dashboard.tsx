import { type DataOf, get } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';

interface Count {
  state: string;
  count: number;
}

function CountTable({ label, rows }: { label: string; rows: Count[] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t('empty')}</p>;
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th>{t('state')}</th>
          <th>{t('dashboardCount')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.state}>
            <td data-label={t('state')}>{row.state}</td>
            <td data-label={t('dashboardCount')}>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Callbacks = DataOf<'/admin/dashboard'>['callbacks'];

/** Callback delivery across every developer: the counts, and the latest failures with their errors. */
function CallbackHealth({ callbacks }: { callbacks: Callbacks }) {
  const t = useT();
  return (
    <Section title={t('dashboardCallbacks')}>
      <Facts
        rows={[
          [t('dashboardCallbacksPending'), callbacks.pending],
          [t('dashboardCallbacksFailed'), callbacks.failed],
          [t('dashboardCallbacksFailed24h'), callbacks.failedLast24h],
        ]}
      />
      <h3>{t('dashboardRecentFailures')}</h3>
      <ul aria-label={t('dashboardRecentFailures')}>
        {callbacks.recentFailures.map((failure) => (
          <li key={failure.messageId}>
            {formatTime(failure.at)} · {failure.developerId} · {failure.messageType} · {failure.lastError}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** What needs attention across the deployment, in one read of GET /admin/dashboard. */
export function Dashboard() {
  const t = useT();
  const loaded = useLoad(() => get('/admin/dashboard'), []);
  const data = loaded.data;
  return (
    <>
      <ErrorNotice error={loaded.error} />
      {data ? (
        <>
          <Section title={t('dashboardOrders')}>
            <CountTable
              label={t('dashboardOrders')}
              rows={data.orders.byState.map((row) => ({ state: `${row.platform} · ${row.state}`, count: row.count }))}
            />
          </Section>
          <Section title={t('dashboardPurchasing')}>
            <CountTable label={t('dashboardPurchasing')} rows={data.purchasing.byState} />
          </Section>
          <Section title={t('dashboardParcels')}>
            <CountTable label={t('dashboardParcels')} rows={data.parcels.byState} />
          </Section>
          <CallbackHealth callbacks={data.callbacks} />
          <Section title={t('dashboardWallets')}>
            <Facts
              rows={[
                [t('dashboardWalletCount'), data.wallets.count],
                [t('dashboardWalletTotal'), <Money key="total" fen={data.wallets.totalBalanceFen} />],
              ]}
            />
          </Section>
        </>
      ) : null}
    </>
  );
}
