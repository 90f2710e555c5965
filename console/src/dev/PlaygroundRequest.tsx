import { useId, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Field, Section } from '../ui/parts.tsx';
import { canonicalString, randomNonce, type SignType, signature, signedHeaders } from './signing.ts';

/** Who signs: kept by the playground across operations, in memory only. */
export interface Credentials {
  accessKey: string;
  secret: string;
  userId: string;
  signType: SignType;
}

export const NO_CREDENTIALS: Credentials = { accessKey: '', secret: '', userId: '', signType: 'MD5' };

interface Props {
  credentials: Credentials;
  onCredentials(next: Credentials): void;
  method: 'GET' | 'POST';
  /** The path with its query string, as it goes on the wire. */
  path: string;
  /** The body exactly as sent; '' for none. */
  body: string;
}

/** Single quotes for a POSIX shell: the only character to escape inside them is the quote itself. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function curlLine(method: string, url: string, headers: Record<string, string>, body: string): string {
  const parts = ['curl', '-X', method, shellQuote(url)];
  for (const [name, value] of Object.entries(headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (body !== '') parts.push('--data-binary', shellQuote(body));
  return parts.join(' ');
}

/**
 * The signing values, the derived canonical string, signature and request, and the answer. The
 * secret lives only in this component's state: it is neither stored nor sent (only the signature is).
 */
export function PlaygroundRequest({ credentials, onCredentials, method, path, body }: Props) {
  const t = useT();
  const { accessKey, secret, userId, signType } = credentials;
  const set = (field: keyof Credentials) => (value: string) => onCredentials({ ...credentials, [field]: value });
  const [timestamp, setTimestamp] = useState(() => String(Date.now()));
  const [nonceStr, setNonceStr] = useState(randomNonce);
  const [answer, setAnswer] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const input = { accessKey, timestamp, nonceStr, body, signType };
  const headers: Record<string, string> = {
    ...signedHeaders({ ...input, userId }, secret),
    ...(body === '' ? {} : { 'content-type': 'application/json' }),
  };
  const url = `${window.location.origin}${path}`;
  const curl = curlLine(method, url, headers, body);
  const send = async () => {
    setSending(true);
    setAnswer(null);
    try {
      const response = await fetch(path, { method, headers, credentials: 'omit', ...(body === '' ? {} : { body }) });
      const text = await response.text();
      setAnswer(pretty(text));
    } catch (error) {
      setAnswer(error instanceof Error ? error.message : String(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <Section title={t('devSigning')}>
        <p className="muted">{t('devSecretNote')}</p>
        <div className="grid">
          <Field label={t('devAccessKey')}>
            <input value={accessKey} autoComplete="off" onChange={(event) => set('accessKey')(event.target.value.trim())} />
          </Field>
          <Field label={t('devSecret')}>
            <input type="password" value={secret} autoComplete="off" onChange={(event) => set('secret')(event.target.value.trim())} />
          </Field>
          <Field label={t('devUserId')}>
            <input value={userId} autoComplete="off" onChange={(event) => set('userId')(event.target.value.trim())} />
          </Field>
          <Field label={t('devSignType')}>
            <select value={signType} onChange={(event) => set('signType')(event.target.value)}>
              <option value="MD5">MD5</option>
              <option value="HMAC-SHA256">HMAC-SHA256</option>
            </select>
          </Field>
          <Field label={t('devTimestamp')}>
            <input value={timestamp} inputMode="numeric" onChange={(event) => setTimestamp(event.target.value.trim())} />
          </Field>
          <Field label={t('devNonce')}>
            <input value={nonceStr} onChange={(event) => setNonceStr(event.target.value.trim())} />
          </Field>
        </div>
        <div className="inline">
          <button type="button" onClick={() => setTimestamp(String(Date.now()))}>
            {t('devNow')}
          </button>
          <button type="button" onClick={() => setNonceStr(randomNonce())}>
            {t('devNewNonce')}
          </button>
        </div>
      </Section>
      <Section title={t('devRequest')}>
        <Shown title={t('devCanonical')} text={canonicalString(input)} />
        <Shown title={t('devSignature')} text={signature(input, secret)} />
        <Shown
          title={t('devHttpRequest')}
          text={[`${method} ${url}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', body].join('\n')}
        />
        <Shown title="curl" text={curl} />
        <div className="inline">
          <button type="button" onClick={() => void navigator.clipboard?.writeText(curl)}>
            {t('devCopyCurl')}
          </button>
          <button type="button" className="primary" disabled={sending} onClick={() => void send()}>
            {t('devSend')}
          </button>
        </div>
      </Section>
      {answer !== null ? <Shown title={t('devAnswer')} text={answer} /> : null}
    </>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A derived value under its heading; the heading names the region, so a reader (and a test) finds it by name. */
function Shown({ title, text }: { title: string; text: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <pre className="mono">{text}</pre>
    </section>
  );
}
