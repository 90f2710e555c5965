import { useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { useAction } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';
import { ActionForm } from './floor-parts.tsx';
import type { RefundCase } from './Refunds.tsx';

interface Props {
  refund: RefundCase['refund'];
  onChanged(): void;
}

/** The seller's decisions, taken by an operator; a state that does not allow one is refused by the server (2101). */
export function RefundDecisions({ refund, onChanged }: Props) {
  const t = useT();
  return (
    <Section title={t('refundsDecisions')}>
      <Agree refund={refund} onChanged={onChanged} />
      <Refuse refund={refund} onChanged={onChanged} />
      <Receive refund={refund} onChanged={onChanged} />
      <Message refund={refund} onChanged={onChanged} />
    </Section>
  );
}

/** A return needs the address the buyer ships to; a refund only does not. */
function Agree({ refund, onChanged }: Props) {
  const t = useT();
  const [address, setAddress] = useState({ receiver: '', phone: '', detailAddress: '' });
  const [note, setNote] = useState('');
  const needsAddress = refund.kind === 'return_refund';
  const action = useAction(async () => {
    await post('/admin/refunds/agree', { refundId: refund.refundId, ...(needsAddress ? { address } : {}), ...(note ? { note } : {}) });
    onChanged();
  });
  const line = (key: keyof typeof address, label: string) => (
    <Field label={label}>
      <input value={address[key]} onChange={(event) => setAddress({ ...address, [key]: event.target.value })} required />
    </Field>
  );
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('refundsAgreeTitle')}</h3>
      {needsAddress ? line('receiver', t('refundsReceiver')) : null}
      {needsAddress ? line('phone', t('refundsPhone')) : null}
      {needsAddress ? line('detailAddress', t('refundsAddress')) : null}
      <Field label={t('refundsAgreeNote')}>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        {t('refundsAgree')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

function Refuse({ refund, onChanged }: Props) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useAction(async () => {
    await post('/admin/refunds/refuse', { refundId: refund.refundId, reason });
    onChanged();
  });
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('refundsRefuseTitle')}</h3>
      <Field label={t('refundsRefuseReason')}>
        <input value={reason} onChange={(event) => setReason(event.target.value)} required />
      </Field>
      <button type="submit" className="danger" disabled={action.busy}>
        {t('refundsRefuse')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

function Receive({ refund, onChanged }: Props) {
  const t = useT();
  const action = useAction(async () => {
    await post('/admin/refunds/receive', { refundId: refund.refundId });
    onChanged();
  });
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('refundsReceiveTitle')}</h3>
      <button type="submit" disabled={action.busy}>
        {t('refundsReceive')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

function Message({ refund, onChanged }: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const action = useAction(async () => {
    await post('/admin/refunds/message', { refundId: refund.refundId, text, images: [] });
    setText('');
    onChanged();
  });
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('refundsMessageTitle')}</h3>
      <Field label={t('refundsMessageText')}>
        <textarea value={text} onChange={(event) => setText(event.target.value)} required maxLength={500} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('refundsSend')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}
