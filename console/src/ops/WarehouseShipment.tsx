import { type DataOf, get } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { History, LookupForm, Pictures } from './floor-parts.tsx';
import { DispatchShipment, PackShipment, TrackShipment, WeighShipment } from './WarehouseShipmentActions.tsx';

export type Shipment = DataOf<'/admin/warehouse/shipments/detail'>;

const TRACKED = new Set(['DISPATCHED', 'IN_TRANSIT', 'CUSTOMS_HELD', 'RELEASED']);

/** One outbound shipment and the floor's step for its state: pack, weigh, dispatch, then tracking. */
export function WarehouseShipment({ shipmentId }: { shipmentId: string }) {
  const t = useT();
  const loaded = useLoad(
    () => (shipmentId ? get('/admin/warehouse/shipments/detail', { logisticsOrderId: shipmentId }) : Promise.resolve(null)),
    [shipmentId],
  );
  const shipment = loaded.data;
  return (
    <>
      <Section title={t('warehouseShipmentTitle')}>
        <LookupForm label={t('warehouseShipmentId')} screen="warehouse" sub="shipment" initial={shipmentId} />
        <ErrorNotice error={loaded.error} />
        {shipment ? <ShipmentFacts shipment={shipment} /> : null}
      </Section>
      {shipment ? <ShipmentSteps shipment={shipment} onChanged={loaded.reload} /> : null}
    </>
  );
}

function ShipmentFacts({ shipment: s }: { shipment: Shipment }) {
  const t = useT();
  return (
    <Facts
      rows={[
        [
          t('warehouseShipmentId'),
          <span key="id" className="mono">
            {s.logisticsOrderId}
          </span>,
        ],
        [t('state'), <strong key="s">{s.state}</strong>],
        [t('warehouseChannel'), `${s.companyName} · ${s.serviceId}`],
        [t('warehouseCountry'), s.country],
        [t('warehouseEstimate'), <Money key="e" fen={s.estimateFen} />],
        [t('warehouseActual'), <Money key="a" fen={s.actualFen} />],
        [t('warehouseSupplementary'), <Money key="x" fen={s.supplementaryFen} />],
        [t('warehouseRefunded'), <Money key="r" fen={s.refundedFen} />],
        [t('warehouseWeightGrams'), s.weightGrams ?? '—'],
        [t('warehouseSize'), s.sizes ? `${s.sizes.lengthCm} × ${s.sizes.widthCm} × ${s.sizes.heightCm} cm` : '—'],
        [t('purchasingCarrier'), s.carrier ?? '—'],
        [t('warehouseIntlTracking'), s.trackingNumber ?? '—'],
      ]}
    />
  );
}

function ShipmentSteps({ shipment, onChanged }: { shipment: Shipment; onChanged(): void }) {
  const t = useT();
  return (
    <>
      {shipment.state === 'REQUESTED' ? <PackShipment shipment={shipment} onChanged={onChanged} /> : null}
      {shipment.state === 'PACKING' ? <WeighShipment shipment={shipment} onChanged={onChanged} /> : null}
      {shipment.state === 'PAID' ? <DispatchShipment shipment={shipment} onChanged={onChanged} /> : null}
      {TRACKED.has(shipment.state) ? <TrackShipment shipment={shipment} onChanged={onChanged} /> : null}
      <Section title={t('warehouseParcels')}>
        <ul>
          {shipment.parcels.map((p) => (
            <li key={p.parcelId}>
              <a href={href('warehouse', 'parcel', p.parcelId)}>{p.parcelId}</a> · {p.trackingNumber} · {p.state}
            </li>
          ))}
        </ul>
        <Pictures urls={shipment.photos.map((p) => p.url)} label={t('warehousePhotos')} />
      </Section>
      <Section title={t('warehouseTracking')}>
        <ul>
          {shipment.tracking.map((event) => (
            <li key={`${event.at}-${event.status}`}>
              {formatTime(event.at)} · {event.status} · {event.description}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('warehouseHistory')}>
        <History rows={shipment.history} label={t('warehouseHistory')} />
      </Section>
    </>
  );
}
