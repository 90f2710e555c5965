import { useId, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Field, Section } from '../ui/parts.tsx';
import { bodyHeaders, curlOf, httpTextOf, type Outgoing, requestInit, type Upload, urlOf } from './outgoing.ts';
import { type Pair, randomNonce, type SignForm, type SignType, signRequest } from './signing.ts';

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
  /** The path without its query string. */
  path: string;
  /** The operation's own query parameters. */
  query: Pair[];
  /** Where the operation takes its signature (the query form on the warehouse-logistics routes). */
  forms: SignForm[];
  /** The JSON body exactly as sent; '' for none or when the body is an upload. */
  json: string;
  upload: Upload | null;
}

/**
 * The signing values, the derived canonical string, signature and request, and the answer. The
 * secret lives only in this component's state: it is neither stored nor sent (only the signature is).
 */
export function PlaygroundRequest({ credentials, onCredentials, method, path, query, forms, json, upload }: Props) {
  const t = useT();
  const { accessKey, secret, userId, signType } = credentials;
  // The family's documented form first: PandaPon's logistics pages sign in the query.
  const [form, setForm] = useState<SignForm>(forms.includes('query') ? 'query' : 'header');
  const [timestamp, setTimestamp] = useState(() => String(Date.now()));
  const [nonceStr, setNonceStr] = useState(randomNonce);
  const [answer, setAnswer] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const signed = signRequest(
    { form, accessKey, userId, timestamp, nonceStr, signType, query, body: json, multipart: upload !== null },
    secret,
  );
  const outgoing: Outgoing = {
    method,
    url: urlOf(window.location.origin, path, signed.query),
    headers: { ...signed.headers, ...bodyHeaders({ json, upload }) },
    json,
    upload,
  };
  const curl = curlOf(outgoing);
  const send = async () => {
    setSending(true);
    setAnswer(null);
    try {
      const response = await fetch(outgoing.url, requestInit(outgoing));
      setAnswer(pretty(await response.text()));
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
          <CredentialFields credentials={credentials} onCredentials={onCredentials} />
          {forms.length > 1 ? (
            <Field label={t('devPgSignForm')}>
              <select value={form} onChange={(event) => setForm(event.target.value as SignForm)}>
                <option value="header">{t('devPgFormHeader')}</option>
                <option value="query">{t('devPgFormQuery')}</option>
              </select>
            </Field>
          ) : null}
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
        <Shown title={t('devCanonical')} text={signed.canonical} />
        <Shown title={t('devSignature')} text={signed.signature} />
        <Shown title={t('devHttpRequest')} text={httpTextOf(outgoing, t('devPgNoFile'))} />
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

/** Who signs and how: kept across operations by the playground. */
function CredentialFields({ credentials, onCredentials }: Pick<Props, 'credentials' | 'onCredentials'>) {
  const t = useT();
  const { accessKey, secret, userId, signType } = credentials;
  const set = (field: keyof Credentials) => (value: string) => onCredentials({ ...credentials, [field]: value });
  return (
    <>
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
