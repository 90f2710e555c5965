import { useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Field } from './parts.tsx';

/** One filter control; a select's options are the values the server's filter accepts. */
export interface FilterField {
  name: string;
  label: string;
  kind: 'text' | 'date' | 'select';
  options?: readonly (string | number)[];
}

export type FilterValues = Record<string, string>;

/** The filters of one list, every one empty (= not sent) at first. */
export function useFilters(fields: readonly FilterField[]): [FilterValues, (values: FilterValues) => void] {
  return useState<FilterValues>(() => Object.fromEntries(fields.map((f) => [f.name, ''])));
}

/** A row of labelled controls above a list; a change goes to the list, which goes back to page 1. */
export function FilterBar({
  fields,
  values,
  onChange,
}: {
  fields: readonly FilterField[];
  values: FilterValues;
  onChange(v: FilterValues): void;
}) {
  const t = useT();
  const set = (name: string) => (event: { target: { value: string } }) => onChange({ ...values, [name]: event.target.value });
  return (
    <search className="inline" aria-label={t('filter')}>
      {fields.map((field) => (
        <Field key={field.name} label={field.label}>
          {field.kind === 'select' ? (
            <select name={field.name} value={values[field.name] ?? ''} onChange={set(field.name)}>
              <option value="">{t('all')}</option>
              {(field.options ?? []).map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          ) : (
            <input
              name={field.name}
              type={field.kind === 'date' ? 'date' : 'search'}
              value={values[field.name] ?? ''}
              onChange={set(field.name)}
            />
          )}
        </Field>
      ))}
    </search>
  );
}

/** China business days: a date picked in the form is a day in Asia/Shanghai (UTC+8, no summer time). */
export function dayStart(date: string | undefined, plusDays = 0): number | undefined {
  if (!date) return undefined;
  return Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000;
}

/** The last millisecond of a picked day, for filters whose end is inclusive. */
export function dayEnd(date: string | undefined): number | undefined {
  const next = dayStart(date, 1);
  return next === undefined ? undefined : next - 1;
}

/** `{ [name]: value }` when the value was given, else nothing: filters left empty are not sent. */
export function given<K extends string, V>(name: K, value: V | undefined | ''): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [name]: value }) as { [P in K]?: V };
}
