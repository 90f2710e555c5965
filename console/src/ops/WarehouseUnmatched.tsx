import { useState } from 'react';
import { type DataOf, get, type QueryOf } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import type { Column } from '../ui/PagedTable.tsx';
import { ErrorNotice, Section, StateSelect } from '../ui/parts.tsx';
import { Table } from '../ui/Table.tsx';

type Scan = DataOf<'/admin/warehouse/unmatched'>['scans'][number];
type ScanState = NonNullable<QueryOf<'/admin/warehouse/unmatched'>['state']>;
const STATES: ScanState[] = ['UNMATCHED', 'MATCHED', 'DISPOSED'];

/** Scans no declaration matched yet, newest first (the route answers the latest ones, it does not page). */
export function WarehouseUnmatched() {
  const t = useT();
  const [state, setState] = useState<ScanState>('UNMATCHED');
  const loaded = useLoad(() => get('/admin/warehouse/unmatched', { state, limit: 200 }), [state]);
  const columns: Column<Scan>[] = [
    { key: 'tracking', label: t('warehouseTrackingNumber'), render: (scan) => <span className="mono">{scan.trackingNumber}</span> },
    { key: 'carrier', label: t('purchasingCarrier'), render: (scan) => scan.carrier || '—' },
    { key: 'scanned', label: t('warehouseScannedAt'), render: (scan) => formatTime(scan.scannedAt) },
    { key: 'hold', label: t('warehouseHoldUntil'), render: (scan) => formatTime(scan.holdUntil) },
    { key: 'state', label: t('state'), render: (scan) => scan.state },
    {
      key: 'parcel',
      label: t('warehouseParcelId'),
      render: (scan) => (scan.parcelId ? <a href={href('warehouse', 'parcel', scan.parcelId)}>{scan.parcelId}</a> : '—'),
    },
  ];
  const scans = loaded.data?.scans ?? [];
  return (
    <Section title={t('warehouseUnmatchedTitle')} actions={<StateSelect states={STATES} value={state} onChange={setState} />}>
      <ErrorNotice error={loaded.error} />
      <Table label={t('warehouseUnmatchedTitle')} columns={columns} rows={scans} rowKey={(scan) => scan.scanId} busy={loaded.loading} />
      {loaded.data && scans.length === 0 ? <p className="muted">{t('empty')}</p> : null}
    </Section>
  );
}
