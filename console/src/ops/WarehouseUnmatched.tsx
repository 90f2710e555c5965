import { useState } from 'react';
import { type DataOf, get, type QueryOf } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Field, Section } from '../ui/parts.tsx';

type Scan = DataOf<'/admin/warehouse/unmatched'>['scans'][number];
type ScanState = NonNullable<QueryOf<'/admin/warehouse/unmatched'>['state']>;
const STATES: ScanState[] = ['UNMATCHED', 'MATCHED', 'DISPOSED'];

/** Scans no declaration matched yet, newest first (the route answers the latest ones, it does not page). */
export function WarehouseUnmatched() {
  const t = useT();
  const [state, setState] = useState<ScanState>('UNMATCHED');
  const loaded = useLoad(() => get('/admin/warehouse/unmatched', { state, limit: 200 }), [state]);
  const columns: [string, (scan: Scan) => React.ReactNode][] = [
    [t('warehouseTrackingNumber'), (scan) => <span className="mono">{scan.trackingNumber}</span>],
    [t('purchasingCarrier'), (scan) => scan.carrier || '—'],
    [t('warehouseScannedAt'), (scan) => formatTime(scan.scannedAt)],
    [t('warehouseHoldUntil'), (scan) => formatTime(scan.holdUntil)],
    [t('state'), (scan) => scan.state],
    [t('warehouseParcelId'), (scan) => (scan.parcelId ? <a href={href('warehouse', 'parcel', scan.parcelId)}>{scan.parcelId}</a> : '—')],
  ];
  const scans = loaded.data?.scans ?? [];
  return (
    <Section
      title={t('warehouseUnmatchedTitle')}
      actions={
        <Field label={t('state')}>
          <select value={state} onChange={(event) => setState(event.target.value as ScanState)}>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      }
    >
      <ErrorNotice error={loaded.error} />
      <div className="table-wrap">
        <table aria-label={t('warehouseUnmatchedTitle')} aria-busy={loaded.loading}>
          <thead>
            <tr>
              {columns.map(([name]) => (
                <th key={name}>{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scans.map((scan) => (
              <tr key={scan.scanId}>
                {columns.map(([name, render]) => (
                  <td key={name} data-label={name}>
                    {render(scan)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaded.data && scans.length === 0 ? <p className="muted">{t('empty')}</p> : null}
    </Section>
  );
}
