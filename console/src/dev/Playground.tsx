import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Field, Section } from '../ui/parts.tsx';
import { exampleOf, groupByTag, type OpenApiDocument, type SignedOperation, signedOperations } from './openapi.ts';
import { type Credentials, NO_CREDENTIALS, PlaygroundRequest } from './PlaygroundRequest.tsx';
import { PlaygroundUpload } from './PlaygroundUpload.tsx';
import type { Pair } from './signing.ts';

/** The entries a user filled in, in order; an empty input is not sent. */
function filled(values: Record<string, string>): Pair[] {
  return Object.entries(values).filter(([, value]) => value !== '');
}

async function loadDocument(): Promise<OpenApiDocument> {
  const response = await fetch('/openapi.json', { credentials: 'omit' });
  return (await response.json()) as OpenApiDocument;
}

/** Builds, signs and sends one signed request by hand, showing every step the server will redo. */
export function Playground() {
  const t = useT();
  const loaded = useLoad(loadDocument, []);
  const operations = useMemo(() => (loaded.data ? signedOperations(loaded.data) : []), [loaded.data]);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<SignedOperation | null>(null);
  const [credentials, setCredentials] = useState<Credentials>(NO_CREDENTIALS);
  return (
    <div className="playground">
      <Section title={t('devOperations')}>
        <ErrorNotice error={loaded.error} />
        <Field label={t('devFilterOperations')}>
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </Field>
        {groupByTag(operations, filter).map(([tag, members]) => (
          <section key={tag} aria-label={tag}>
            <h3>{tag}</h3>
            <ul className="operations">
              {members.map((operation) => (
                <li key={operation.id}>
                  <button
                    type="button"
                    className="link mono"
                    aria-pressed={chosen?.id === operation.id}
                    title={operation.summary}
                    onClick={() => setChosen(operation)}
                  >
                    {operation.id}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </Section>
      {chosen && loaded.data ? (
        <OperationForm key={chosen.id} operation={chosen} doc={loaded.data} credentials={credentials} onCredentials={setCredentials} />
      ) : (
        <p className="muted">{t('devChooseOperation')}</p>
      )}
    </div>
  );
}

interface FormProps {
  operation: SignedOperation;
  doc: OpenApiDocument;
  credentials: Credentials;
  onCredentials(next: Credentials): void;
}

function OperationForm({ operation, doc, credentials, onCredentials }: FormProps) {
  const t = useT();
  const [query, setQuery] = useState<Record<string, string>>({});
  const [body, setBody] = useState(() => (operation.body ? JSON.stringify(exampleOf(doc, operation.body), null, 2) : ''));
  const [bodyProblem, setBodyProblem] = useState('');
  // An operation that takes an upload starts as one: that is what its multipart form is for.
  const [asUpload, setAsUpload] = useState(operation.multipart !== null);
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const upload = operation.multipart && asUpload ? { fileField: operation.multipart.fileField, file, fields: filled(fields) } : null;
  useEffect(() => {
    if (!operation.body) return;
    try {
      JSON.parse(body);
      setBodyProblem('');
    } catch (error) {
      setBodyProblem(error instanceof Error ? error.message : String(error));
    }
  }, [body, operation.body]);
  return (
    <>
      <Section title={operation.id}>
        <p className="muted">{operation.summary}</p>
        {operation.query.length > 0 ? (
          <fieldset>
            <legend>{t('devQueryParams')}</legend>
            {operation.query.map((parameter) => (
              <Field key={parameter.name} label={parameter.required ? `${parameter.name} *` : parameter.name}>
                <input
                  value={query[parameter.name] ?? ''}
                  required={parameter.required}
                  title={parameter.description}
                  onChange={(event) => setQuery({ ...query, [parameter.name]: event.target.value })}
                />
              </Field>
            ))}
          </fieldset>
        ) : null}
        {operation.multipart ? (
          <Field label={t('devPgBodyKind')}>
            <select value={asUpload ? 'multipart' : 'json'} onChange={(event) => setAsUpload(event.target.value === 'multipart')}>
              <option value="multipart">{t('devPgBodyMultipart')}</option>
              <option value="json">{t('devPgBodyJson')}</option>
            </select>
          </Field>
        ) : null}
        {operation.multipart && asUpload ? (
          <PlaygroundUpload form={operation.multipart} fields={fields} onFields={setFields} onFile={setFile} />
        ) : operation.body ? (
          <Field label={t('devBody')}>
            <textarea className="mono" rows={10} value={body} spellCheck={false} onChange={(event) => setBody(event.target.value)} />
          </Field>
        ) : null}
        {bodyProblem && !upload ? (
          <p className="notice error" role="alert">
            {t('devBadJson', { message: bodyProblem })}
          </p>
        ) : null}
      </Section>
      <PlaygroundRequest
        credentials={credentials}
        onCredentials={onCredentials}
        method={operation.method}
        path={operation.path}
        query={filled(query)}
        forms={operation.forms}
        json={operation.body && !upload ? body : ''}
        upload={upload}
      />
    </>
  );
}
