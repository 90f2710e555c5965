import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import type { DevScreenProps } from './screens.tsx';

type Refund = DataOf<'/v2/taobao/order/refund/list', 'post'>['list'][number];

/** `#/aftersales[/<refundId>]`: the developer's refund applications, and one with its seller's answer. */
export function AfterSales({ route }: DevScreenProps) {
  const t = useT();
  const [refundId] = route;
  if (refundId) return <RefundDetail refundId={refundId} />;
  return (
    <Section title={t('devAfterSales')}>
      <PagedTable<Refund>
        label={t('devAfterSales')}
        rowKey={(row) => row.refundId}
        load={async ({ page, pageSize }) => {
          const answer = await post('/v2/taobao/order/refund/list', { pageNo: page, pageSize });
          return { total: answer.total, rows: answer.list };
        }}
        columns={[
          { key: 'id', label: t('devRefund'), render: (row) => <a href={href('aftersales', row.refundId)}>{row.refundId}</a> },
          { key: 'order', label: t('devOrder'), render: (row) => row.purchaseOrderId },
          { key: 'reason', label: t('reason'), render: (row) => row.reasonDesc },
          { key: 'fee', label: t('amount'), render: (row) => <Money fen={row.refundFee} /> },
          { key: 'refunded', label: t('devRefunded'), render: (row) => <Money fen={row.refundedFee} /> },
          { key: 'created', label: t('created'), render: (row) => row.createTime },
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
    <Section title={t('devRefundNo', { id: refundId })} actions={<a href={href('aftersales')}>{t('devAfterSales')}</a>}>
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
