import { post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { href } from '../router.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { Table } from '../ui/Table.tsx';

/** `#/aftersales/1688/<refundId>`: one 1688 application as AR1 answers it, with its steps and timer. */
export function AlibabaRefundDetail({ refundId }: { refundId: string }) {
  const t = useT();
  const loaded = useLoad(
    () => post('/alibaba/refund/detail', { refundId, needTimeOutInfo: true, needOrderRefundOperation: true }),
    [refundId],
  );
  const refund = loaded.data;
  return (
    <Section title={t('devRefundNo', { id: refundId })} actions={<a href={href('aftersales', '1688')}>{t('dev1688Refunds')}</a>}>
      <ErrorNotice error={loaded.error} />
      {refund ? (
        <>
          <Facts
            rows={[
              [
                t('devOrder'),
                <a key="order" href={href('orders', '1688', refund.orderId)}>
                  {refund.orderId}
                </a>,
              ],
              [t('devStatus'), refund.status],
              [t('devItem'), refund.productName],
              [t('amount'), <Money key="apply" fen={refund.applyPayment + refund.applyCarriage} />],
              [t('devRefunded'), <Money key="refunded" fen={refund.refundPayment + refund.refundCarriage} />],
              [t('reason'), `${refund.applyReason} ${refund.description}`],
              [t('devSellerRefusal'), refund.rejectReason ?? '—'],
              [t('devDeadline'), refund.gmtTimeOut ?? '—'],
              [t('created'), refund.gmtCreate],
              [t('updated'), refund.gmtModified],
            ]}
          />
          <Table
            label={t('devHistory')}
            rows={refund.refundOperationList ?? []}
            rowKey={(step) => `${step.gmtCreate}-${step.refundAction}`}
            columns={[
              { key: 'at', label: t('devTime'), render: (step) => step.gmtCreate },
              { key: 'status', label: t('devStatus'), render: (step) => `${step.beforeOperateStatus ?? '—'} → ${step.afterOperateStatus}` },
              { key: 'action', label: t('devAction'), render: (step) => step.refundAction },
              { key: 'remark', label: t('devNote'), render: (step) => step.operateRemark },
            ]}
          />
        </>
      ) : null}
    </Section>
  );
}
