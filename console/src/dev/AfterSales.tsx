import { type BodyOf, type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { dayEnd, dayStart, FilterBar, type FilterField, given, useFilters } from '../ui/filters.tsx';
import { PagedTable } from '../ui/PagedTable.tsx';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { AlibabaRefundDetail } from './AlibabaRefund.tsx';
import type { DevScreenProps } from './screens.tsx';

type Refund = DataOf<'/v2/taobao/order/refund/list', 'post'>['list'][number];
type AlibabaRefund = DataOf<'/alibaba/refund/list', 'post'>['data'][number];
type TaobaoStatus = NonNullable<NonNullable<BodyOf<'/v2/taobao/order/refund/list'>>['refundStatus']>;
type AlibabaStatus = NonNullable<NonNullable<BodyOf<'/alibaba/refund/list'>>['status']>;

/** The status filters the two lists take (src/modules/aftersales/machines.ts). */
const TAOBAO_STATUSES: TaobaoStatus[] = ['10', '20', '30', '100', '-10', '-20'];
const ALIBABA_STATUSES: AlibabaStatus[] = [
  'waitselleragree',
  'waitbuyermodify',
  'waitbuyersend',
  'waitsellerreceive',
  'refundsuccess',
  'refundclose',
];

/** `#/aftersales/taobao[/<refundId>]` and `#/aftersales/1688[/<refundId>]`: each marketplace's applications, and one. */
export function AfterSales({ route }: DevScreenProps) {
  const t = useT();
  const [platform = 'taobao', refundId] = route;
  return (
    <>
      <nav className="inline" aria-label={t('devMarketplace')}>
        <a href={href('aftersales', 'taobao')} aria-current={platform === 'taobao' ? 'page' : undefined}>
          {t('devTaobao')}
        </a>
        <a href={href('aftersales', '1688')} aria-current={platform === '1688' ? 'page' : undefined}>
          {t('dev1688')}
        </a>
      </nav>
      {platform === '1688' ? refundId ? <AlibabaRefundDetail refundId={refundId} /> : <AlibabaRefunds /> : null}
      {platform !== '1688' ? refundId ? <RefundDetail refundId={refundId} /> : <TaobaoRefunds /> : null}
    </>
  );
}

/** The filters both lists take, by their meaning; each list sends them under its route's names. */
function useRefundFilters(statuses: readonly (string | number)[]) {
  const t = useT();
  const fields: FilterField[] = [
    { name: 'status', label: t('devStatus'), kind: 'select', options: statuses },
    { name: 'orderId', label: t('devOrder'), kind: 'text' },
    { name: 'from', label: t('devCreatedFrom'), kind: 'date' },
    { name: 'to', label: t('devCreatedTo'), kind: 'date' },
  ];
  const [filters, setFilters] = useFilters(fields);
  return { fields, filters, setFilters, from: dayStart(filters.from), to: dayEnd(filters.to) };
}

function TaobaoRefunds() {
  const t = useT();
  const { fields, filters, setFilters, from, to } = useRefundFilters(TAOBAO_STATUSES);
  return (
    <Section title={t('devTaobaoRefunds')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<Refund>
        label={t('devTaobaoRefunds')}
        filters={[filters]}
        rowKey={(row) => row.refundId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/taobao/order/refund/list', {
            pageNo: page,
            pageSize,
            ...given('refundStatus', filters.status as TaobaoStatus),
            ...given('orderId', filters.orderId),
            ...given('startTime', from),
            ...given('endTime', to),
          });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          {
            key: 'id',
            label: t('devRefund'),
            render: (row) => <a href={href('aftersales', 'taobao', row.refundId)}>{row.refundId}</a>,
          },
          { key: 'order', label: t('devOrder'), render: (row) => row.purchaseOrderId },
          { key: 'status', label: t('devStatus'), render: (row) => row.refundStatus },
          { key: 'reason', label: t('reason'), render: (row) => row.reasonDesc },
          { key: 'fee', label: t('amount'), render: (row) => <Money fen={row.refundFee} /> },
          { key: 'refunded', label: t('devRefunded'), render: (row) => <Money fen={row.refundedFee} /> },
          { key: 'created', label: t('created'), render: (row) => row.createTime },
        ]}
      />
    </Section>
  );
}

function AlibabaRefunds() {
  const t = useT();
  const { fields, filters, setFilters, from, to } = useRefundFilters(ALIBABA_STATUSES);
  return (
    <Section title={t('dev1688Refunds')}>
      <FilterBar fields={fields} values={filters} onChange={setFilters} />
      <PagedTable<AlibabaRefund>
        label={t('dev1688Refunds')}
        filters={[filters]}
        rowKey={(row) => row.refundId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/alibaba/refund/list', {
            pageNo: page,
            pageSize,
            ...given('status', filters.status as AlibabaStatus),
            ...given('orderId', filters.orderId),
            ...given('applyStartTime', from),
            ...given('applyEndTime', to),
          });
          return { total: answer.totalRecords, rows: answer.data };
        }}
        columns={[
          { key: 'id', label: t('devRefund'), render: (row) => <a href={href('aftersales', '1688', row.refundId)}>{row.refundId}</a> },
          { key: 'order', label: t('devOrder'), render: (row) => row.orderId },
          { key: 'status', label: t('devStatus'), render: (row) => row.status },
          { key: 'reason', label: t('reason'), render: (row) => row.applyReason },
          { key: 'fee', label: t('amount'), render: (row) => <Money fen={row.applyPayment + row.applyCarriage} /> },
          { key: 'refunded', label: t('devRefunded'), render: (row) => <Money fen={row.refundPayment + row.refundCarriage} /> },
          { key: 'created', label: t('created'), render: (row) => row.gmtCreate },
        ]}
      />
    </Section>
  );
}

function RefundDetail({ refundId }: { refundId: string }) {
  const t = useT();
  const loaded = useLoad(() => get('/v2/taobao/order/refund/query', { refundId }), [refundId]);
  const refund = loaded.data?.refundOrderAggregate.refundOrder;
  return (
    <Section title={t('devRefundNo', { id: refundId })} actions={<a href={href('aftersales', 'taobao')}>{t('devTaobaoRefunds')}</a>}>
      <ErrorNotice error={loaded.error} />
      {refund ? (
        <Facts
          rows={[
            [t('devOrder'), refund.payOrderId],
            [t('amount'), <Money key="fee" fen={refund.refundFee} />],
            [t('devRefunded'), <Money key="refunded" fen={refund.refundedFee} />],
            [t('devQuantity'), refund.refundQuantity],
            [t('reason'), `${refund.reasonDesc} ${refund.refundDesc}`],
            [t('devSellerRefusal'), refund.sellerRefuseReason ?? '—'],
            [t('devDeadline'), formatTime(refund.timeoutDate)],
            [t('created'), formatTime(refund.createTime)],
            [t('updated'), formatTime(refund.modifyTime)],
          ]}
        />
      ) : null}
    </Section>
  );
}
