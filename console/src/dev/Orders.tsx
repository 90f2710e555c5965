import { type BodyOf, type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { href } from '../router.ts';
import { FilterBar, type FilterField, given, useFilters } from '../ui/filters.tsx';
import { PagedTable } from '../ui/PagedTable.tsx';
import { Money, Section } from '../ui/parts.tsx';
import { AlibabaOrderDetail, TaobaoOrderDetail } from './OrderDetail.tsx';
import type { DevScreenProps } from './screens.tsx';

type TaobaoRow = DataOf<'/v2/taobao/order/page', 'post'>['list'][number];
type AlibabaRow = DataOf<'/v2/alibaba/order/page', 'post'>['data'][number];
type TaobaoStatus = NonNullable<NonNullable<BodyOf<'/v2/taobao/order/page'>>['status']>;
type AlibabaStatus = NonNullable<NonNullable<BodyOf<'/v2/alibaba/order/page'>>['status']>;

/** The status filters the order pages take: TaoBaoOrderStatusEnum codes and 1688 trade statuses (src/wire/common/order-status.ts). */
const TAOBAO_STATUSES: TaobaoStatus[] = [0, 4, 9, 10, 11, 12];
const ALIBABA_STATUSES: AlibabaStatus[] = [
  'waitbuyerpay',
  'waitsellersend',
  'waitbuyerreceive',
  'confirm_goods',
  'success',
  'cancel',
  'terminated',
];

/** `#/orders/taobao[/<id>]` and `#/orders/1688[/<id>]`: each marketplace's order page, and one order. */
export function Orders({ route }: DevScreenProps) {
  const t = useT();
  const [platform = 'taobao', id] = route;
  return (
    <>
      <nav className="inline" aria-label={t('devMarketplace')}>
        <a href={href('orders', 'taobao')} aria-current={platform === 'taobao' ? 'page' : undefined}>
          {t('devTaobao')}
        </a>
        <a href={href('orders', '1688')} aria-current={platform === '1688' ? 'page' : undefined}>
          {t('dev1688')}
        </a>
      </nav>
      {platform === '1688' ? id ? <AlibabaOrderDetail orderId={id} /> : <AlibabaOrders /> : null}
      {platform !== '1688' ? id ? <TaobaoOrderDetail orderId={id} /> : <TaobaoOrders /> : null}
    </>
  );
}

function TaobaoOrders() {
  const t = useT();
  const fields: FilterField[] = [{ name: 'status', label: t('devStatus'), kind: 'select', options: TAOBAO_STATUSES }];
  const [filters, setFilters] = useFilters(fields);
  return (
    <Section title={t('devTaobaoOrders')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<TaobaoRow>
        label={t('devTaobaoOrders')}
        filters={[filters]}
        rowKey={(row) => row.purchaseOrderId}
        load={async ({ page, pageSize }) => {
          const status = filters.status ? Number(filters.status) : undefined;
          const answer = await post('/v2/taobao/order/page', { pageNo: page, pageSize, ...given('status', status) });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          {
            key: 'id',
            label: t('devOrder'),
            render: (row) => <a href={href('orders', 'taobao', row.purchaseOrderId)}>{row.purchaseOrderId}</a>,
          },
          { key: 'outer', label: t('devOuterId'), render: (row) => row.outerPurchaseId ?? '—' },
          { key: 'state', label: t('devStatus'), render: (row) => `${row.status} ${row.statusName}` },
          { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.purchaseAmount} /> },
          { key: 'created', label: t('created'), render: (row) => row.createTime },
        ]}
      />
    </Section>
  );
}

function AlibabaOrders() {
  const t = useT();
  const fields: FilterField[] = [{ name: 'status', label: t('devStatus'), kind: 'select', options: ALIBABA_STATUSES }];
  const [filters, setFilters] = useFilters(fields);
  return (
    <Section title={t('dev1688Orders')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<AlibabaRow>
        label={t('dev1688Orders')}
        filters={[filters]}
        rowKey={(row) => row.orderId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/alibaba/order/page', { pageNo: page, pageSize, ...given('status', filters.status) });
          return { total: answer.totalRecords, rows: answer.data };
        }}
        columns={[
          { key: 'id', label: t('devOrder'), render: (row) => <a href={href('orders', '1688', row.orderId)}>{row.orderId}</a> },
          { key: 'seller', label: t('devSeller'), render: (row) => row.baseInfo.sellerCompanyName ?? '—' },
          { key: 'status', label: t('devStatus'), render: (row) => row.status },
          { key: 'state', label: t('state'), render: (row) => row.orderState },
          { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.totalAmount} /> },
          { key: 'created', label: t('created'), render: (row) => row.baseInfo.createTime },
        ]}
      />
    </Section>
  );
}
