import { type FormEvent, type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { navigate } from '../router.ts';
import { Field } from '../ui/parts.tsx';

/** Opens a record by its id: the id goes into the hash, so the record can be reloaded and linked. */
export function LookupForm({ label, screen, sub, initial = '' }: { label: string; screen: string; sub?: string; initial?: string }) {
  const t = useT();
  const [id, setId] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) navigate(...[screen, sub, id.trim()].filter((s): s is string => Boolean(s)));
  };
  return (
    <form className="inline" onSubmit={submit}>
      <Field label={label}>
        <input value={id} onChange={(event) => setId(event.target.value)} required />
      </Field>
      <button type="submit" className="primary">
        {t('warehouseOpen')}
      </button>
    </form>
  );
}

/** A form that stops the page reload and runs the action. */
export function ActionForm({ onSubmit, children }: { onSubmit(): void; children: ReactNode }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="inline" onSubmit={submit}>
      {children}
    </form>
  );
}

/** The chosen pictures as base64 (no data: prefix), as the admin routes take photos. */
export function readPhotos(files: FileList | null): Promise<string[]> {
  return Promise.all(
    Array.from(files ?? []).map(
      (file) =>
        new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file);
        }),
    ),
  );
}

export function PhotoPicker({ label, onChange }: { label: string; onChange(files: FileList | null): void }) {
  return (
    <Field label={label}>
      <input type="file" accept="image/*" multiple onChange={(event) => onChange(event.target.files)} />
    </Field>
  );
}

export function Pictures({ urls, label }: { urls: string[]; label: string }) {
  if (urls.length === 0) return null;
  return (
    <ul className="pictures" aria-label={label}>
      {urls.map((url, i) => (
        <li key={url}>
          <a href={url} target="_blank" rel="noreferrer">
            <img src={url} alt={`${label} ${i + 1}`} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

interface HistoryRow {
  fromState: string | null;
  toState: string;
  action: string;
  actor: string;
  at: number;
  note: string | null;
}

/** A record's state history, oldest first, as the server keeps it. */
export function History({ rows, label }: { rows: HistoryRow[]; label: string }) {
  const t = useT();
  const columns: [string, (row: HistoryRow) => ReactNode][] = [
    [t('warehouseAt'), (row) => formatTime(row.at)],
    [t('state'), (row) => `${row.fromState ?? '—'} → ${row.toState}`],
    [t('warehouseAction'), (row) => row.action],
    [t('warehouseActor'), (row) => row.actor],
    [t('warehouseNote'), (row) => row.note ?? ''],
  ];
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map(([name]) => (
              <th key={name}>{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.at}-${row.action}-${row.toState}`}>
              {columns.map(([name, render]) => (
                <td key={name} data-label={name}>
                  {render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface MeasureText {
  weight: string;
  length: string;
  width: string;
  height: string;
}
export const NO_MEASURES: MeasureText = { weight: '', length: '', width: '', height: '' };

/** Whole numbers as typed; what is not one goes as null (NaN in JSON), so the server names the field. */
export function measured(m: MeasureText) {
  const whole = (text: string) => Number.parseInt(text, 10);
  return { weightGrams: whole(m.weight), lengthCm: whole(m.length), widthCm: whole(m.width), heightCm: whole(m.height) };
}

/** Weight in grams and the three sides in cm, as the scale and the tape give them. */
export function MeasureFields({ value, onChange }: { value: MeasureText; onChange(next: MeasureText): void }) {
  const t = useT();
  const fields: [keyof MeasureText, string][] = [
    ['weight', t('warehouseWeightGrams')],
    ['length', t('warehouseLengthCm')],
    ['width', t('warehouseWidthCm')],
    ['height', t('warehouseHeightCm')],
  ];
  return (
    <>
      {fields.map(([key, label]) => (
        <Field key={key} label={label}>
          <input inputMode="numeric" value={value[key]} onChange={(event) => onChange({ ...value, [key]: event.target.value })} required />
        </Field>
      ))}
    </>
  );
}
