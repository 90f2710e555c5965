/**
 * A product link as operators paste it: a Taobao, Tmall or 1688 URL, often inside share text
 * (「【淘宝】… https://… 点击链接直接打开」). Pure: nothing is fetched, so short links, which only
 * the marketplace can resolve, are answered with a reason asking for the full link.
 */
import type { Platform } from '../source.ts';

export type ParsedLink = { ok: true; platform: Platform; id: string } | { ok: false; reason: string };

/** Longer than any share text; a paste beyond it is not a link. */
const MAX_LINK_CHARS = 4096;
/** Marketplace item and offer ids are numeric; the catalog stores 6 to 19 digits. */
const ITEM_ID = /^\d{6,19}$/;
const URL_IN_TEXT = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)*(?:taobao|tmall|1688|tb)\.(?:com|cn)(?:[/?#][^\s【】「」"'<>，。]*)?/gi;

const TAOBAO_HOSTS = /^(?:item|detail|world|h5\.m|h5|m|market\.m|main\.m)\.(?:taobao|tmall)\.com$|^(?:chaoshi\.)?detail\.tmall\.com$/;
const ALIBABA_HOSTS = /^(?:detail|m|dj)\.1688\.com$/;
const SHORT_HOSTS = /^(?:m\.tb\.cn|tb\.cn|s\.tb\.cn|e\.tb\.cn|qr\.1688\.com)$/;

/** The first marketplace URL in the text decides; text without one is refused. */
export function parseProductLink(text: string): ParsedLink {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'the link is empty' };
  if (text.length > MAX_LINK_CHARS) return { ok: false, reason: `the link is longer than ${MAX_LINK_CHARS} characters` };
  const candidates = text.match(URL_IN_TEXT) ?? [];
  let firstReason: string | null = null;
  for (const candidate of candidates) {
    const parsed = parseUrl(candidate);
    if (parsed.ok) return parsed;
    firstReason ??= parsed.reason;
  }
  return { ok: false, reason: firstReason ?? 'no Taobao, Tmall or 1688 link found in the text' };
}

function parseUrl(candidate: string): ParsedLink {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(candidate) ? candidate : `https://${candidate}`);
  } catch {
    return { ok: false, reason: 'the link is not a valid URL' };
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (SHORT_HOSTS.test(host)) return { ok: false, reason: 'short links cannot be resolved here: open it and paste the full product link' };
  if (ALIBABA_HOSTS.test(host)) return alibabaId(url);
  if (TAOBAO_HOSTS.test(host) || host === 'a.m.taobao.com') return taobaoId(url, host);
  return { ok: false, reason: `${host} is not a Taobao, Tmall or 1688 product page` };
}

/** detail.1688.com/offer/<id>.html and its mobile twin; a few pages carry offerId in the query. */
function alibabaId(url: URL): ParsedLink {
  const inPath = /^\/offer\/(\d+)\.html?$/i.exec(url.pathname)?.[1];
  return idOf('1688', inPath ?? url.searchParams.get('offerId'), 'the 1688 link names no offer (expected /offer/<id>.html)');
}

/** item.htm?id=… on every Taobao/Tmall host; a.m.taobao.com/i<id>.htm on the old mobile one. */
function taobaoId(url: URL, host: string): ParsedLink {
  const inPath = host === 'a.m.taobao.com' ? /^\/i(\d+)\.htm$/i.exec(url.pathname)?.[1] : undefined;
  return idOf(
    'taobao',
    inPath ?? url.searchParams.get('id') ?? url.searchParams.get('itemId'),
    'the Taobao link names no item (expected ?id=<item id>)',
  );
}

function idOf(platform: Platform, id: string | null | undefined, missing: string): ParsedLink {
  if (id === null || id === undefined || id === '') return { ok: false, reason: missing };
  if (!ITEM_ID.test(id)) return { ok: false, reason: `the id ${JSON.stringify(id.slice(0, 40))} is not a 6-19 digit number` };
  return { ok: true, platform, id };
}
