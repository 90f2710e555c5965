/** One line of a catalog import (docs/catalog-import.md): its schema, and the checks a line must pass before it is written. */
import { z } from 'zod';
import { nulPath } from '../../../platform/text.ts';
import { categoryById } from '../catalog/index.ts';

const MAX_LINE_CHARS = 1024 * 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const Text = z.union([
  z.string().min(1),
  z
    .object({
      zh: z.string().min(1),
      en: z.string().optional(),
      th: z.string().optional(),
      vi: z.string().optional(),
      es: z.string().optional(),
    })
    .strict(),
]);
const Fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Count = z.number().int().nonnegative().max(2_147_483_647);
const ImageRef = z.string().min(1).max(2048);

export const SkuProperty = z.object({ propId: Count, valueId: Count, propName: Text, valueName: Text }).strict();

export const SkuLine = z
  .object({
    skuId: z.string().regex(/^\d{1,19}$/, 'must be a numeric string'),
    specId: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits')
      .optional(),
    priceFen: Fen,
    promotionPriceFen: Fen.optional(),
    stock: Count,
    properties: z.array(SkuProperty).max(10),
    image: ImageRef.optional(),
  })
  .strict();

export const CatalogLine = z
  .object({
    platform: z.enum(['taobao', '1688']),
    id: z.string().regex(/^\d{6,19}$/, 'must be a numeric string of 6-19 digits'),
    categoryId: z.number().int(),
    title: Text,
    price: Fen.optional(),
    minOrderQuantity: z.number().int().min(1).max(1_000_000).optional(),
    priceRanges: z
      .array(z.object({ startQuantity: z.number().int().min(1), priceFen: Fen }).strict())
      .max(10)
      .optional(),
    sales: Count.optional(),
    monthSold: Count.optional(),
    weightGrams: Count.optional(),
    description: z.string().max(200_000).optional(),
    attributes: z
      .array(z.object({ name: Text, value: Text }).strict())
      .max(100)
      .optional(),
    images: z.array(ImageRef).min(1).max(20),
    shop: z
      .object({
        name: z.string().min(1),
        nick: z.string().min(1).optional(),
        sellerOpenId: z.string().min(1).optional(),
        companyName: z.string().min(1).optional(),
        province: z.string().optional(),
        city: z.string().optional(),
      })
      .strict(),
    skus: z.array(SkuLine).min(1).max(500),
  })
  .strict();
export type CatalogLine = z.infer<typeof CatalogLine>;

/** JSON, then the schema, then the rules a schema cannot say; the first failure is the reason. */
export function parseLine(text: string): Checked<CatalogLine> {
  if (text.length > MAX_LINE_CHARS) return { ok: false, reason: `line longer than ${MAX_LINE_CHARS} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  // PostgreSQL cannot store U+0000 (the whole import used to stop there); SQLite refuses it alike.
  const nul = nulPath(json);
  if (nul) return { ok: false, reason: `${nul.join('.') || '(line)'}: must not contain the NUL character (U+0000)` };
  const parsed = CatalogLine.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`);
    return { ok: false, reason: issues.join('; ') };
  }
  const reason = ruleViolation(parsed.data);
  return reason ? { ok: false, reason } : { ok: true, value: parsed.data };
}

function ruleViolation(input: CatalogLine): string | null {
  const category = categoryById(input.categoryId);
  if (!category) return `categoryId: unknown category ${input.categoryId}`;
  if (!category.leaf) return `categoryId: ${input.categoryId} (${category.names.zh}) is not a leaf category`;
  const skuIds = new Set<string>();
  for (const [i, sku] of input.skus.entries()) {
    if (skuIds.has(sku.skuId)) return `skus.${i}.skuId: ${sku.skuId} appears twice`;
    skuIds.add(sku.skuId);
    if (sku.promotionPriceFen !== undefined && sku.promotionPriceFen > sku.priceFen) return `skus.${i}.promotionPriceFen: above priceFen`;
  }
  const tiers = input.priceRanges ?? [];
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.startQuantity <= tiers[i - 1]!.startQuantity) return `priceRanges.${i}.startQuantity: must increase`;
  }
  return null;
}
