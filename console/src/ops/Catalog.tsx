import { useState } from 'react';
import { type BodyOf, type DataOf, FieldError, post } from '../api.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language, type Translate, useT } from '../i18n/index.tsx';
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
  /** "颜色:红色; 尺码:XL" */
  properties: string;
}
interface ProductText {
  link: string;
  titles: Record<Language, string>;
  categoryId: string;
  shop: string;
  pictures: string;
}
let rows = 0;
const newSku = (): SkuText => ({ row: ++rows, skuId: '', price: '', stock: '', properties: '' });
const NO_TITLES = Object.fromEntries(LANGUAGES.map((lang) => [lang, ''])) as Record<Language, string>;
const NO_PRODUCT: ProductText = { link: '', titles: NO_TITLES, categoryId: '', shop: '', pictures: '' };

/** "颜色:红色; 尺码:XL" → name/value pairs (full-width ：and ；too, as a Chinese keyboard types them); the server gives them ids. */
function propertiesOf(text: string, refuse: (why: string) => FieldError): Body['skus'][number]['properties'] {
  return text
    .split(/[;；\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([^:：]+)[:：](.+)$/.exec(part);
      const [propName, valueName] = [match?.[1]?.trim(), match?.[2]?.trim()];
      if (!propName || !valueName) throw refuse(part);
      return { propName, valueName };
    });
}

/** The typed SKUs as the route takes them; a price or a property the browser can tell is wrong stops here, naming its field. */
function skusOf(skus: SkuText[], t: Translate): Body['skus'] {
  return skus.map((sku, i) => {
    const n = i + 1;
    const priceFen = parseYuan(sku.price);
    if (priceFen === null || priceFen <= 0) throw new FieldError(t('catalogSkuPrice', { n }), t('catalogBadPrice'));
    const properties = propertiesOf(
      sku.properties,
      (part) => new FieldError(t('catalogSkuProperties', { n }), t('catalogBadProperty', { part })),
    );
    return { skuId: sku.skuId.trim(), priceFen, stock: Number.parseInt(sku.stock, 10), properties };
  });
}

/** The Chinese title alone, or every language given (the catalog falls back to Chinese for the others). */
function titleOf(titles: Record<Language, string>): Body['title'] {
  const given = LANGUAGES.filter((lang) => lang !== 'zh' && titles[lang].trim());
  if (given.length === 0) return titles.zh.trim();
  return { zh: titles.zh.trim(), ...Object.fromEntries(given.map((lang) => [lang, titles[lang].trim()])) };
}

function bodyOf(product: ProductText, skus: SkuText[], t: Translate): Body {
  return {
    link: product.link.trim(),
    title: titleOf(product.titles),
    categoryId: Number.parseInt(product.categoryId, 10),
    shop: { name: product.shop.trim() },
    pictures: product.pictures.split(/\s+/).filter(Boolean),
    skus: skusOf(skus, t),
  };
}

/** A product from a pasted Taobao, Tmall or 1688 link: the link names the platform and id, the operator completes the rest. */
export function Catalog() {
  const t = useT();
  const [product, setProduct] = useState(NO_PRODUCT);
  const [skus, setSkus] = useState<SkuText[]>(() => [newSku()]);
  const [added, setAdded] = useState<Added | null>(null);
  const action = useAction(async () => setAdded(await post('/admin/catalog/products/from-link', bodyOf(product, skus, t))));
  const addedText = added
    ? t(added.created ? 'catalogCreated' : 'catalogUpdated', { platform: added.platform, id: added.id, itemId: added.itemId })
    : '';
  return (
    <Section title={t('catalogTitle')}>
      <ActionForm onSubmit={() => void action.run()}>
        <ProductFields value={product} onChange={setProduct} />
        <SkuList skus={skus} onChange={setSkus} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('catalogSubmit')}
        </button>
      </ActionForm>
      <ErrorNotice error={action.error} />
      <DoneNotice show={action.done && added !== null} text={addedText} />
    </Section>
  );
}

function ProductFields({ value, onChange }: { value: ProductText; onChange(next: ProductText): void }) {
  const t = useT();
  const text = (key: 'link' | 'categoryId' | 'shop', label: string, extra: { inputMode?: 'numeric' } = {}) => (
    <Field label={label}>
      <input value={value[key]} onChange={(event) => onChange({ ...value, [key]: event.target.value })} required {...extra} />
    </Field>
  );
  return (
    <>
      {text('link', t('catalogLink'))}
      <TitleFields titles={value.titles} onChange={(titles) => onChange({ ...value, titles })} />
      {text('categoryId', t('catalogCategory'), { inputMode: 'numeric' })}
      {text('shop', t('catalogShop'))}
      <Field label={t('catalogPictures')}>
        <textarea value={value.pictures} onChange={(event) => onChange({ ...value, pictures: event.target.value })} required rows={3} />
      </Field>
    </>
  );
}

/** The Chinese title is required; the other languages are optional. */
function TitleFields({ titles, onChange }: { titles: Record<Language, string>; onChange(next: Record<Language, string>): void }) {
  const t = useT();
  return (
    <>
      {LANGUAGES.map((lang) => (
        <Field key={lang} label={lang === 'zh' ? t('catalogProductTitle') : t('catalogTitleIn', { language: LANGUAGE_NAMES[lang] })}>
          <input
            lang={lang}
            value={titles[lang]}
            onChange={(event) => onChange({ ...titles, [lang]: event.target.value })}
            required={lang === 'zh'}
          />
        </Field>
      ))}
    </>
  );
}

function SkuList({ skus, onChange }: { skus: SkuText[]; onChange(next: SkuText[]): void }) {
  const t = useT();
  return (
    <fieldset className="skus">
      <legend>{t('catalogSkus')}</legend>
      {skus.map((sku, i) => (
        <SkuRow
          key={sku.row}
          n={i + 1}
          sku={sku}
          onChange={(next) => onChange(skus.map((row, j) => (j === i ? next : row)))}
          onRemove={skus.length > 1 ? () => onChange(skus.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <button type="button" onClick={() => onChange([...skus, newSku()])}>
        {t('catalogAddSku')}
      </button>
    </fieldset>
  );
}

function SkuRow({ n, sku, onChange, onRemove }: { n: number; sku: SkuText; onChange(next: SkuText): void; onRemove?: () => void }) {
  const t = useT();
  const input = (key: 'skuId' | 'price' | 'stock' | 'properties', label: string, inputMode?: 'numeric' | 'decimal') => (
    <Field label={label}>
      <input
        inputMode={inputMode}
        value={sku[key]}
        onChange={(event) => onChange({ ...sku, [key]: event.target.value })}
        required={key !== 'properties'}
      />
    </Field>
  );
  return (
    <div className="inline">
      {input('skuId', t('catalogSkuId', { n }), 'numeric')}
      {input('price', t('catalogSkuPrice', { n }), 'decimal')}
      {input('stock', t('catalogSkuStock', { n }), 'numeric')}
      {input('properties', t('catalogSkuProperties', { n }))}
      {onRemove ? (
        <button type="button" className="danger" onClick={onRemove}>
          {t('catalogRemoveSku', { n })}
        </button>
      ) : null}
    </div>
  );
}
