/**
 * Multilingual text analysis for full-text search over product titles in zh, th, en, vi and es.
 *
 * Chinese and Thai are written without spaces, and no dictionary segmenter is good enough:
 * Intl.Segmenter splits 连衣裙 as 连|衣裙 and ชุดเดรส as ชุด|เด|รส on Node 20, and SQLite's
 * trigram tokenizer cannot match two-character words like 衬衫. So, like Lucene's CJK
 * analyzer, runs of Han (and kana/Hangul) and Thai characters are indexed as overlapping
 * character bigrams plus unigrams, and queried as bigrams. A query that occurs in a title then
 * always yields a subset of the title's tokens, whatever a segmenter would have done.
 *
 * The output is engine-neutral: toFtsDocument / toFtsMatchQuery / toTsQuery encode tokens as
 * plain [a-z0-9] words, which SQLite FTS5 (unicode61) and PostgreSQL to_tsvector('simple')
 * both keep as exactly one lexeme, so one analysis serves both databases.
 */

type RunKind = 'cjk' | 'thai' | 'word';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const THAI = /\p{Script=Thai}/u;
const WORD = /[\p{L}\p{M}\p{N}]/u;
const MARKS = /\p{M}/gu;

const thaiSegmenter = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * A map that forgets everything when full. Catalog generation analyses a million titles made of
 * a few thousand words and runs; remembering their tokens (the Thai segmenter above all) makes
 * indexing faster, and the bound keeps arbitrary imported text from growing it without limit.
 */
class Memo<V> {
  private readonly entries = new Map<string, V>();
  get(key: string, compute: (key: string) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= 100_000) this.entries.clear();
      value = compute(key);
      this.entries.set(key, value);
    }
    return value;
  }
}

const KIND_CODES: readonly (RunKind | null)[] = [null, 'cjk', 'thai', 'word', null];
/** Each code point's run kind once classified (0: not yet), up to the end of CJK extension planes. */
const kindCodes = new Uint8Array(0x40000);

function classify(char: string): number {
  if (CJK.test(char)) return 1;
  if (THAI.test(char)) return 2;
  return WORD.test(char) ? 3 : 4;
}

function kindOf(char: string): RunKind | null {
  const point = char.codePointAt(0) as number;
  if (point >= kindCodes.length) return KIND_CODES[classify(char)] as RunKind | null;
  if (kindCodes[point] === 0) kindCodes[point] = classify(char);
  return KIND_CODES[kindCodes[point] as number] as RunKind | null;
}

/** Splits normalised text into runs of one script class; separators end a run. */
function runs(text: string): { kind: RunKind; chars: string[] }[] {
  const out: { kind: RunKind; chars: string[] }[] = [];
  let previous: RunKind | null = null;
  for (const char of text.normalize('NFKC').toLowerCase()) {
    const kind = kindOf(char);
    const last = out[out.length - 1];
    if (kind !== null && kind === previous && last) last.chars.push(char);
    else if (kind !== null) out.push({ kind, chars: [char] });
    previous = kind;
  }
  return out;
}

function bigrams(chars: readonly string[], into: string[]): void {
  if (chars.length === 1) into.push(chars[0] as string);
  for (let i = 0; i + 1 < chars.length; i++) into.push((chars[i] as string) + (chars[i + 1] as string));
}

/** Drops diacritics so 'vay' finds 'váy'; đ is a letter of its own, not d plus a mark. */
export function foldDiacritics(word: string): string {
  return word.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').normalize('NFC');
}

function unique(tokens: string[]): string[] {
  return [...new Set(tokens)];
}

/**
 * Tokens to index. Han/Thai runs give unigrams and bigrams (unigrams let one-character queries
 * and runs like the 恤 in T恤 match); Thai also gives Intl.Segmenter words as extra tokens;
 * other words give themselves and their diacritic-free form. Duplicates are removed.
 */
export function analyzeForIndex(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runs(text)) tokens.push(...runTokens.get(`${run.kind}:${run.chars.join('')}`, () => indexRun(run)));
  return unique(tokens);
}

const runTokens = new Memo<readonly string[]>();

function indexRun(run: { kind: RunKind; chars: string[] }): string[] {
  const tokens: string[] = [];
  if (run.kind === 'word') {
    const word = run.chars.join('');
    const folded = foldDiacritics(word);
    return folded === word ? [word] : [word, folded];
  }
  if (run.chars.length > 1) tokens.push(...run.chars);
  bigrams(run.chars, tokens);
  if (run.kind === 'thai') {
    for (const segment of thaiSegmenter.segment(run.chars.join(''))) {
      if (segment.isWordLike) tokens.push(segment.segment);
    }
  }
  return tokens;
}

/**
 * Tokens a document must all contain (AND). Same runs as indexing, but Han/Thai runs give only
 * bigrams (a one-character run gives itself) and words are kept as typed: 'váy' stays precise,
 * 'vay' matches the folded form every indexed word also carries. Thai segments are left out on
 * purpose: the segmenter may cut the same letters differently inside a longer title.
 */
export function analyzeQuery(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runs(text)) {
    if (run.kind === 'word') tokens.push(run.chars.join(''));
    else bigrams(run.chars, tokens);
  }
  return unique(tokens);
}

/**
 * Injective, reversible mapping of a token to [a-z0-9]+: a–y and digits stay, 'z' becomes 'zz',
 * any other code point becomes 'z', its hex length (1–6) and its hex digits ('连' → 'z48fde').
 * '_' is avoided because FTS5's default unicode61 tokenizer splits on it. A token starting with
 * a digit gets the empty marker 'zn' in front, because PostgreSQL's parser reads '2e3f' as the
 * number 2e3 followed by the word f; starting with a letter, it stays one word.
 */
export function encodeFtsToken(token: string): string {
  return encoded.get(token, encodeToken);
}

const encoded = new Memo<string>();

function encodeToken(token: string): string {
  let out = /^[0-9]/.test(token) ? 'zn' : '';
  for (const char of token) {
    if (/[a-y0-9]/.test(char)) out += char;
    else if (char === 'z') out += 'zz';
    else {
      const hex = (char.codePointAt(0) as number).toString(16);
      out += `z${hex.length}${hex}`;
    }
  }
  return out;
}

export function decodeFtsToken(encoded: string): string {
  let out = '';
  for (let i = 0; i < encoded.length; ) {
    const char = encoded.charAt(i);
    if (char !== 'z') {
      out += char;
      i += 1;
    } else if (encoded.charAt(i + 1) === 'z') {
      out += 'z';
      i += 2;
    } else if (encoded.charAt(i + 1) === 'n') {
      i += 2;
    } else {
      const length = Number(encoded.charAt(i + 1));
      out += String.fromCodePoint(parseInt(encoded.slice(i + 2, i + 2 + length), 16));
      i += 2 + length;
    }
  }
  return out;
}

/**
 * A token standing for an exact filter value (a platform, a category id), indexed beside the
 * text so the full-text engine can filter without reading product rows. encodeFtsToken only
 * writes 'z' before 'z', 'n' or a digit, so 'z' + a facet letter + the value is no text token.
 */
export function facetToken(facet: string, value: string | number): string {
  const text = String(value);
  if (!/^[a-mo-y]$/.test(facet) || !/^[a-z0-9]+$/.test(text)) throw new RangeError(`no facet token for ${facet}=${text}`);
  return `z${facet}${text}`;
}

/** The text to store in the FTS5 column / feed to to_tsvector('simple', …). */
export function toFtsDocument(tokens: readonly string[]): string {
  return tokens.map(encodeFtsToken).join(' ');
}

/**
 * An FTS5 MATCH expression requiring every token and facet. Returns '' for neither, which FTS5
 * rejects as a syntax error, so callers must treat an empty query as "no text filter" first.
 */
export function toFtsMatchQuery(tokens: readonly string[], facets: readonly string[] = []): string {
  return [...tokens.map(encodeFtsToken), ...facets].map((token) => `"${token}"`).join(' AND ');
}

/** A to_tsquery('simple', …) expression requiring every token; '' for no tokens (see above). */
export function toTsQuery(tokens: readonly string[]): string {
  return tokens.map(encodeFtsToken).join(' & ');
}
