import { useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import { href } from '../router.ts';
import type { ScreenProps } from './screens.tsx';
import { WarehouseParcel } from './WarehouseParcel.tsx';
import { WarehouseScan } from './WarehouseScan.tsx';
import { WarehouseShipment } from './WarehouseShipment.tsx';
import { WarehouseUnmatched } from './WarehouseUnmatched.tsx';

const VIEWS: { id: string; label: MessageKey }[] = [
  { id: 'scan', label: 'warehouseScanTab' },
  { id: 'parcel', label: 'warehouseParcelTab' },
  { id: 'shipment', label: 'warehouseShipmentTab' },
  { id: 'unmatched', label: 'warehouseUnmatchedTab' },
];

/** The warehouse floor: `#/warehouse/scan`, `#/warehouse/parcel/<WP…>`, `#/warehouse/shipment/<LO…>`, `#/warehouse/unmatched`. */
export function Warehouse({ route }: ScreenProps) {
  const t = useT();
  const view = VIEWS.find((v) => v.id === route[0])?.id ?? 'scan';
  const id = route[1] ?? '';
  return (
    <>
      <nav className="subnav" aria-label={t('warehouseViews')}>
        {VIEWS.map((v) => (
          <a key={v.id} href={href('warehouse', v.id)} aria-current={v.id === view ? 'page' : undefined}>
            {t(v.label)}
          </a>
        ))}
      </nav>
      {view === 'scan' ? <WarehouseScan /> : null}
      {view === 'parcel' ? <WarehouseParcel key={id} parcelId={id} /> : null}
      {view === 'shipment' ? <WarehouseShipment key={id} shipmentId={id} /> : null}
      {view === 'unmatched' ? <WarehouseUnmatched /> : null}
    </>
  );
}
