import { get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';

/** 1688's own order object carries yuan amounts (PandaPon's shape); they are shown as the server wrote them. */
function yuan(amount: number): string {
  return `¥${amount.toFixed(2)}`;
}

export function TaobaoOrderDetail({ orderId }: { orderId: string }) {
  const t = useT();
  const order = useLoad(() => get('/v2/taobao/order/detail', { purchaseOrderId: orderId }), [orderId]);
  const data = order.data;
  return (
    <Section title={t('devOrderNo', { id: orderId })}>
      <ErrorNotice error={order.error} />
      {data ? (
        <>
          <Facts
            rows={[
              [t('state'), data.statusName],
              [t('amount'), <Money key="amount" fen={data.purchaseAmount} />],
              [t('devPaid'), <Money key="paid" fen={data.paidAmount} />],
              [t('devSeller'), data.shopName ?? data.sellerNick ?? '—'],
              [t('created'), data.createTime],
              [t('devPaidAt'), data.payTime ?? '—'],
              [t('devShipped'), data.logisticsNo ? `${data.logisticsCompanyName ?? ''} ${data.logisticsNo}` : '—'],
              [t('devClosed'), data.closeTime ? `${data.closeTime} ${data.closeReason ?? ''}` : '—'],
            ]}
          />
          <div className="table-wrap">
            <table aria-label={t('devLines')}>
              <thead>
                <tr>
                  <th>{t('devItem')}</th>
                  <th>{t('devQuantity')}</th>
                  <th>{t('amount')}</th>
                  <th>{t('devRefunded')}</th>
                </tr>
              </thead>
              <tbody>
                {data.orderLineList.map((line) => (
                  <tr key={line.orderLineNo}>
                    <td data-label={t('devItem')}>{line.itemTitle}</td>
                    <td data-label={t('devQuantity')}>{line.quantity}</td>
                    <td data-label={t('amount')}>
                      <Money fen={line.amount} />
                    </td>
                    <td data-label={t('devRefunded')}>
                      <Money fen={line.refundAmount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Section>
  );
}

export function AlibabaOrderDetail({ orderId }: { orderId: string }) {
  const t = useT();
  const order = useLoad(() => post('/v2/alibaba/order/detail', { orderId }), [orderId]);
  const data = order.data;
  return (
    <Section title={t('devOrderNo', { id: orderId })}>
      <ErrorNotice error={order.error} />
      {data ? (
        <>
          <Facts
            rows={[
              [t('state'), data.orderState],
              [t('amount'), <Money key="amount" fen={data.totalAmount} />],
              [t('devRefunded'), <Money key="refund" fen={data.refundAmount} />],
              [t('devSeller'), data.baseInfo.sellerCompanyName ?? '—'],
              [t('created'), data.baseInfo.createTime],
              [t('devPaidAt'), data.baseInfo.payTime ?? '—'],
              [t('devShipped'), data.baseInfo.allDeliveredTime ?? '—'],
              [t('devClosed'), data.baseInfo.closeReason ?? '—'],
            ]}
          />
          <div className="table-wrap">
            <table aria-label={t('devLines')}>
              <thead>
                <tr>
                  <th>{t('devItem')}</th>
                  <th>{t('devQuantity')}</th>
                  <th>{t('amount')}</th>
                  <th>{t('state')}</th>
                </tr>
              </thead>
              <tbody>
                {data.productItems.map((line) => (
                  <tr key={line.subItemID}>
                    <td data-label={t('devItem')}>{line.name}</td>
                    <td data-label={t('devQuantity')}>{line.quantity}</td>
                    <td data-label={t('amount')}>{yuan(line.itemAmount)}</td>
                    <td data-label={t('state')}>{line.refundStatus ?? line.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(data.nativeLogistics.logisticsItems ?? []).map((item) => (
            <p key={item.logisticsBillNo}>
              {item.logisticsCompanyName} {item.logisticsBillNo} · {item.status}
            </p>
          ))}
        </>
      ) : null}
    </Section>
  );
}
