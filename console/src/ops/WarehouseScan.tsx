import { type FormEvent, useRef, useState } from 'react';
import { ApiError, type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { href } from '../router.ts';
import { Field, Section } from '../ui/parts.tsx';

type Scanned = DataOf<'/admin/warehouse/parcels/scan', 'post'>;
interface ScanLine {
  seq: number;
  trackingNumber: string;
  answer: Scanned | null;
  error: ApiError | null;
}

/**
 * The door: a keyboard-wedge scanner types the number and Enter into the focused field, so the
 * field keeps the focus, empties after each scan and never waits for the previous answer.
 */
export function WarehouseScan() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  const [number, setNumber] = useState('');
  const [lines, setLines] = useState<ScanLine[]>([]);
  const record = (line: ScanLine) => setLines((all) => [line, ...all.filter((l) => l.seq !== line.seq)].slice(0, 20));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trackingNumber = number.trim();
    setNumber('');
    input.current?.focus();
    if (!trackingNumber) return;
    const line: ScanLine = { seq: ++seq.current, trackingNumber, answer: null, error: null };
    record(line);
    post('/admin/warehouse/parcels/scan', { trackingNumber }).then(
      (answer) => record({ ...line, answer }),
      (error: unknown) => record({ ...line, error: error instanceof ApiError ? error : new ApiError(0, String(error)) }),
    );
  };
  return (
    <Section title={t('warehouseScanTitle')}>
      <form className="inline" onSubmit={submit}>
        <Field label={t('warehouseTrackingNumber')}>
          {/* biome-ignore lint/a11y/noAutofocus: the scanner types into whatever has the focus */}
          <input ref={input} autoFocus autoComplete="off" value={number} onChange={(event) => setNumber(event.target.value)} />
        </Field>
        <button type="submit" className="primary">
          {t('warehouseScan')}
        </button>
      </form>
      <ol className="scans" aria-label={t('warehouseScans')} aria-live="polite">
        {lines.map((line) => (
          <li key={line.seq}>
            <ScanOutcome line={line} />
          </li>
        ))}
      </ol>
    </Section>
  );
}

function ScanOutcome({ line }: { line: ScanLine }) {
  const t = useT();
  const number = <span className="mono">{line.trackingNumber}</span>;
  if (line.error)
    return (
      <span className="notice error">
        {number} {t('error', { code: line.error.code, message: line.error.message })}
      </span>
    );
  if (!line.answer) return <span className="muted">{number} …</span>;
  const { outcome, parcelId, state } = line.answer;
  if (outcome === 'unmatched' || !parcelId)
    return (
      <span className="notice error">
        {number} {t('warehouseScanUnmatched')}
      </span>
    );
  return (
    <span className="notice ok">
      {number} {t(outcome === 'received' ? 'warehouseScanReceived' : 'warehouseScanAlready', { state })}{' '}
      <a href={href('warehouse', 'parcel', parcelId)}>{parcelId}</a>
    </span>
  );
}
