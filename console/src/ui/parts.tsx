import type { ReactNode } from 'react';
import { type ApiError, FieldError } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatFen } from '../money.ts';

/**
 * Every form's refusal: the server's with its code and message (a 400's message names the field path
 * it refused, e.g. skus[0].priceFen), or the browser's own check naming the field by its label.
 */
export function ErrorNotice({ error }: { error: ApiError | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="notice error" role="alert">
      {error instanceof FieldError
        ? t('fieldRefused', { field: error.field, message: error.message })
        : t('error', { code: error.code, message: error.message })}
    </p>
  );
}

export function DoneNotice({ show, text }: { show: boolean; text?: string }) {
  const t = useT();
  return show ? (
    <p className="notice ok" role="status">
      {text ?? t('done')}
    </p>
  ) : null;
}

export function Money({ fen }: { fen: number | null | undefined }) {
  return <span className="money">{fen === null || fen === undefined ? '—' : formatFen(fen)}</span>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, which the label wraps
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** Label/value pairs of one record. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A list's state filter; `all` adds the "All" choice, which answers '' (so V then includes ''). */
export function StateSelect<S extends string, V extends S | ''>({
  states,
  value,
  onChange,
  all = false,
}: {
  states: readonly S[];
  value: V;
  onChange(next: NoInfer<V>): void;
  all?: boolean;
}) {
  const t = useT();
  return (
    <Field label={t('state')}>
      <select value={value} onChange={(event) => onChange(event.target.value as V)}>
        {all ? <option value="">{t('all')}</option> : null}
        {states.map((state) => (
          <option key={state} value={state}>
            {state}
          </option>
        ))}
      </select>
    </Field>
  );
}
