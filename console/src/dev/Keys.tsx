import { type FormEvent, useState } from 'react';
import { type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useAction } from '../ui/async.ts';
import { ErrorNotice, Field, Section } from '../ui/parts.tsx';
import type { DevScreenProps } from './screens.tsx';

const GRACE_CHOICES = [0, 3600, 86_400, 604_800];

/** The developer's access keys; a rotation shows the new secret once, as the server keeps only its hash. */
export function Keys({ developer, refresh }: DevScreenProps) {
  const t = useT();
  const [grace, setGrace] = useState(86_400);
  const [issued, setIssued] = useState<DataOf<'/console/dev/api/keys/rotate', 'post'> | null>(null);
  const rotate = useAction(async () => {
    setIssued(await post('/console/dev/api/keys/rotate', { graceSeconds: grace }));
    refresh();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void rotate.run();
  };
  return (
    <>
      <Section title={t('devKeys')}>
        <div className="table-wrap">
          <table aria-label={t('devKeys')}>
            <thead>
              <tr>
                <th>{t('devAccessKey')}</th>
                <th>{t('created')}</th>
                <th>{t('devRotatedAt')}</th>
                <th>{t('devPreviousValidUntil')}</th>
                <th>{t('devRequireHmac')}</th>
              </tr>
            </thead>
            <tbody>
              {developer.keys.map((key) => (
                <tr key={key.accessKey}>
                  <td data-label={t('devAccessKey')} className="mono">
                    {key.accessKey}
                  </td>
                  <td data-label={t('created')}>{formatTime(key.createdAt)}</td>
                  <td data-label={t('devRotatedAt')}>{formatTime(key.rotatedAt)}</td>
                  <td data-label={t('devPreviousValidUntil')}>{formatTime(key.previousValidUntil)}</td>
                  <td data-label={t('devRequireHmac')}>{key.requireHmac ? t('devYes') : t('devNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form className="inline" onSubmit={submit}>
          <Field label={t('devGrace')}>
            <select value={grace} onChange={(event) => setGrace(Number(event.target.value))}>
              {GRACE_CHOICES.map((seconds) => (
                <option key={seconds} value={seconds}>
                  {t('devGraceHours', { hours: seconds / 3600 })}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="danger" disabled={rotate.busy}>
            {t('devRotate')}
          </button>
        </form>
        <ErrorNotice error={rotate.error} />
      </Section>
      {issued ? <NewSecret issued={issued} onDismiss={() => setIssued(null)} /> : null}
    </>
  );
}

function NewSecret({ issued, onDismiss }: { issued: DataOf<'/console/dev/api/keys/rotate', 'post'>; onDismiss(): void }) {
  const t = useT();
  return (
    <Section title={t('devNewSecret')}>
      <p className="notice error" role="alert">
        {t('devSecretOnce', { until: formatTime(issued.previousValidUntil) })}
      </p>
      <Field label={t('devSecret')}>
        <input readOnly className="mono" value={issued.secretKey} />
      </Field>
      <div className="inline">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(issued.secretKey)}>
          {t('devCopySecret')}
        </button>
        <button type="button" onClick={onDismiss}>
          {t('devSecretSaved')}
        </button>
      </div>
    </Section>
  );
}
