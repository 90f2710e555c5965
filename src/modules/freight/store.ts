/**
 * The stored rate cards and FX snapshots. Every stored card stays a candidate: the one that quotes
 * at an instant is the one whose [effectiveFrom, effectiveTo) holds that instant's Shanghai date,
 * the one loaded last among overlapping ones. An FX snapshot applies from its `asOf` date: the
 * latest one dated on or before the day, else the latest stored. Compiled once per version and
 * cached in process. When none was ever loaded the shipped samples are stored on first use, so a
 * fresh install quotes at once.
 */
import { readFileSync } from 'node:fs';
import { inTransaction, type SystemCtx } from '../../platform/context.ts';
import { chinaDate } from '../../platform/days.ts';
import { serializeOn } from '../../platform/db/index.ts';
import { fail, messageFor, type Failure } from '../../platform/errors.ts';
import { FxSnapshot, issuePath, RateCard } from './card-schema.ts';
import { compileFx, type Fx } from './fx.ts';
import { compileCard, type CompiledCard } from './quote.ts';

const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
export const sampleRateCard = (): unknown => readJson('./sample-card.json');
export const sampleFxSnapshot = (): unknown => readJson('./sample-fx.json');

// Per database (tests open many, each with the same sample version) and per version: a stored
// version never changes content (store refuses that), so a cached compile stays right.
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
const FX_TABLE: Table = 'freight_fx_snapshots';

/** The lock every write that must see a consistent set of FX snapshots takes (duty tables too). */
export async function serializeOnFx(tx: SystemCtx): Promise<void> {
  await serializeOn(tx, FX_TABLE);
}

/**
 * Stores `json` under `key`, or touches the same content stored before, with a `loaded_at` above
 * every other row's: loads of one millisecond (racing operators, a pinned clock) still have an
 * order, and "loaded last" decides between overlapping cards. A key already stored with other
 * content is refused. `check` runs under the table's lock, before anything is written.
 */
async function store(
  ctx: SystemCtx,
  table: Table,
  key: string,
  json: string,
  check?: (tx: SystemCtx) => Promise<Failure | null>,
): Promise<{ ok: true } | Failure> {
  const keyColumn = table === 'freight_rate_cards' ? 'version' : 'as_of';
  const jsonColumn = table === 'freight_rate_cards' ? 'card_json' : 'snapshot_json';
  const taken = fail('BAD_PARAMETER', { field: keyColumn, rule: `${key} is already stored with other content` });
  return inTransaction(ctx, async (tx) => {
    await serializeOn(tx, table);
    const refused = check ? await check(tx) : null;
    if (refused) return refused;
    const db = tx.db as unknown as import('kysely').Kysely<Record<Table, Record<string, unknown>>>;
    const existing = await db.selectFrom(table).select(jsonColumn).where(keyColumn, '=', key).executeTakeFirst();
    if (existing && existing[jsonColumn] !== json) return taken;
    const last = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max<number | string>('loaded_at').as('at'))
      .executeTakeFirst();
    const loadedAt = Math.max(ctx.clock.nowMs(), Number(last?.at ?? 0) + 1);
    if (existing) await db.updateTable(table).set({ loaded_at: loadedAt }).where(keyColumn, '=', key).execute();
    else {
      // Two nodes storing the sample on first use race here; the loser's insert does nothing.
      // `active` is 1 for every row: dates choose what applies (the column predates them).
      await db
        .insertInto(table)
        .values({ [keyColumn]: key, [jsonColumn]: json, active: 1, loaded_at: loadedAt })
        .onConflict((oc) => oc.column(keyColumn).doNothing())
        .execute();
      const stored = await db.selectFrom(table).select(jsonColumn).where(keyColumn, '=', key).executeTakeFirstOrThrow();
      if (stored[jsonColumn] !== json) return taken;
    }
    return { ok: true as const };
  });
}

/**
 * Stores a shipped sample on first use, only while the table is still empty under its lock: an
 * operator's card or snapshot stored meanwhile must not be outdone by the sample loaded after it.
 */
async function seedIfEmpty(ctx: SystemCtx, table: Table, key: string, json: string): Promise<void> {
  const meanwhile = fail('CONFLICT', { reason: `${table} was filled meanwhile` });
  const empty = async (tx: SystemCtx) =>
    (await tx.db.selectFrom(table).select('loaded_at').limit(1).executeTakeFirst()) ? meanwhile : null;
  const seeded = await store(ctx, table, key, json, empty);
  if (!seeded.ok && seeded.error !== 'CONFLICT') throw new Error(`the shipped sample ${key} is stored with other content`);
}

/** Stores the shipped FX sample when no snapshot ever was: it covers the shipped duty table. */
async function seedSampleFx(ctx: SystemCtx): Promise<void> {
  const sample = FxSnapshot.parse(sampleFxSnapshot());
  await seedIfEmpty(ctx, FX_TABLE, sample.asOf, JSON.stringify(sample));
}

/** Loads a rate card (admin route, CLI): validated and stored; it quotes from its `effectiveFrom` day on. */
export async function loadRateCard(ctx: SystemCtx, json: unknown): Promise<{ ok: true; version: string; channels: number } | Failure> {
  const parsed = parseRateCard(json);
  if (!parsed.ok) return parsed;
  const stored = await store(ctx, 'freight_rate_cards', parsed.card.version, JSON.stringify(parsed.card));
  return stored.ok ? { ok: true, version: parsed.card.version, channels: parsed.card.channels.length } : stored;
}

/** The currencies another module's data converts (the duty table's), and who needs them, for the error. */
export interface FxNeeds {
  currencies: readonly string[];
  neededBy: string;
}

/**
 * Loads an FX snapshot: validated, and refused naming `fx.perCny.<code>` when it lacks a currency
 * `needs` reports (read under the FX lock, so a duty table loading at the same time is checked
 * against this snapshot or this one against it). The caller must say what needs rates.
 */
export async function loadFxSnapshot(
  ctx: SystemCtx,
  json: unknown,
  needs: (tx: SystemCtx) => Promise<FxNeeds>,
): Promise<{ ok: true; asOf: string } | Failure> {
  const parsed = parseFxSnapshot(json);
  if (!parsed.ok) return parsed;
  const { fx } = parsed;
  const check = async (tx: SystemCtx): Promise<Failure | null> => {
    const { currencies, neededBy } = await needs(tx);
    const missing = currencies.find((code) => code !== 'CNY' && fx.perCny[code] === undefined);
    return missing ? fail('BAD_PARAMETER', { field: `fx.perCny.${missing}`, rule: `is missing: ${neededBy} converts it` }) : null;
  };
  const stored = await store(ctx, FX_TABLE, fx.asOf, JSON.stringify(fx), check);
  return stored.ok ? { ok: true, asOf: fx.asOf } : stored;
}

interface StoredCard {
  compiled: CompiledCard;
  loadedAt: number;
}

/** Every stored card, compiled, in load order; the sample is stored first when none ever was. */
async function storedRateCards(ctx: SystemCtx): Promise<StoredCard[]> {
  const rows = await ctx.db.selectFrom('freight_rate_cards').select(['version', 'loaded_at']).orderBy('loaded_at').execute();
  if (rows.length === 0) {
    const sample = RateCard.parse(sampleRateCard());
    await seedIfEmpty(ctx, 'freight_rate_cards', sample.version, JSON.stringify(sample));
    return storedRateCards(ctx);
  }
  const cache = cacheOf(cardCache, ctx.db);
  const missing = rows.map((r) => r.version).filter((v) => !cache.has(v));
  if (missing.length > 0) {
    const stored = await ctx.db.selectFrom('freight_rate_cards').select(['version', 'card_json']).where('version', 'in', missing).execute();
    for (const row of stored) cache.set(row.version, compileCard(RateCard.parse(JSON.parse(row.card_json))));
  }
  return rows.map((r) => ({ compiled: cache.get(r.version)!, loadedAt: Number(r.loaded_at) }));
}

/** Whether a card's [effectiveFrom, effectiveTo) holds the Shanghai date `date`. */
function inEffect(card: RateCard, date: string): boolean {
  return card.effectiveFrom <= date && (card.effectiveTo === undefined || date < card.effectiveTo);
}

/** The card in effect on `date`, the one loaded last among overlapping ones (`cards` in load order). */
function cardOn(cards: readonly StoredCard[], date: string): StoredCard | undefined {
  return cards.findLast((c) => inEffect(c.compiled.card, date));
}

/** The card that quotes at instant `ms`, or NO_RATE_CARD when no stored card covers its day. */
export async function rateCardAt(ctx: SystemCtx, ms: number): Promise<{ ok: true; compiled: CompiledCard } | Failure> {
  const date = chinaDate(ms);
  const found = cardOn(await storedRateCards(ctx), date);
  return found ? { ok: true, compiled: found.compiled } : fail('NO_RATE_CARD', { date });
}

export interface ListedCard {
  version: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  loadedAt: number;
  channels: number;
  quotesNow: boolean;
}

/** The stored cards with their periods, in load order, and the one that quotes on today's Shanghai date. */
export async function listRateCards(ctx: SystemCtx): Promise<{ date: string; quoting: string | null; cards: ListedCard[] }> {
  const date = chinaDate(ctx.clock.nowMs());
  const cards = await storedRateCards(ctx);
  const quoting = cardOn(cards, date)?.compiled.card.version ?? null;
  return {
    date,
    quoting,
    cards: cards.map(({ compiled: { card }, loadedAt }) => ({
      version: card.version,
      effectiveFrom: card.effectiveFrom,
      effectiveTo: card.effectiveTo ?? null,
      loadedAt,
      channels: card.channels.length,
      quotesNow: card.version === quoting,
    })),
  };
}

/**
 * The card that quotes now (weighing prices with it). A day no card covers is an operator's gap
 * in the cards, not a caller's mistake: code that can answer the failure uses rateCardAt.
 */
export async function activeRateCard(ctx: SystemCtx): Promise<CompiledCard> {
  const found = await rateCardAt(ctx, ctx.clock.nowMs());
  if (!found.ok) throw new Error(messageFor(found.error, 'en', found.params));
  return found.compiled;
}

function compiledFx(ctx: SystemCtx, row: { as_of: string; snapshot_json: string }): Fx {
  const cache = cacheOf(fxCache, ctx.db);
  const cached = cache.get(row.as_of);
  if (cached) return cached;
  const fx = compileFx(FxSnapshot.parse(JSON.parse(row.snapshot_json)));
  cache.set(row.as_of, fx);
  return fx;
}

/** The snapshot for a `YYYY-MM-DD` date: the latest dated on or before it, else the latest stored. */
export async function fxOn(ctx: SystemCtx, date: string): Promise<Fx> {
  const latest = (onOrBefore: boolean) => {
    const query = ctx.db.selectFrom(FX_TABLE).select(['as_of', 'snapshot_json']).orderBy('as_of', 'desc').limit(1);
    return (onOrBefore ? query.where('as_of', '<=', date) : query).executeTakeFirst();
  };
  const row = (await latest(true)) ?? (await latest(false));
  if (row) return compiledFx(ctx, row);
  await seedSampleFx(ctx);
  return fxOn(ctx, date);
}

/** The snapshot freight quotes with now: the one of today's Shanghai date. */
export async function activeFx(ctx: SystemCtx): Promise<Fx> {
  return fxOn(ctx, chinaDate(ctx.clock.nowMs()));
}

/** Every stored snapshot (a duty table is checked against each: any of them may convert an estimate). */
export async function storedFx(ctx: SystemCtx): Promise<Fx[]> {
  const rows = await ctx.db.selectFrom(FX_TABLE).select(['as_of', 'snapshot_json']).orderBy('as_of').execute();
  if (rows.length > 0) return rows.map((row) => compiledFx(ctx, row));
  await seedSampleFx(ctx);
  return storedFx(ctx);
}
