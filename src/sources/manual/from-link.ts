/**
 * An operator adds a product from a pasted marketplace link (docs/decisions/018-manual-source.md):
 * the link gives the platform and the id, the operator completes the rest, and the product is
 * written exactly as `ponte catalog import` writes a line, through the same checks.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import { checkCallbackUrl } from '../../platform/webhooks/index.ts';
import { sandboxIdSecret } from '../sandbox/build.ts';
import { type CatalogDb, importCatalog } from '../sandbox/store/import.ts';
import { type CatalogLine, SkuLine, SkuProperty, type Text } from '../sandbox/store/import-line.ts';
import type { Platform, Source } from '../source.ts';
import { parseProductLink } from './links.ts';

/** A SKU property as an operator types it (颜色 = 红色): the marketplace's ids when known, else none. */
export const LinkSkuProperty = SkuProperty.partial({ propId: true, valueId: true });
export const LinkSku = SkuLine.extend({ properties: z.array(LinkSkuProperty).max(10) });
type LinkSku = z.infer<typeof LinkSku>;

/** The operator's part of a catalog line: everything but the platform and id the link gives. */
export type ProductFromLink = Omit<CatalogLine, 'platform' | 'id' | 'images' | 'skus'> & {
  link: string;
  pictures: string[];
  skus: LinkSku[];
};

export interface AddedProduct {
  platform: Platform;
  id: string;
  itemId: string;
  created: boolean;
}

/*
 * Pictures come by URL only and must be public addresses: a file path or an internal host would
 * let a console user read the server's disk or probe its network. Relative paths resolve under a
 * directory that cannot exist, so none slips through the import's file reader either.
 */
const NO_LOCAL_FILES = '/dev/null/';

export async function addProductFromLink(
  ctx: SystemCtx,
  input: ProductFromLink,
  options: { allowPrivateUrls: boolean; source: Pick<Source, 'findProduct'> },
): Promise<{ ok: true; product: AddedProduct } | Failure> {
  const parsed = parseProductLink(input.link);
  if (!parsed.ok) return fail('BAD_PARAMETER', { field: 'link', rule: parsed.reason });
  const refused = await refusedPicture(input, options.allowPrivateUrls);
  if (refused) return refused;
  const { link: _link, pictures, skus, ...rest } = input;
  const line: CatalogLine = { ...rest, skus: skus.map(withPropertyIds), platform: parsed.platform, id: parsed.id, images: pictures };
  const report = await importCatalog(storeOf(ctx), [JSON.stringify(line)], {
    secret: sandboxIdSecret(ctx.masterKey),
    baseDir: NO_LOCAL_FILES,
  });
  if (!report.ok) return fail('BAD_PARAMETER', { field: 'link', rule: report.reason });
  const skipped = report.skipped[0];
  if (skipped) return fail('BAD_PARAMETER', fieldOf(skipped.reason));
  const stored = await options.source.findProduct(parsed.id);
  if (!stored) throw new Error(`product ${parsed.id} was imported but cannot be read back`);
  return { ok: true, product: { platform: parsed.platform, id: parsed.id, itemId: stored.itemId, created: report.imported === 1 } };
}

/*
 * Marketplace property ids are catalog-wide numbers (1627207 is 颜色分类 on Taobao) that an operator
 * does not know. A missing id is taken from the Chinese names, so one name is one id in every
 * product added this way and the SKUs of a product keep distinct property paths.
 */
function withPropertyIds(sku: LinkSku): CatalogLine['skus'][number] {
  const zh = (text: z.infer<typeof Text>) => (typeof text === 'string' ? text : text.zh);
  const properties = sku.properties.map((p) => ({
    ...p,
    propId: p.propId ?? nameId(zh(p.propName)),
    valueId: p.valueId ?? nameId(zh(p.propName), zh(p.valueName)),
  }));
  return { ...sku, properties };
}

/** 31 bits of the names' SHA-256: an int id as the catalog's schema takes it. */
function nameId(...names: string[]): number {
  return createHash('sha256').update(names.join('\u0000')).digest().readUInt32BE(0) & 0x7fffffff;
}

function storeOf(ctx: SystemCtx): CatalogDb {
  return { kysely: ctx.db, dialect: ctx.dialect };
}

async function refusedPicture(input: ProductFromLink, allowPrivate: boolean): Promise<Failure | null> {
  const refs: [string, string][] = [
    ...input.pictures.map((url, i): [string, string] => [`pictures[${i}]`, url]),
    ...input.skus.flatMap((sku, i): [string, string][] => (sku.image === undefined ? [] : [[`skus[${i}].image`, sku.image]])),
  ];
  for (const [field, url] of refs) {
    const checked = await checkCallbackUrl(url, { allowPrivate });
    if (!checked.ok) return fail('BAD_PARAMETER', { field, rule: `must be a public http(s) URL (${checked.detail})` });
  }
  return null;
}

/** The import names the line's field first ("images.0: …", "skus.1.priceFen: …"); the route's are pictures[0], skus[1].priceFen. */
function fieldOf(reason: string): { field: string; rule: string } {
  const match = /^([A-Za-z]+(?:\.[A-Za-z0-9]+)*): (.*)$/s.exec(reason);
  if (!match) return { field: 'link', rule: reason };
  const field = match[1]!.replace(/^images\b/, 'pictures').replace(/\.(\d+)/g, '[$1]');
  return { field, rule: match[2]! };
}
