/**
 * The request the playground sends, in the three shapes it shows: the fetch it makes, the HTTP
 * request as text and the same request as curl. A multipart upload lets the browser write the
 * boundary (so the text shows a placeholder), and its parts are the form's text fields, then the file.
 */
import type { Pair } from './signing.ts';

/** A multipart/form-data body: the file in `fileField`, beside the form's text fields. */
export interface Upload {
  fileField: string;
  file: File | null;
  fields: Pair[];
}

export interface Outgoing {
  method: 'GET' | 'POST';
  /** Absolute URL with the whole query (the signing set too, in the query form). */
  url: string;
  headers: Record<string, string>;
  /** The JSON body exactly as sent; '' for none or for an upload. */
  json: string;
  upload: Upload | null;
}

export function urlOf(origin: string, path: string, query: Pair[]): string {
  const search = new URLSearchParams(query.map(([name, value]) => [name, value])).toString();
  return `${origin}${path}${search ? `?${search}` : ''}`;
}

/** The headers that go with the body: JSON names its type; a form's type (with its boundary) is the browser's to set. */
export function bodyHeaders(outgoing: Pick<Outgoing, 'json' | 'upload'>): Record<string, string> {
  return outgoing.upload === null && outgoing.json !== '' ? { 'content-type': 'application/json' } : {};
}

export function requestInit(outgoing: Outgoing): RequestInit {
  const init: RequestInit = { method: outgoing.method, headers: outgoing.headers, credentials: 'omit' };
  if (outgoing.upload) {
    const form = new FormData();
    for (const [name, value] of outgoing.upload.fields) form.append(name, value);
    if (outgoing.upload.file) form.append(outgoing.upload.fileField, outgoing.upload.file);
    init.body = form;
  } else if (outgoing.json !== '') {
    init.body = outgoing.json;
  }
  return init;
}

/** Single quotes for a POSIX shell: the only character to escape inside them is the quote itself. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export function curlOf(outgoing: Outgoing): string {
  const parts = ['curl', '-X', outgoing.method, shellQuote(outgoing.url)];
  for (const [name, value] of Object.entries(outgoing.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (outgoing.upload) {
    for (const [name, value] of outgoing.upload.fields) parts.push('-F', shellQuote(`${name}=${value}`));
    const { file, fileField } = outgoing.upload;
    if (file) parts.push('-F', shellQuote(`${fileField}=@${file.name}`));
  } else if (outgoing.json !== '') {
    parts.push('--data-binary', shellQuote(outgoing.json));
  }
  return parts.join(' ');
}

/** The request as a reader would write it; `noFile` is the text for an upload whose file is not chosen yet. */
export function httpTextOf(outgoing: Outgoing, noFile: string): string {
  const head = [`${outgoing.method} ${outgoing.url}`, ...Object.entries(outgoing.headers).map(([name, value]) => `${name}: ${value}`)];
  if (!outgoing.upload) return [...head, '', outgoing.json].join('\n');
  const { file, fileField, fields } = outgoing.upload;
  const parts = [
    ...fields.map(([name, value]) => `${name}=${value}`),
    `${fileField}=${file ? `@${file.name} (${file.size} bytes)` : noFile}`,
  ];
  return [...head, 'content-type: multipart/form-data; boundary=…', '', ...parts].join('\n');
}
