import { useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { useAction } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';
import { ActionForm, MeasureFields, measured, NO_MEASURES, PhotoPicker, readPhotos } from './floor-parts.tsx';
import type { Shipment } from './WarehouseShipment.tsx';

interface Props {
  shipment: Shipment;
  onChanged(): void;
}

const TRACKING_STATUSES = ['IN_TRANSIT', 'CUSTOMS_HELD', 'RELEASED', 'DELIVERED', 'RETURNED', 'LOST'] as const;
type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export function PackShipment({ shipment, onChanged }: Props) {
  const t = useT();
  const action = useAction(async () => {
    await post('/admin/warehouse/shipments/pack', { logisticsOrderId: shipment.logisticsOrderId });
    onChanged();
  });
  return (
    <Section title={t('warehousePackTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehousePack')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
    </Section>
  );
}

/** Weighing settles the freight: lighter or equal refunds the difference, heavier asks the developer for it. */
export function WeighShipment({ shipment, onChanged }: Props) {
  const t = useT();
  const [m, setM] = useState(NO_MEASURES);
  const [files, setFiles] = useState<FileList | null>(null);
  const action = useAction(async () => {
    await post('/admin/warehouse/shipments/weigh', {
      logisticsOrderId: shipment.logisticsOrderId,
      ...measured(m),
      photos: await readPhotos(files),
    });
    onChanged();
  });
  return (
    <Section title={t('warehouseWeighTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <MeasureFields value={m} onChange={setM} />
        <PhotoPicker label={t('warehouseScalePhoto')} onChange={setFiles} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseWeigh')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
    </Section>
  );
}

export function DispatchShipment({ shipment, onChanged }: Props) {
  const t = useT();
  const [carrier, setCarrier] = useState(shipment.companyName);
  const [trackingNumber, setTracking] = useState('');
  const action = useAction(async () => {
    await post('/admin/warehouse/shipments/dispatch', { logisticsOrderId: shipment.logisticsOrderId, carrier, trackingNumber });
    onChanged();
  });
  return (
    <Section title={t('warehouseDispatchTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <Field label={t('purchasingCarrier')}>
          <input value={carrier} onChange={(event) => setCarrier(event.target.value)} required />
        </Field>
        <Field label={t('warehouseIntlTracking')}>
          <input value={trackingNumber} onChange={(event) => setTracking(event.target.value)} required />
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseDispatch')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
    </Section>
  );
}

export function TrackShipment({ shipment, onChanged }: Props) {
  const t = useT();
  const [status, setStatus] = useState<TrackingStatus>('IN_TRANSIT');
  const [description, setDescription] = useState('');
  const action = useAction(async () => {
    await post('/admin/warehouse/shipments/track', { logisticsOrderId: shipment.logisticsOrderId, status, description });
    onChanged();
  });
  return (
    <Section title={t('warehouseTrackTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <Field label={t('warehouseTrackStatus')}>
          <select value={status} onChange={(event) => setStatus(event.target.value as TrackingStatus)}>
            {TRACKING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('warehouseTrackDescription')}>
          <input value={description} onChange={(event) => setDescription(event.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('warehouseTrack')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done} />
    </Section>
  );
}
