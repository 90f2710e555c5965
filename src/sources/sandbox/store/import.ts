/**
 * `ponte catalog import`: real products from JSONL (docs/catalog-import.md), one line per
 * product, each in its own transaction, so a bad line is reported and skipped while the rest land.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Kysely } from 'kysely';
import type { Db } from '../../../platform/db/index.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { checkImages, ImageChecker } from './import-images.ts';
import { parseLine } from './import-line.ts';
import { writeLine, type Outcome } from './import-write.ts';

export { IMPORT_INDEX_BASE } from './import-write.ts';

/** An import writes through Kysely alone, so a request's context can run one too. */
export type CatalogDb = Pick<Db, 'kysely' | 'dialect'>;

export interface SkippedLine {
  line: number;
  reason: string;
}
export interface ImportResult {
  imported: number;
  updated: number;
  skipped: SkippedLine[];
}
/** ok: false only when nothing could be imported at all (unreadable file, foreign id secret). */
export type ImportReport = ({ ok: true } & ImportResult) | { ok: false; reason: string };

export interface ImportOptions {
  /** Keys the opaque item/map ids: sandboxIdSecret(masterKey), the same as generation's. */
  secret: string;
  /** Relative image paths are resolved against this directory (the JSONL file's own). */
  baseDir: string;
  onLine?: (progress: { line: number; imported: number; updated: number; skipped: number }) => void;
  onSkip?: (skipped: SkippedLine) => void;
}

/** Opens the file first, so "cannot read" is an answer rather than a half-run import. */
export async function importCatalogFile(db: Db, file: string, options: Omit<ImportOptions, 'baseDir'>): Promise<ImportReport> {
  try {
    if (!(await stat(file)).isFile()) return { ok: false, reason: `${file} is not a file` };
    const stream = createReadStream(file, { encoding: 'utf8' });
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    return await importCatalog(db, lines, { ...options, baseDir: dirname(resolve(file)) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return { ok: false, reason: `cannot read ${file}: ${(error as Error).message}` };
  }
}

/** Lines are numbered from 1; blank lines are not products and are passed over silently. */
export async function importCatalog(
  db: CatalogDb,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions,
): Promise<ImportReport> {
  // readline drops lines emitted before its iterator exists, and the query below yields to I/O.
  const source = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  const refused = await secretMismatch(db, options.secret);
  if (refused) return { ok: false, reason: refused };
  const result = { ok: true as const, imported: 0, updated: 0, skipped: [] as SkippedLine[] };
  const seenIds = new Map<string, number>();
  const images = new ImageChecker(options.baseDir);
  let line = 0;
  for await (const raw of { [Symbol.asyncIterator]: () => source } as AsyncIterable<string>) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const outcome = await importLine(db, text, line, seenIds, images, options.secret);
    if (typeof outcome === 'string') result[outcome]++;
    else {
      const skipped = { line, reason: outcome.reason };
      result.skipped.push(skipped);
      options.onSkip?.(skipped);
    }
    options.onLine?.({ line, imported: result.imported, updated: result.updated, skipped: result.skipped.length });
  }
  return result;
}

async function importLine(
  db: CatalogDb,
  text: string,
  line: number,
  seenIds: Map<string, number>,
  images: ImageChecker,
  secret: string,
): Promise<Outcome> {
  const parsed = parseLine(text);
  if (!parsed.ok) return { reason: parsed.reason };
  const input = parsed.value;
  const earlier = seenIds.get(input.id);
  if (earlier !== undefined) return { reason: `id ${input.id} already imported from line ${earlier}` };
  const checked = await checkImages(images, input);
  if (!checked.ok) return { reason: checked.reason };
  const outcome = await writeLine(db, input, checked.value, secret);
  if (typeof outcome === 'string') seenIds.set(input.id, line);
  return outcome;
}

/**
 * Item ids are keyed by the secret; importing with another one than the catalog was generated
 * with would give imported goods ids from a different family. Mirrors generate.ts's fingerprint.
 */
async function secretMismatch(db: CatalogDb, secret: string): Promise<string | null> {
  const row = await (db.kysely as unknown as Kysely<any>)
    .selectFrom('sandbox_catalog_state')
    .select('value')
    .where('key', '=', 'secret_fingerprint')
    .executeTakeFirst();
  if (!row || row.value === sha256Hex(`sandbox-catalog:${secret}`).slice(0, 16)) return null;
  return 'sandbox catalog was generated with another id secret; refusing to import with this one';
}
