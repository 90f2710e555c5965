import { type DataOf, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { href } from '../router.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { Section } from '../ui/parts.tsx';
import { Money } from '../ui/parts.tsx';
import { AlibabaOrderDetail, TaobaoOrderDetail } from './OrderDetail.tsx';
import type { DevScreenProps } from './screens.tsx';

type TaobaoRow = DataOf<'/v2/taobao/order/page', 'post'>['list'][number];
type AlibabaRow = DataOf<'/v2/alibaba/order/page', 'post'>['data'][number];

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
  return (
    <Section title={t('devTaobaoOrders')}>
      <PagedTable<TaobaoRow>
        label={t('devTaobaoOrders')}
        rowKey={(row) => row.purchaseOrderId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/taobao/order/page', { pageNo: page, pageSize });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          {
            key: 'id',
            label: t('devOrder'),
            render: (row) => <a href={href('orders', 'taobao', row.purchaseOrderId)}>{row.purchaseOrderId}</a>,
          },
          { key: 'outer', label: t('devOuterId'), render: (row) => row.outerPurchaseId ?? '—' },
          { key: 'state', label: t('state'), render: (row) => row.statusName },
          { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.purchaseAmount} /> },
          { key: 'created', label: t('created'), render: (row) => row.createTime },
        ]}
      />
    </Section>
  );
}

function AlibabaOrders() {
  const t = useT();
  return (
    <Section title={t('dev1688Orders')}>
      <PagedTable<AlibabaRow>
        label={t('dev1688Orders')}
        rowKey={(row) => row.orderId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/alibaba/order/page', { pageNo: page, pageSize });
          return { total: answer.totalRecords, rows: answer.data };
        }}
        columns={[
          { key: 'id', label: t('devOrder'), render: (row) => <a href={href('orders', '1688', row.orderId)}>{row.orderId}</a> },
          { key: 'seller', label: t('devSeller'), render: (row) => row.baseInfo.sellerCompanyName ?? '—' },
          { key: 'state', label: t('state'), render: (row) => row.orderState },
          { key: 'amount', label: t('amount'), render: (row) => <Money fen={row.totalAmount} /> },
          { key: 'created', label: t('created'), render: (row) => row.baseInfo.createTime },
        ]}
      />
    </Section>
  );
}
