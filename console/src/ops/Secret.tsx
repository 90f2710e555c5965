import { useState } from 'react';
import { useT } from '../i18n/index.tsx';

/** A secret the server shows only once: copy it now, it cannot be read again. */
export function OnceSecret({ label, value }: { label: string; value: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="notice ok" role="status">
      <p>
        <strong>{t('developersSecretOnce')}</strong>
      </p>
      <p>
        {label}: <code>{value}</code>{' '}
        <button type="button" onClick={copy}>
          {copied ? t('developersCopied') : t('developersCopy')}
        </button>
      </p>
    </div>
  );
}
