import { useState } from 'react';
import { ApiError, type BodyOf, type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { parseYuan } from '../money.ts';
import { useAction } from '../ui/async.ts';
import { DoneNotice, ErrorNotice, Field, Section } from '../ui/parts.tsx';
import { ActionForm } from './floor-parts.tsx';

type Body = BodyOf<'/admin/catalog/products/from-link'>;
type Added = DataOf<'/admin/catalog/products/from-link', 'post'>;
interface SkuText {
  /** Keeps a row's inputs its own when an earlier row is removed. */
  row: number;
  skuId: string;
  price: string;
  stock: string;
}
let rows = 0;
const newSku = (): SkuText => ({ row: ++rows, skuId: '', price: '', stock: '' });

/** The typed SKUs as the route takes them; a price that is not yuan stops here, naming the row. */
function skusOf(rows: SkuText[], badPrice: (row: number) => string): Body['skus'] {
  return rows.map((row, i) => {
    const priceFen = parseYuan(row.price);
    if (priceFen === null || priceFen <= 0) throw new ApiError(400, badPrice(i + 1));
    return { skuId: row.skuId.trim(), priceFen, stock: Number.parseInt(row.stock, 10), properties: [] };
  });
}

/** A product from a pasted Taobao, Tmall or 1688 link: the link names the platform and id, the operator completes the rest. */
export function Catalog() {
  const t = useT();
  const [form, setForm] = useState({ link: '', title: '', categoryId: '', shop: '', pictures: '' });
  const [skus, setSkus] = useState<SkuText[]>(() => [newSku()]);
  const [added, setAdded] = useState<Added | null>(null);
  const action = useAction(async () => {
    const body: Body = {
      link: form.link.trim(),
      title: form.title.trim(),
      categoryId: Number.parseInt(form.categoryId, 10),
      shop: { name: form.shop.trim() },
      pictures: form.pictures.split(/\s+/).filter(Boolean),
      skus: skusOf(skus, (row) => t('catalogBadPrice', { row })),
    };
    setAdded(await post('/admin/catalog/products/from-link', body));
  });
  const text = (key: keyof typeof form, label: string, extra: { inputMode?: 'numeric' } = {}) => (
    <Field label={label}>
      <input value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.target.value })} required {...extra} />
    </Field>
  );
  const setSku = (i: number, next: SkuText) => setSkus(skus.map((row, j) => (j === i ? next : row)));
  return (
    <Section title={t('catalogTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        {text('link', t('catalogLink'))}
        {text('title', t('catalogProductTitle'))}
        {text('categoryId', t('catalogCategory'), { inputMode: 'numeric' })}
        {text('shop', t('catalogShop'))}
        <Field label={t('catalogPictures')}>
          <textarea value={form.pictures} onChange={(event) => setForm({ ...form, pictures: event.target.value })} required rows={3} />
        </Field>
        <fieldset className="skus">
          <legend>{t('catalogSkus')}</legend>
          {skus.map((row, i) => (
            <SkuRow
              key={row.row}
              n={i + 1}
              row={row}
              onChange={(next) => setSku(i, next)}
              onRemove={skus.length > 1 ? () => setSkus(skus.filter((_, j) => j !== i)) : undefined}
            />
          ))}
          <button type="button" onClick={() => setSkus([...skus, newSku()])}>
            {t('catalogAddSku')}
          </button>
        </fieldset>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('catalogSubmit')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice
        show={action.done && added !== null}
        text={
          added
            ? t(added.created ? 'catalogCreated' : 'catalogUpdated', { platform: added.platform, id: added.id, itemId: added.itemId })
            : ''
        }
      />
    </Section>
  );
}

function SkuRow({ n, row, onChange, onRemove }: { n: number; row: SkuText; onChange(next: SkuText): void; onRemove?: () => void }) {
  const t = useT();
  return (
    <div className="inline">
      <Field label={t('catalogSkuId', { n })}>
        <input inputMode="numeric" value={row.skuId} onChange={(event) => onChange({ ...row, skuId: event.target.value })} required />
      </Field>
      <Field label={t('catalogSkuPrice', { n })}>
        <input inputMode="decimal" value={row.price} onChange={(event) => onChange({ ...row, price: event.target.value })} required />
      </Field>
      <Field label={t('catalogSkuStock', { n })}>
        <input inputMode="numeric" value={row.stock} onChange={(event) => onChange({ ...row, stock: event.target.value })} required />
      </Field>
      {onRemove ? (
        <button type="button" className="danger" onClick={onRemove}>
          {t('catalogRemoveSku', { n })}
        </button>
      ) : null}
    </div>
  );
}
