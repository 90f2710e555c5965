/**
 * The stored rate card and FX snapshot: loading a new one (validated, then the only active one)
 * and reading the active one, compiled once per version and cached in process. When none was
 * ever loaded the shipped samples are stored on first use, so a fresh install quotes at once.
 */
import { readFileSync } from 'node:fs';
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { serializeOn } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { FxSnapshot, issuePath, RateCard } from './card-schema.ts';
import { compileFx, type Fx } from './fx.ts';
import { compileCard, type CompiledCard } from './quote.ts';

const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
export const sampleRateCard = (): unknown => readJson('./sample-card.json');
export const sampleFxSnapshot = (): unknown => readJson('./sample-fx.json');

// Per database (tests open many, each with the same sample version) and per version: a stored
// version never changes content (activate refuses that), so a cached compile stays right.
const cardCache = new WeakMap<object, Map<string, CompiledCard>>();
const fxCache = new WeakMap<object, Map<string, Fx>>();
function cacheOf<T>(caches: WeakMap<object, Map<string, T>>, db: object): Map<string, T> {
  const cache = caches.get(db);
  if (cache) return cache;
  const fresh = new Map<string, T>();
  caches.set(db, fresh);
  return fresh;
}

/** Validates a card; a bad one answers BAD_PARAMETER naming the card's field (`card.channels[2].zones[0]…`). */
export function parseRateCard(json: unknown): { ok: true; card: RateCard } | Failure {
  const parsed = RateCard.safeParse(json);
  if (parsed.success) return { ok: true, card: parsed.data };
  const issue = parsed.error.issues[0]!;
  return fail('BAD_PARAMETER', { field: `card.${issuePath(issue.path)}`, rule: issue.message });
}

export function parseFxSnapshot(json: unknown): { ok: true; fx: FxSnapshot } | Failure {
  const parsed = FxSnapshot.safeParse(json);
  if (parsed.success) return { ok: true, fx: parsed.data };
  const issue = parsed.error.issues[0]!;
  return fail('BAD_PARAMETER', { field: `fx.${issuePath(issue.path)}`, rule: issue.message });
}

type Table = 'freight_rate_cards' | 'freight_fx_snapshots';

/** Stores `json` under `key` and makes it the only active row; a key already stored with other content is refused. */
async function activate(ctx: SystemCtx, table: Table, key: string, json: string): Promise<{ ok: true } | Failure> {
  const keyColumn = table === 'freight_rate_cards' ? 'version' : 'as_of';
  const jsonColumn = table === 'freight_rate_cards' ? 'card_json' : 'snapshot_json';
  return inTransaction(ctx, async (tx) => {
    await serializeOn(tx, table);
    const db = tx.db as unknown as import('kysely').Kysely<Record<Table, Record<string, unknown>>>;
    const existing = await db.selectFrom(table).select(jsonColumn).where(keyColumn, '=', key).executeTakeFirst();
    if (existing && existing[jsonColumn] !== json)
      return fail('BAD_PARAMETER', { field: keyColumn, rule: `${key} is already stored with other content` });
    await db.updateTable(table).set({ active: 0 }).where('active', '=', 1).execute();
    if (existing) await db.updateTable(table).set({ active: 1 }).where(keyColumn, '=', key).execute();
    else {
      // Two nodes storing the sample on first use race here; the loser's insert does nothing.
      await db
        .insertInto(table)
        .values({ [keyColumn]: key, [jsonColumn]: json, active: 1, loaded_at: ctx.clock.nowMs() })
        .onConflict((oc) => oc.column(keyColumn).doNothing())
        .execute();
      const stored = await db.selectFrom(table).select(jsonColumn).where(keyColumn, '=', key).executeTakeFirstOrThrow();
      if (stored[jsonColumn] !== json)
        return fail('BAD_PARAMETER', { field: keyColumn, rule: `${key} is already stored with other content` });
    }
    return { ok: true as const };
  });
}

/** Loads a rate card (admin route, CLI): validated, stored, and active from the next quote on. */
export async function loadRateCard(ctx: SystemCtx, json: unknown): Promise<{ ok: true; version: string; channels: number } | Failure> {
  const parsed = parseRateCard(json);
  if (!parsed.ok) return parsed;
  const stored = await activate(ctx, 'freight_rate_cards', parsed.card.version, JSON.stringify(parsed.card));
  return stored.ok ? { ok: true, version: parsed.card.version, channels: parsed.card.channels.length } : stored;
}

export async function loadFxSnapshot(ctx: SystemCtx, json: unknown): Promise<{ ok: true; asOf: string } | Failure> {
  const parsed = parseFxSnapshot(json);
  if (!parsed.ok) return parsed;
  const stored = await activate(ctx, 'freight_fx_snapshots', parsed.fx.asOf, JSON.stringify(parsed.fx));
  return stored.ok ? { ok: true, asOf: parsed.fx.asOf } : stored;
}

/** The active card, compiled; the sample is stored first when no card was ever loaded. */
export async function activeRateCard(ctx: SystemCtx): Promise<CompiledCard> {
  const row = await ctx.db
    .selectFrom('freight_rate_cards')
    .select('version')
    .where('active', '=', 1)
    .orderBy('loaded_at', 'desc')
    .executeTakeFirst();
  if (!row) {
    const seeded = await loadRateCard(ctx, sampleRateCard());
    if (!seeded.ok) throw new Error(`the shipped sample card is invalid: ${JSON.stringify(seeded.params)}`);
    return activeRateCard(ctx);
  }
  const cards = cacheOf(cardCache, ctx.db);
  const cached = cards.get(row.version);
  if (cached) return cached;
  const stored = await ctx.db
    .selectFrom('freight_rate_cards')
    .select('card_json')
    .where('version', '=', row.version)
    .executeTakeFirstOrThrow();
  const compiled = compileCard(RateCard.parse(JSON.parse(stored.card_json)));
  cards.set(row.version, compiled);
  return compiled;
}

export async function activeFx(ctx: SystemCtx): Promise<Fx> {
  const row = await ctx.db
    .selectFrom('freight_fx_snapshots')
    .select(['as_of', 'snapshot_json'])
    .where('active', '=', 1)
    .orderBy('loaded_at', 'desc')
    .executeTakeFirst();
  if (!row) {
    const seeded = await loadFxSnapshot(ctx, sampleFxSnapshot());
    if (!seeded.ok) throw new Error('the shipped sample FX snapshot is invalid');
    return activeFx(ctx);
  }
  const rates = cacheOf(fxCache, ctx.db);
  const cached = rates.get(row.as_of);
  if (cached) return cached;
  const fx = compileFx(FxSnapshot.parse(JSON.parse(row.snapshot_json)));
  rates.set(row.as_of, fx);
  return fx;
}
