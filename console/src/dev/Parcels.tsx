import { type BodyOf, type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { FilterBar, type FilterField, given, useFilters } from '../ui/filters.tsx';
import { PagedTable } from '../ui/PagedTable.tsx';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import type { DevScreenProps } from './screens.tsx';

type Parcel = DataOf<'/v2/open/pp/logistics/parcelList', 'post'>['list'][number];
type Shipment = DataOf<'/v2/open/pp/logistics/shipmentList', 'post'>['list'][number];
type ParcelState = NonNullable<NonNullable<BodyOf<'/v2/open/pp/logistics/parcelList'>>['state']>;
type ShipmentState = NonNullable<NonNullable<BodyOf<'/v2/open/pp/logistics/shipmentList'>>['state']>;

/** The parcel states the list filters by (src/modules/warehouse/machines.ts). */
const PARCEL_STATES: ParcelState[] = [
  'EXPECTED',
  'RECEIVED',
  'QC',
  'STORED',
  'PROBLEM',
  'ALLOCATED',
  'PACKED',
  'SHIPPED',
  'RETURN_TO_SELLER',
  'ABANDONED',
  'DISPOSED',
];

/** The shipment states the list filters by (src/modules/warehouse/machines.ts). */
const SHIPMENT_STATES: ShipmentState[] = [
  'REQUESTED',
  'PACKING',
  'WEIGHED',
  'AWAITING_PAYMENT',
  'PAID',
  'DISPATCHED',
  'IN_TRANSIT',
  'CUSTOMS_HELD',
  'DELIVERED',
  'RETURNED',
  'LOST',
  'CANCELLED',
];

/** `#/parcels[/parcel/<id>|/shipment/<id>]`: parcels in the warehouse and shipments abroad, and one of either. */
export function Parcels({ route }: DevScreenProps) {
  const [kind, id] = route;
  if (kind === 'parcel' && id) return <ParcelDetail parcelId={id} />;
  if (kind === 'shipment' && id) return <ShipmentDetail logisticsOrderId={id} />;
  return (
    <>
      <ParcelList />
      <ShipmentList />
    </>
  );
}

function ParcelList() {
  const t = useT();
  const fields: FilterField[] = [
    { name: 'state', label: t('state'), kind: 'select', options: PARCEL_STATES },
    { name: 'orderId', label: t('devOrder'), kind: 'text' },
    { name: 'tmallOrderId', label: t('devMarketplaceOrder'), kind: 'text' },
  ];
  const [filters, setFilters] = useFilters(fields);
  return (
    <Section title={t('devParcels')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<Parcel>
        label={t('devParcels')}
        filters={[filters]}
        rowKey={(row) => row.parcelId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/open/pp/logistics/parcelList', {
            pageNo: page,
            pageSize,
            ...given('state', filters.state as ParcelState),
            ...given('orderId', filters.orderId),
            ...given('tmallOrderId', filters.tmallOrderId),
          });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          { key: 'id', label: t('devParcel'), render: (row) => <a href={href('parcels', 'parcel', row.parcelId)}>{row.parcelId}</a> },
          { key: 'state', label: t('state'), render: (row) => row.state },
          { key: 'tracking', label: t('devTracking'), render: (row) => `${row.carrier} ${row.trackingNumber}` },
          { key: 'order', label: t('devOrder'), render: (row) => row.orderId ?? '—' },
          { key: 'weight', label: t('devWeight'), render: (row) => (row.weightGrams === null ? '—' : `${row.weightGrams} g`) },
        ]}
      />
    </Section>
  );
}

function ShipmentList() {
  const t = useT();
  const fields: FilterField[] = [{ name: 'state', label: t('state'), kind: 'select', options: SHIPMENT_STATES }];
  const [filters, setFilters] = useFilters(fields);
  return (
    <Section title={t('devShipments')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<Shipment>
        label={t('devShipments')}
        filters={[filters]}
        rowKey={(row) => row.logisticsOrderId}
        load={async ({ page, pageSize }) => {
          const state = given('state', filters.state as ShipmentState);
          const answer = await post('/v2/open/pp/logistics/shipmentList', { pageNo: page, pageSize, ...state });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          {
            key: 'id',
            label: t('devShipment'),
            render: (row) => <a href={href('parcels', 'shipment', row.logisticsOrderId)}>{row.logisticsOrderId}</a>,
          },
          { key: 'state', label: t('state'), render: (row) => row.state },
          { key: 'service', label: t('devService'), render: (row) => `${row.companyName} · ${row.country}` },
          { key: 'parcels', label: t('devParcels'), render: (row) => row.parcels.length },
          { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.actualFen ?? row.estimateFen} /> },
        ]}
      />
    </Section>
  );
}

function ParcelDetail({ parcelId }: { parcelId: string }) {
  const t = useT();
  const loaded = useLoad(() => post('/v2/open/pp/logistics/parcelDetail', { parcelId }), [parcelId]);
  const parcel = loaded.data;
  return (
    <Section title={t('devParcelNo', { id: parcelId })} actions={<a href={href('parcels')}>{t('devParcels')}</a>}>
      <ErrorNotice error={loaded.error} />
      {parcel ? (
        <>
          <Facts
            rows={[
              [t('state'), parcel.state],
              [t('devTracking'), `${parcel.carrier} ${parcel.trackingNumber}`],
              [t('devOrder'), parcel.orderId ?? '—'],
              [t('devReceivedAt'), formatTime(parcel.receivedAt)],
              [t('devWeight'), parcel.weightGrams === null ? '—' : `${parcel.weightGrams} g`],
              [t('devQc'), parcel.qcResult ? `${parcel.qcResult} ${parcel.qcNote ?? ''}` : '—'],
              [t('devStorageFee'), <Money key="fee" fen={parcel.storage.feeFen} />],
            ]}
          />
          <ul>
            {parcel.lines.map((line) => (
              <li key={`${line.itemId}-${line.skuId}`}>
                {line.title} × {line.quantity}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function ShipmentDetail({ logisticsOrderId }: { logisticsOrderId: string }) {
  const t = useT();
  const loaded = useLoad(() => post('/v2/open/pp/logistics/shipmentDetail', { logisticsOrderId }), [logisticsOrderId]);
  const shipment = loaded.data;
  return (
    <Section title={t('devShipmentNo', { id: logisticsOrderId })} actions={<a href={href('parcels')}>{t('devShipments')}</a>}>
      <ErrorNotice error={loaded.error} />
      {shipment ? (
        <>
          <Facts
            rows={[
              [t('state'), shipment.state],
              [t('devService'), `${shipment.companyName} · ${shipment.country}`],
              [t('devTracking'), shipment.trackingNumber ? `${shipment.carrier ?? ''} ${shipment.trackingNumber}` : '—'],
              [t('devEstimate'), <Money key="estimate" fen={shipment.estimateFen} />],
              [t('amount'), <Money key="actual" fen={shipment.actualFen} />],
              [t('devWeight'), shipment.chargeableGrams === null ? '—' : `${shipment.chargeableGrams} g`],
            ]}
          />
          <ol>
            {shipment.tracking.map((event) => (
              <li key={`${event.at}-${event.status}`}>
                {formatTime(event.at)} · {event.status} · {event.description}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Section>
  );
}
