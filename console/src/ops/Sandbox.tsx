import { type FormEvent, useState } from 'react';
import { get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useAction, useLoad } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Facts, Field, Section } from '../ui/parts.tsx';

/** The sandbox's business clock: moving it lets the simulated sellers, timers and the warehouse act. */
export function Sandbox() {
  const t = useT();
  const clock = useLoad(() => get('/sandbox/clock'), []);
  const [by, setBy] = useState('2h');
  const [ran, setRan] = useState<{ planned: number; ran: number; refundActions: number } | null>(null);
  const advance = useAction(async () => {
    setRan(await post('/sandbox/clock/advance', { by }));
    clock.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void advance.run();
  };
  return (
    <Section title={t('sandboxClock')}>
      <ErrorNotice error={clock.error} />
      {clock.data ? (
        <Facts
          rows={[
            [t('sandboxNow'), formatTime(clock.data.nowMs)],
            [t('sandboxOffset'), `${Math.round(clock.data.offsetMs / 60_000)} min`],
          ]}
        />
      ) : null}
      <form className="inline" onSubmit={submit}>
        <Field label={t('sandboxAdvanceBy')}>
          <input name="by" value={by} onChange={(event) => setBy(event.target.value)} required />
        </Field>
        <button type="submit" className="primary" disabled={advance.busy}>
          {t('sandboxAdvance')}
        </button>
      </form>
      <ErrorNotice error={advance.error} />
      <DoneNotice
        show={advance.done && ran !== null}
        text={ran ? t('sandboxRan', { planned: ran.planned, ran: ran.ran, refunds: ran.refundActions }) : ''}
      />
    </Section>
  );
}
