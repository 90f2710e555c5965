import { CATEGORY_ROWS, type LeafRow, type TopRow } from './category-data.ts';
import { COLOR_POOLS, isColorPool, type ColorWord } from './colors.ts';
import { PROFILES, type Profile } from './profiles.ts';
import { dimensionByKey, type DimensionValue, type SkuDimension } from './sku-dimensions.ts';
import { loc, type CategoryNode, type Lang, type Localized } from './types.ts';
import { AUDIENCES, MATERIALS, word, words } from './vocabulary.ts';

/** A non-colour SKU property restricted to the value range this leaf sells. */
export interface LeafDimension {
  dimension: SkuDimension;
  values: readonly DimensionValue[];
  /** Position of values[0] within dimension.values, for price steps. */
  offset: number;
}

/** Everything the product generator needs about a leaf, resolved once at module load. */
export interface LeafInfo {
  node: CategoryNode;
  top: CategoryNode;
  topIndex: number;
  profile: Profile;
  audience: Localized | null;
  materials: readonly Localized[];
  colorPool: readonly ColorWord[];
  colorIsSku: boolean;
  dimensions: readonly LeafDimension[];
  priceFen: [number, number];
  weightGrams: [number, number];
}

export interface TopInfo {
  node: CategoryNode;
  industry: string;
  locations: readonly { province: string; city: string }[];
}

function parseSkus(spec: string): Pick<LeafInfo, 'colorPool' | 'colorIsSku' | 'dimensions'> {
  let colorPool: readonly ColorWord[] | undefined;
  let colorIsSku = false;
  const dimensions: LeafDimension[] = [];
  for (const part of spec.split(' ')) {
    const [kind, pool] = part.split(':');
    if ((kind === 'color' || kind === 'packaging') && pool && isColorPool(pool)) {
      colorPool = COLOR_POOLS[pool];
      colorIsSku = kind === 'color';
      continue;
    }
    const match = /^(\w+)(?:\[(\d+)-(\d+)\])?$/.exec(part);
    if (!match?.[1]) throw new Error(`bad SKU spec part '${part}' in '${spec}'`);
    const dimension = dimensionByKey(match[1]);
    const from = match[2] ? Number(match[2]) : 0;
    const to = match[3] ? Number(match[3]) : dimension.values.length - 1;
    dimensions.push({ dimension, values: dimension.values.slice(from, to + 1), offset: from });
  }
  if (!colorPool) throw new Error(`SKU spec '${spec}' names no colour pool`);
  return { colorPool, colorIsSku, dimensions };
}

function buildTree(rows: readonly TopRow[]) {
  const nodes: CategoryNode[] = [];
  const leaves: LeafInfo[] = [];
  const tops: TopInfo[] = [];
  rows.forEach((row, topIndex) => {
    const top: CategoryNode = Object.freeze({ id: row.id, parentId: null, level: 1, names: loc(row.names), leaf: false });
    nodes.push(top);
    tops.push({ node: top, industry: row.industry, locations: parseLocations(row.locations) });
    for (const leafRow of row.leaves) {
      const info = buildLeaf(leafRow, row, top, topIndex);
      nodes.push(info.node);
      leaves.push(info);
    }
  });
  return { nodes, leaves, tops };
}

function buildLeaf(row: LeafRow, topRow: TopRow, top: CategoryNode, topIndex: number): LeafInfo {
  const node: CategoryNode = Object.freeze({ id: row.id, parentId: top.id, level: 2, names: loc(row.names), leaf: true });
  const profile = PROFILES[row.profile];
  return Object.freeze({
    node,
    top,
    topIndex,
    profile,
    audience: topRow.audience ? word(AUDIENCES, topRow.audience) : null,
    materials: row.materials ? words(MATERIALS, row.materials) : profile.materials,
    ...parseSkus(row.skus),
    priceFen: [Math.round(row.priceYuan[0] * 100), Math.round(row.priceYuan[1] * 100)] as [number, number],
    weightGrams: row.weightGrams,
  });
}

function parseLocations(text: string): { province: string; city: string }[] {
  return text.split(' ').map((pair) => {
    const [province = '', city = ''] = pair.split(':');
    return { province, city };
  });
}

const TREE = buildTree(CATEGORY_ROWS);
const BY_ID = new Map(TREE.nodes.map((node) => [node.id, node]));
if (BY_ID.size !== TREE.nodes.length) throw new Error('duplicate category id in category-data.ts');

export const CATEGORIES: readonly CategoryNode[] = Object.freeze(TREE.nodes);
export const LEAVES: readonly LeafInfo[] = Object.freeze(TREE.leaves);
export const TOPS: readonly TopInfo[] = Object.freeze(TREE.tops);

export function categoryById(id: number): CategoryNode | undefined {
  return BY_ID.get(id);
}

/** Taobao joins the levels with '->', e.g. '女装/女士精品->连衣裙' (the slash belongs to the name). */
export function categoryPath(id: number, lang: Lang): string {
  const names: string[] = [];
  for (let node = BY_ID.get(id); node; node = node.parentId === null ? undefined : BY_ID.get(node.parentId)) {
    names.unshift(node.names[lang]);
  }
  return names.join('->');
}

export function childrenOf(id: number | null): CategoryNode[] {
  return CATEGORIES.filter((node) => node.parentId === id);
}
