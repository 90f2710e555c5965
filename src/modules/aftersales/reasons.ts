/**
 * The reason catalogue: what a buyer may give as the reason of an application, per platform,
 * kind and goods status, with whether it needs a voucher image and whether it refunds freight.
 * Seeded by migration 014 (Taobao ids from the LinkedMall samples, 1688 ids of our own choosing
 * [DESIGN]); operators change it with saveRefundReason (admin HTTP / CLI).
 */
import type { SystemCtx } from '../../platform/context.ts';
import { fail, type Failure } from '../../platform/errors.ts';
import type { RefundKind } from './goods-status.ts';
import { GOODS_STATUS_RULES } from './goods-status.ts';
import type { RefundPlatform } from './machines.ts';
import type { RefundReasonTable } from './schema.ts';

export interface RefundReasonView {
  reasonId: string;
  text: { zh: string; en: string };
  tips: string;
  needVoucher: boolean;
  noRefundCarriage: boolean;
}

export interface RefundReasonInput extends RefundReasonView {
  platform: RefundPlatform;
  kinds: RefundKind[];
  goodsStatuses: string[];
  enabled: boolean;
}

type Seed = [id: string, zh: string, en: string, kinds: RefundKind[], goods: string[], voucher: boolean, noCarriage: boolean];
const BOTH: RefundKind[] = ['refund', 'return_refund'];
const TB_ALL = ['1', '2', '3', '4'];
const AL_RECEIVED = ['refundBuyerReceived', 'aftersaleBuyerReceived'];

const TAOBAO_SEEDS: Seed[] = [
  ['402652', '拍错/多拍/不喜欢', 'Ordered by mistake / too many / changed my mind', BOTH, TB_ALL, false, false],
  ['403883', '商品成分描述不符', 'Composition not as described', BOTH, ['4'], false, false],
  ['402641', '尺寸/规格不符', 'Size or specification not as described', BOTH, ['4'], false, false],
  ['402660', '未按约定时间发货', 'Not shipped in the agreed time', ['refund'], ['1'], false, false],
  ['402661', '缺货', 'Out of stock', ['refund'], ['1'], false, false],
  ['402662', '质量问题', 'Quality problem', BOTH, ['4'], true, false],
  ['402663', '少件/漏发', 'Pieces missing', BOTH, ['4'], true, false],
  ['402664', '商品破损', 'Goods damaged', BOTH, ['4'], true, false],
];

const ALIBABA_SEEDS: Seed[] = [
  ['20028', '拍错/不想要', 'Ordered by mistake / no longer wanted', ['refund'], ['refundWaitSellerSend'], false, false],
  ['20029', '未收到货', 'Goods not received', ['refund'], ['refundWaitBuyerReceive', 'aftersaleBuyerNotReceived'], false, false],
  ['20030', '质量问题', 'Quality problem', BOTH, AL_RECEIVED, true, false],
  ['20031', '货物破损', 'Goods damaged', BOTH, AL_RECEIVED, true, false],
  ['20032', '少件/漏发', 'Pieces missing', BOTH, AL_RECEIVED, true, false],
  ['20033', '与描述不符', 'Not as described', BOTH, AL_RECEIVED, true, false],
  ['20034', '七天无理由', 'Seven-day no-reason return', ['return_refund'], AL_RECEIVED, false, true],
];

export function seedReasonRows(): RefundReasonTable[] {
  const rows = (platform: RefundPlatform, seeds: Seed[]) =>
    seeds.map(([reason_id, zh, en, kinds, goods, voucher, noCarriage], position) => ({
      platform,
      reason_id,
      text_zh: zh,
      text_en: en,
      tips: voucher ? '请上传凭证图片 / please upload voucher images' : '',
      need_voucher: voucher ? 1 : 0,
      no_refund_carriage: noCarriage ? 1 : 0,
      kinds_json: JSON.stringify(kinds),
      goods_statuses_json: JSON.stringify(goods),
      position: position + 1,
      enabled: 1,
    }));
  return [...rows('taobao', TAOBAO_SEEDS), ...rows('1688', ALIBABA_SEEDS)];
}

export interface ReasonRecord extends RefundReasonView {
  kinds: RefundKind[];
  goodsStatuses: string[];
  enabled: boolean;
}

export function toReason(row: RefundReasonTable): ReasonRecord {
  return {
    reasonId: row.reason_id,
    text: { zh: row.text_zh, en: row.text_en },
    tips: row.tips,
    needVoucher: Number(row.need_voucher) === 1,
    noRefundCarriage: Number(row.no_refund_carriage) === 1,
    kinds: JSON.parse(row.kinds_json) as RefundKind[],
    goodsStatuses: JSON.parse(row.goods_statuses_json) as string[],
    enabled: Number(row.enabled) === 1,
  };
}

export const reasonView = (r: ReasonRecord): RefundReasonView => ({
  reasonId: r.reasonId,
  text: r.text,
  tips: r.tips,
  needVoucher: r.needVoucher,
  noRefundCarriage: r.noRefundCarriage,
});

/** One reason of a platform (enabled or not), or undefined. */
export async function findReason(ctx: SystemCtx, platform: RefundPlatform, reasonId: string): Promise<ReasonRecord | undefined> {
  const row = await ctx.db
    .selectFrom('refund_reasons')
    .selectAll()
    .where('platform', '=', platform)
    .where('reason_id', '=', reasonId)
    .executeTakeFirst();
  return row ? toReason(row) : undefined;
}

/** The enabled reasons of a platform, in catalogue order, narrowed to a kind and goods status when given. */
export async function listRefundReasons(
  ctx: SystemCtx,
  q: { platform: RefundPlatform; kind?: RefundKind; goodsStatus?: string },
): Promise<RefundReasonView[]> {
  const rows = await ctx.db
    .selectFrom('refund_reasons')
    .selectAll()
    .where('platform', '=', q.platform)
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('reason_id')
    .execute();
  return rows
    .map(toReason)
    .filter(
      (r) => (q.kind === undefined || r.kinds.includes(q.kind)) && (q.goodsStatus === undefined || r.goodsStatuses.includes(q.goodsStatus)),
    )
    .map(reasonView);
}

/** Adds or replaces one reason (an operator's catalogue edit); a new one goes to the end of the list. */
export async function saveRefundReason(ctx: SystemCtx, r: RefundReasonInput): Promise<{ ok: true } | Failure> {
  const invalid = badReason(r);
  if (invalid) return invalid;
  const last = await ctx.db
    .selectFrom('refund_reasons')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('platform', '=', r.platform)
    .executeTakeFirst();
  const values = {
    text_zh: r.text.zh,
    text_en: r.text.en,
    tips: r.tips,
    need_voucher: r.needVoucher ? 1 : 0,
    no_refund_carriage: r.noRefundCarriage ? 1 : 0,
    kinds_json: JSON.stringify([...new Set(r.kinds)]),
    goods_statuses_json: JSON.stringify([...new Set(r.goodsStatuses)]),
    enabled: r.enabled ? 1 : 0,
  };
  await ctx.db
    .insertInto('refund_reasons')
    .values({ platform: r.platform, reason_id: r.reasonId, position: Number(last?.p ?? 0) + 1, ...values })
    .onConflict((oc) => oc.columns(['platform', 'reason_id']).doUpdateSet(values))
    .execute();
  return { ok: true };
}

function badReason(r: RefundReasonInput): Failure | null {
  const bad = (field: string, rule: string) => fail('BAD_PARAMETER', { field, rule });
  if (r.platform !== 'taobao' && r.platform !== '1688') return bad('platform', 'must be taobao or 1688');
  if (typeof r.reasonId !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(r.reasonId))
    return bad('reasonId', 'must be 1–32 letters, digits, _ or -');
  if (!r.text || typeof r.text.zh !== 'string' || r.text.zh.trim() === '' || typeof r.text.en !== 'string' || r.text.en.trim() === '')
    return bad('text', 'needs non-empty zh and en');
  if (typeof r.tips !== 'string' || r.tips.length > 500) return bad('tips', 'must be a string of at most 500 characters');
  if (!Array.isArray(r.kinds) || r.kinds.length === 0 || r.kinds.some((k) => k !== 'refund' && k !== 'return_refund'))
    return bad('kinds', 'must list refund and/or return_refund');
  const statuses = Object.keys(GOODS_STATUS_RULES[r.platform]);
  if (!Array.isArray(r.goodsStatuses) || r.goodsStatuses.length === 0 || r.goodsStatuses.some((g) => !statuses.includes(g)))
    return bad('goodsStatuses', `must list some of ${statuses.join(', ')}`);
  return null;
}
