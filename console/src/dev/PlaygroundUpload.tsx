import { useT } from '../i18n/index.tsx';
import { Field } from '../ui/parts.tsx';
import type { MultipartForm } from './openapi.ts';

interface Props {
  form: MultipartForm;
  fields: Record<string, string>;
  onFields(next: Record<string, string>): void;
  onFile(file: File | null): void;
}

/** A multipart upload's parts: the file of the operation's file field, then its other (text) fields. */
export function PlaygroundUpload({ form, fields, onFields, onFile }: Props) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t('devPgBodyMultipart')}</legend>
      <Field label={t('devPgFile', { field: form.fileField })}>
        <input type="file" onChange={(event) => onFile(event.target.files?.[0] ?? null)} />
      </Field>
      <p className="muted">{t('devPgFileNote', { bytes: form.maxBytes })}</p>
      {form.textFields.map((name) => (
        <Field key={name} label={name}>
          <input value={fields[name] ?? ''} onChange={(event) => onFields({ ...fields, [name]: event.target.value })} />
        </Field>
      ))}
    </fieldset>
  );
}
