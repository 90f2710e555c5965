import { type DataOf, get } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { History, LookupForm, Pictures } from './floor-parts.tsx';
import {
  PHOTOGRAPHABLE,
  ParcelExtraPhotos,
  ParcelProblem,
  ParcelQc,
  ParcelResolve,
  ParcelReturn,
  RETURNABLE,
} from './WarehouseParcelActions.tsx';

export type Parcel = DataOf<'/admin/warehouse/parcels/detail'>;

const size = (p: Parcel) => (p.lengthCm === null ? '—' : `${p.lengthCm} × ${p.widthCm} × ${p.heightCm} cm`);

/** One parcel: what it holds, its measurements, photos and history, and the floor's next step for its state. */
export function WarehouseParcel({ parcelId }: { parcelId: string }) {
  const t = useT();
  const loaded = useLoad(() => (parcelId ? get('/admin/warehouse/parcels/detail', { parcelId }) : Promise.resolve(null)), [parcelId]);
  const parcel = loaded.data;
  return (
    <>
      <Section title={t('warehouseParcelTitle')}>
        <LookupForm label={t('warehouseParcelId')} screen="warehouse" sub="parcel" initial={parcelId} />
        <ErrorNotice error={loaded.error} />
        {parcel ? (
          <Facts
            rows={[
              [
                t('warehouseParcelId'),
                <span key="id" className="mono">
                  {parcel.parcelId}
                </span>,
              ],
              [t('state'), <strong key="s">{parcel.state}</strong>],
              [t('warehouseTrackingNumber'), parcel.trackingNumber],
              [t('purchasingCarrier'), parcel.carrier],
              [t('purchasingOrder'), parcel.orderId ?? '—'],
              [t('warehouseReceivedAt'), formatTime(parcel.receivedAt)],
              [t('warehouseWeightGrams'), parcel.weightGrams ?? '—'],
              [t('warehouseSize'), size(parcel)],
              [t('warehouseQcResult'), parcel.qcResult ?? '—'],
              [t('warehouseProblemKind'), parcel.problemKind ?? '—'],
              [t('warehouseRefundId'), parcel.refundId ?? '—'],
              [t('warehouseStorageFee'), <Money key="f" fen={parcel.storage.feeFen} />],
              [t('warehouseShipmentId'), parcel.shipmentId ?? '—'],
            ]}
          />
        ) : null}
      </Section>
      {parcel ? <ParcelBody parcel={parcel} onChanged={loaded.reload} /> : null}
    </>
  );
}

function ParcelBody({ parcel, onChanged }: { parcel: Parcel; onChanged(): void }) {
  const t = useT();
  return (
    <>
      {parcel.state === 'RECEIVED' || parcel.state === 'QC' ? <ParcelQc parcel={parcel} onChanged={onChanged} /> : null}
      {parcel.state === 'STORED' || parcel.state === 'PROBLEM' ? <ParcelProblem parcel={parcel} onChanged={onChanged} /> : null}
      {parcel.state === 'PROBLEM' ? <ParcelResolve parcel={parcel} onChanged={onChanged} /> : null}
      {RETURNABLE.includes(parcel.state) ? <ParcelReturn parcel={parcel} onChanged={onChanged} /> : null}
      {PHOTOGRAPHABLE.includes(parcel.state) ? <ParcelExtraPhotos parcel={parcel} onChanged={onChanged} /> : null}
      <Section title={t('warehouseContents')}>
        <ul>
          {parcel.lines.map((line) => (
            <li key={`${line.itemId}/${line.skuId}`}>
              {line.title} · {line.skuId} × {line.quantity}
            </li>
          ))}
        </ul>
        <Pictures urls={parcel.photos.map((p) => p.url)} label={t('warehousePhotos')} />
      </Section>
      <Section title={t('warehouseHistory')}>
        <History rows={parcel.history} label={t('warehouseHistory')} />
      </Section>
    </>
  );
}
