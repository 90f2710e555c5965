import { type FormEvent, useState } from 'react';
import { get, post } from '../api.ts';
import { type MessageKey, useT } from '../i18n/index.tsx';
import { useAction, useLoad } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';

const RATES = [
  ['priceChangeRate', 'sandboxSettingsPriceChangeRate'],
  ['stockOutRate', 'sandboxSettingsStockOutRate'],
  ['refundAgreeRate', 'sandboxSettingsRefundAgreeRate'],
  ['refundRefuseRate', 'sandboxSettingsRefundRefuseRate'],
  ['receiptRefuseRate', 'sandboxSettingsReceiptRefuseRate'],
] as const satisfies readonly (readonly [string, MessageKey])[];
type Rate = (typeof RATES)[number][0];

/** The simulated sellers' behaviour rates; a stored value overrides the deployment's environment default. */
export function SandboxSettings() {
  const t = useT();
  const loaded = useLoad(() => get('/admin/sandbox/settings'), []);
  const [edits, setEdits] = useState<Partial<Record<Rate, string>>>({});
  const save = useAction(async () => {
    const body: Partial<Record<Rate, number>> = {};
    for (const [rate] of RATES) if (edits[rate] !== undefined) body[rate] = Number(edits[rate]);
    await post('/admin/sandbox/settings', body);
    setEdits({});
    loaded.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const data = loaded.data;
  return (
    <Section title={t('sandboxSettingsTitle')}>
      <ErrorNotice error={loaded.error} />
      <p className="muted">{t('sandboxSettingsHint')}</p>
      {data ? (
        <form onSubmit={submit}>
          {RATES.map(([rate, label]) => (
            <Field key={rate} label={`${t(label)} (${t(data.source[rate] === 'stored' ? 'sandboxSettingsStored' : 'sandboxSettingsEnv')})`}>
              <input
                name={rate}
                type="number"
                min="0"
                max="1"
                step="0.01"
                value={edits[rate] ?? String(data[rate])}
                onChange={(event) => setEdits({ ...edits, [rate]: event.target.value })}
                required
              />
            </Field>
          ))}
          <button type="submit" className="primary" disabled={save.busy}>
            {t('save')}
          </button>
        </form>
      ) : null}
      <ErrorNotice error={save.error} />
      <DoneNotice show={save.done} />
    </Section>
  );
}
