import { type FormEvent, useState } from 'react';
import { type DataOf, FieldError, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime, parseYuan } from '../money.ts';
import { navigate } from '../router.ts';
import { useAction, useLoad } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { DoneNotice, ErrorNotice, Facts, Field, Money, Section } from '../ui/parts.tsx';
import type { ScreenProps } from './screens.tsx';

type LedgerRow = DataOf<'/admin/wallets/ledger'>['rows'][number];

/** A yuan amount typed by the operator, sent to the server in fen. */
function AmountForm({
  label,
  signed,
  withNote,
  onSubmit,
}: {
  label: string;
  signed: boolean;
  withNote: string;
  onSubmit(fen: number, note: string): Promise<void>;
}) {
  const t = useT();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<FieldError | null>(null);
  const action = useAction(async (fen: number) => {
    await onSubmit(fen, note);
    setAmount('');
    setNote('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fen = parseYuan(amount);
    const valid = fen !== null && (signed ? fen !== 0 : fen > 0);
    setInvalid(valid ? null : new FieldError(label, t('walletsBadAmount')));
    if (valid) void action.run(fen);
  };
  return (
    <form className="inline" onSubmit={submit}>
      <Field label={label}>
        <input
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          required
          aria-invalid={invalid !== null}
        />
      </Field>
      <Field label={withNote}>
        <input name="note" value={note} maxLength={200} onChange={(event) => setNote(event.target.value)} required={signed} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        {signed ? t('walletsAdjust') : t('walletsTopUp')}
      </button>
      <ErrorNotice error={invalid ?? action.error} />
      <DoneNotice show={action.done} />
    </form>
  );
}

function Wallet({ developerId, canAct }: { developerId: string; canAct: boolean }) {
  const t = useT();
  const detail = useLoad(() => get('/admin/developers/detail', { developerId }), [developerId]);
  const [refresh, setRefresh] = useState(0);
  const changed = () => {
    detail.reload();
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <Section title={t('walletsBalance')}>
        <ErrorNotice error={detail.error} />
        {detail.data ? (
          <Facts
            rows={[
              [t('walletsDeveloper'), `${detail.data.developer.developerId} · ${detail.data.developer.name}`],
              [t('walletsBalance'), <Money key="balance" fen={detail.data.developer.balanceFen} />],
            ]}
          />
        ) : null}
        {canAct ? <MoneyForms developerId={developerId} changed={changed} /> : null}
      </Section>
      <Section title={t('walletsLedger')}>
        <Ledger developerId={developerId} refresh={refresh} />
      </Section>
    </>
  );
}

/** Finance's two moves: a top-up (positive) and a signed adjustment with its reason. */
function MoneyForms({ developerId, changed }: { developerId: string; changed(): void }) {
  const t = useT();
  return (
    <>
      <AmountForm
        label={t('walletsTopUpAmount')}
        signed={false}
        withNote={t('walletsNote')}
        onSubmit={async (amountFen, note) => {
          await post('/admin/wallets/topup', { developerId, amountFen, ...(note ? { note } : {}) });
          changed();
        }}
      />
      <AmountForm
        label={t('walletsAdjustAmount')}
        signed
        withNote={t('walletsReason')}
        onSubmit={async (amountFen, reason) => {
          await post('/admin/wallets/adjust', { developerId, amountFen, reason });
          changed();
        }}
      />
    </>
  );
}

function Ledger({ developerId, refresh }: { developerId: string; refresh: number }) {
  const t = useT();
  return (
    <PagedTable<LedgerRow>
      label={t('walletsLedger')}
      filters={[developerId]}
      refresh={refresh}
      rowKey={(row) => row.entryId}
      load={({ page, pageSize }) => get('/admin/wallets/ledger', { developerId, page, pageSize })}
      columns={[
        { key: 'at', label: t('walletsAt'), render: (row) => formatTime(row.at) },
        { key: 'kind', label: t('walletsKind'), render: (row) => row.kind },
        { key: 'amount', label: t('walletsAmount'), render: (row) => <Money fen={row.amountFen} /> },
        { key: 'balance', label: t('walletsBalanceAfter'), render: (row) => <Money fen={row.balanceAfterFen} /> },
        { key: 'ref', label: t('walletsRef'), render: (row) => row.ref },
        { key: 'note', label: t('walletsNote'), render: (row) => row.note ?? '' },
      ]}
    />
  );
}

/** One developer's wallet: `#/wallets/<developerId>`; finance and admin may move money, support reads. */
export function Wallets({ route, operator }: ScreenProps) {
  const t = useT();
  const [typed, setTyped] = useState(route[0] ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate('wallets', typed.trim());
  };
  return (
    <>
      <Section title={t('walletsNav')}>
        <form className="inline" onSubmit={submit}>
          <Field label={t('walletsDeveloper')}>
            <input name="developerId" value={typed} onChange={(event) => setTyped(event.target.value)} required />
          </Field>
          <button type="submit">{t('walletsOpen')}</button>
        </form>
      </Section>
      {route[0] ? <Wallet developerId={route[0]} canAct={operator.role === 'finance' || operator.role === 'admin'} /> : null}
    </>
  );
}
