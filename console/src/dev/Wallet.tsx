import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { useLoad } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';

type LedgerLine = DataOf<'/v2/open/wallet/ledger/page', 'post'>['data'][number];

/** The wallet's balance and its ledger, paged on the server, newest first. */
export function Wallet() {
  const t = useT();
  const balance = useLoad(() => get('/v2/open/wallet/balance'), []);
  return (
    <>
      <Section title={t('devWallet')}>
        <ErrorNotice error={balance.error} />
        <Facts rows={[[t('devBalance'), <Money key="balance" fen={balance.data?.balance} />]]} />
      </Section>
      <Section title={t('devLedger')}>
        <PagedTable<LedgerLine>
          label={t('devLedger')}
          rowKey={(row) => row.id}
          load={async ({ page, pageSize }) => {
            const answer = await post('/v2/open/wallet/ledger/page', { pageNo: page, pageSize });
            return { total: answer.totalRecords, rows: answer.data };
          }}
          columns={[
            { key: 'time', label: t('created'), render: (row) => row.createTime },
            { key: 'kind', label: t('devKind'), render: (row) => row.kind },
            { key: 'ref', label: t('devReference'), render: (row) => row.ref ?? '—' },
            { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.amount} /> },
            { key: 'after', label: t('devBalanceAfter'), render: (row) => <Money fen={row.balanceAfter} /> },
            { key: 'note', label: t('devNote'), render: (row) => row.note ?? '' },
          ]}
        />
      </Section>
    </>
  );
}
