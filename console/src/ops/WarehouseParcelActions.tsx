import { useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { useAction } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';
import { ActionForm, MeasureFields, measured, NO_MEASURES, PhotoPicker, readPhotos } from './floor-parts.tsx';
import type { Parcel } from './WarehouseParcel.tsx';

export type ParcelState = Parcel['state'];

interface Props {
  parcel: Parcel;
  onChanged(): void;
}

const PROBLEM_KINDS = ['wrong', 'damaged', 'missing'] as const;
type ProblemKind = (typeof PROBLEM_KINDS)[number];

function ProblemKindSelect({ value, onChange, optional }: { value: string; onChange(kind: string): void; optional?: boolean }) {
  const t = useT();
  return (
    <Field label={t('warehouseProblemKind')}>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {optional ? <option value="">—</option> : null}
        {PROBLEM_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {kind}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** QC: measurements and photos, then pass (STORED) or issue (PROBLEM with its kind). */
export function ParcelQc({ parcel, onChanged }: Props) {
  const t = useT();
  const [m, setM] = useState(NO_MEASURES);
  const [result, setResult] = useState<'pass' | 'issue'>('pass');
  const [problemKind, setProblemKind] = useState<ProblemKind>('damaged');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<FileList | null>(null);
  const action = useAction(async () => {
    await post('/admin/warehouse/parcels/qc', {
      parcelId: parcel.parcelId,
      result,
      ...measured(m),
      photos: await readPhotos(files),
      ...(note ? { note } : {}),
      ...(result === 'issue' ? { problemKind } : {}),
    });
    onChanged();
  });
  return (
    <Section title={t('warehouseQcTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <MeasureFields value={m} onChange={setM} />
        <Field label={t('warehouseQcResult')}>
          <select value={result} onChange={(event) => setResult(event.target.value as 'pass' | 'issue')}>
            <option value="pass">{t('warehouseQcPass')}</option>
            <option value="issue">{t('warehouseQcIssue')}</option>
          </select>
        </Field>
        {result === 'issue' ? <ProblemKindSelect value={problemKind} onChange={(k) => setProblemKind(k as ProblemKind)} /> : null}
        <Field label={t('warehouseQcNote')}>
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <PhotoPicker label={t('warehouseQcPhotos')} onChange={setFiles} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseQcSave')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}

/** Flag a stored parcel as a problem, or link a problem parcel to its after-sales case. */
export function ParcelProblem({ parcel, onChanged }: Props) {
  const t = useT();
  const [problemKind, setProblemKind] = useState(parcel.state === 'STORED' ? 'damaged' : '');
  const [refundId, setRefundId] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () => {
    await post('/admin/warehouse/parcels/problem', {
      parcelId: parcel.parcelId,
      ...(problemKind ? { problemKind: problemKind as ProblemKind } : {}),
      ...(refundId ? { refundId } : {}),
      ...(note ? { note } : {}),
    });
    onChanged();
  });
  return (
    <Section title={t('warehouseProblemTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <ProblemKindSelect value={problemKind} onChange={setProblemKind} optional={parcel.state === 'PROBLEM'} />
        <Field label={t('warehouseRefundId')}>
          <input value={refundId} onChange={(event) => setRefundId(event.target.value)} />
        </Field>
        <Field label={t('warehouseProblemNote')}>
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <button type="submit" className="danger" disabled={action.busy}>
          {t('warehouseProblemSave')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}

export function ParcelResolve({ parcel, onChanged }: Props) {
  const t = useT();
  const [note, setNote] = useState('');
  const action = useAction(async () => {
    await post('/admin/warehouse/parcels/resolve', { parcelId: parcel.parcelId, ...(note ? { note } : {}) });
    onChanged();
  });
  return (
    <Section title={t('warehouseResolveTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <Field label={t('warehouseResolveNote')}>
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseResolve')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}

/** The warehouse module's return_to_seller transition starts from these (the server checks again). */
export const RETURNABLE: readonly ParcelState[] = ['STORED', 'PROBLEM'];

/** A stored or problem parcel goes back to its seller under a return waybill: RETURN_TO_SELLER, which ends it. */
export function ParcelReturn({ parcel, onChanged }: Props) {
  const t = useT();
  const [returnTrackingNumber, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  const [note, setNote] = useState('');
  const action = useAction(async () => {
    await post('/admin/warehouse/parcels/return', {
      parcelId: parcel.parcelId,
      returnTrackingNumber,
      ...(carrier ? { carrier } : {}),
      ...(note ? { note } : {}),
    });
    onChanged();
  });
  return (
    <Section title={t('warehouseReturnTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <Field label={t('warehouseReturnTracking')}>
          <input value={returnTrackingNumber} onChange={(event) => setTracking(event.target.value)} required />
        </Field>
        <Field label={t('warehouseReturnCarrier')}>
          <input value={carrier} onChange={(event) => setCarrier(event.target.value)} />
        </Field>
        <Field label={t('warehouseReturnNote')}>
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <button type="submit" className="danger" disabled={action.busy}>
          {t('warehouseReturn')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}

/** The warehouse module photographs a parcel while it is in (or on its way to) the warehouse. */
export const PHOTOGRAPHABLE: readonly ParcelState[] = ['EXPECTED', 'RECEIVED', 'QC', 'STORED', 'PROBLEM', 'ALLOCATED'];

/** The extra photos a developer ordered, taken by the floor; the server keeps them within the parcel's allowance. */
export function ParcelExtraPhotos({ parcel, onChanged }: Props) {
  const t = useT();
  const [files, setFiles] = useState<FileList | null>(null);
  const [round, setRound] = useState(0);
  const action = useAction(async () => {
    await post('/admin/warehouse/parcels/photos', { parcelId: parcel.parcelId, kind: 'extra', images: await readPhotos(files) });
    // A new picker, so the photos just sent cannot be sent twice by a second click.
    setFiles(null);
    setRound((n) => n + 1);
    onChanged();
  });
  return (
    <Section title={t('warehouseExtraTitle')}>
      <p>{t('warehouseExtraOrdered', { n: parcel.extraPhotos })}</p>
      <ActionForm onSubmit={() => void action.run()}>
        <PhotoPicker key={round} label={t('warehouseExtraPhotos')} onChange={setFiles} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseExtraSave')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}
