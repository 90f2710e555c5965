import { useState } from 'react';
import { FieldError, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime, parseYuan } from '../money.ts';
import { useAction } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Facts, Field, Money, Section } from '../ui/parts.tsx';
import { ActionForm } from './floor-parts.tsx';
import type { PurchaseTask } from './Purchasing.tsx';

interface Props {
  task: PurchaseTask;
  onChanged(task: PurchaseTask): void;
}

/** One task's facts and the four things an operator can record on it; each refusal is the server's. */
export function PurchaseTaskPanel({ task, onChanged }: Props) {
  const t = useT();
  return (
    <Section title={t('purchasingTaskTitle', { order: task.orderId })}>
      <Facts
        rows={[
          [t('state'), task.state],
          [t('purchasingPlatform'), task.platform],
          [t('purchasingCharged'), <Money key="c" fen={task.chargedFen} />],
          [t('purchasingPaid'), <Money key="p" fen={task.paidFen} />],
          [t('purchasingMarketplaceNo'), task.marketplaceOrderNo ?? '—'],
          [t('purchasingCarrier'), task.carrier ?? '—'],
          [t('purchasingTracking'), task.trackingNumber ?? '—'],
          [t('updated'), formatTime(task.updatedAt)],
        ]}
      />
      <RecordPurchase task={task} onChanged={onChanged} />
      <RecordShipment task={task} onChanged={onChanged} />
      <StockOut task={task} onChanged={onChanged} />
      <CancelTask task={task} onChanged={onChanged} />
    </Section>
  );
}

function RecordPurchase({ task, onChanged }: Props) {
  const t = useT();
  const [marketplaceOrderNo, setNo] = useState('');
  const [paid, setPaid] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () => {
    const paidFen = parseYuan(paid);
    if (paidFen === null || paidFen <= 0) throw new FieldError(t('purchasingPaidYuan'), t('purchasingBadYuan'));
    onChanged(await post('/admin/purchasing/purchase', { orderId: task.orderId, marketplaceOrderNo, paidFen, ...(note ? { note } : {}) }));
  });
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('purchasingRecordPurchase')}</h3>
      <Field label={t('purchasingMarketplaceNo')}>
        <input value={marketplaceOrderNo} onChange={(event) => setNo(event.target.value)} required />
      </Field>
      <Field label={t('purchasingPaidYuan')}>
        <input inputMode="decimal" value={paid} onChange={(event) => setPaid(event.target.value)} required />
      </Field>
      <Field label={t('purchasingNote')}>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        {t('purchasingRecordPurchase')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

function RecordShipment({ task, onChanged }: Props) {
  const t = useT();
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTracking] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () =>
    onChanged(await post('/admin/purchasing/ship', { orderId: task.orderId, carrier, trackingNumber, ...(note ? { note } : {}) })),
  );
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('purchasingRecordShipment')}</h3>
      <Field label={t('purchasingCarrier')}>
        <input value={carrier} onChange={(event) => setCarrier(event.target.value)} required />
      </Field>
      <Field label={t('purchasingTracking')}>
        <input value={trackingNumber} onChange={(event) => setTracking(event.target.value)} required />
      </Field>
      <Field label={t('purchasingShipNote')}>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        {t('purchasingRecordShipment')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

/** "1, 3" → [1, 3]; null when a part is not a line number. */
function lineNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return parts.length > 0 && numbers.every((n) => Number.isInteger(n) && n >= 1) ? numbers : null;
}

function StockOut({ task, onChanged }: Props) {
  const t = useT();
  const [lines, setLines] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () => {
    const lineNos = lineNumbers(lines);
    if (!lineNos) throw new FieldError(t('purchasingLines'), t('purchasingBadLines'));
    onChanged(await post('/admin/purchasing/stock-out', { orderId: task.orderId, lineNos, ...(note ? { note } : {}) }));
  });
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('purchasingStockOut')}</h3>
      <Field label={t('purchasingLines')}>
        <input value={lines} onChange={(event) => setLines(event.target.value)} required />
      </Field>
      <Field label={t('purchasingStockOutNote')}>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="danger" disabled={action.busy}>
        {t('purchasingStockOut')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}

function CancelTask({ task, onChanged }: Props) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () =>
    onChanged(await post('/admin/purchasing/cancel', { orderId: task.orderId, ...(reason ? { reason } : {}), ...(note ? { note } : {}) })),
  );
  return (
    <ActionForm onSubmit={() => void action.run()}>
      <h3>{t('purchasingCancel')}</h3>
      <Field label={t('reason')}>
        <input value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <Field label={t('purchasingCancelNote')}>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="danger" disabled={action.busy}>
        {t('purchasingCancel')}
      </button>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </ActionForm>
  );
}
