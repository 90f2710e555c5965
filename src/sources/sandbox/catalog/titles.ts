import { NEW_ARRIVAL } from './vocabulary.ts';
import type { Lang, Localized } from './types.ts';

/**
 * The pieces a title is made of. Every language's title is composed from the same pieces, so a
 * translation always says what the Chinese says and always contains the leaf keyword.
 */
export interface TitleParts {
  year: string;
  isNew: boolean;
  season: Localized | null;
  style: Localized | null;
  pattern: Localized | null;
  material: Localized | null;
  /** False when the "material" is a texture, effect or packaging: Spanish then drops the 'de'. */
  materialIsSubstance: boolean;
  keyword: Localized;
  audience: Localized | null;
  sellingPoints: readonly Localized[];
}

const text = (parts: readonly (string | null | undefined | false)[], separator: string): string =>
  parts.filter((part): part is string => Boolean(part)).join(separator);

/** Chinese sellers pack everything without spaces: '2026夏季新款韩版碎花雪纺连衣裙女显瘦气质'. */
function zhTitle(p: TitleParts): string {
  return text(
    [
      p.year,
      p.season?.zh,
      p.isNew && NEW_ARRIVAL.zh,
      p.style?.zh,
      p.pattern?.zh,
      p.material?.zh,
      p.keyword.zh,
      p.audience?.zh,
      ...p.sellingPoints.map((s) => s.zh),
    ],
    '',
  );
}

/** English marketplace titles lead with season and adjectives and put the noun last. */
function enTitle(p: TitleParts): string {
  return text(
    [
      p.year,
      p.season?.en,
      p.isNew && NEW_ARRIVAL.en,
      p.style?.en,
      p.pattern?.en,
      p.material?.en,
      p.audience?.en,
      p.keyword.en,
      ...p.sellingPoints.map((s) => s.en),
    ],
    ' ',
  );
}

/** Thai, Vietnamese and Spanish put the noun first and qualify it afterwards. */
function thTitle(p: TitleParts): string {
  return text(
    [
      p.keyword.th + (p.audience?.th ?? ''),
      p.material?.th,
      p.pattern?.th,
      p.style?.th,
      p.isNew && NEW_ARRIVAL.th,
      p.season?.th,
      p.year,
      ...p.sellingPoints.map((s) => s.th),
    ],
    ' ',
  );
}

function viTitle(p: TitleParts): string {
  return text(
    [
      p.keyword.vi,
      p.audience?.vi,
      p.pattern?.vi,
      p.material?.vi,
      p.style?.vi,
      p.isNew && NEW_ARRIVAL.vi,
      p.season?.vi,
      p.year,
      ...p.sellingPoints.map((s) => s.vi),
    ],
    ' ',
  );
}

function esTitle(p: TitleParts): string {
  return text(
    [
      p.keyword.es,
      p.pattern?.es,
      p.material && (p.materialIsSubstance ? `de ${p.material.es}` : p.material.es),
      p.audience?.es,
      p.style?.es,
      p.isNew && NEW_ARRIVAL.es,
      p.season?.es,
      p.year,
      ...p.sellingPoints.map((s) => s.es),
    ],
    ' ',
  );
}

const COMPOSERS: Record<Lang, (parts: TitleParts) => string> = {
  zh: zhTitle,
  en: enTitle,
  th: thTitle,
  vi: viTitle,
  es: esTitle,
};

export function composeTitle(parts: TitleParts): Localized {
  return {
    zh: COMPOSERS.zh(parts),
    en: COMPOSERS.en(parts),
    th: COMPOSERS.th(parts),
    vi: COMPOSERS.vi(parts),
    es: COMPOSERS.es(parts),
  };
}
