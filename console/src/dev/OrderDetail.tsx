import { type DataOf, get, post } from '../api.ts';
import { type MessageKey, useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { Table } from '../ui/Table.tsx';

/** 1688's own order object carries yuan amounts (PandaPon's shape); they are shown as the server wrote them. */
function yuan(amount: number): string {
  return `¥${amount.toFixed(2)}`;
}

type Actor = DataOf<'/v2/open/order/history'>['history'][number]['actor'];
const ACTORS: Record<Actor, MessageKey> = {
  buyer: 'devActorBuyer',
  seller: 'devActorSeller',
  warehouse: 'devActorWarehouse',
  operator: 'devActorOperator',
  system: 'devActorSystem',
};

/** The order's state changes, oldest first, from the signed history route (either marketplace). */
function OrderHistory({ orderId }: { orderId: string }) {
  const t = useT();
  const loaded = useLoad(() => get('/v2/open/order/history', { orderId }), [orderId]);
  return (
    <>
      <ErrorNotice error={loaded.error} />
      <Table
        label={t('devHistory')}
        rows={loaded.data?.history ?? []}
        rowKey={(change) => `${change.at}-${change.toState}-${change.action}`}
        columns={[
          { key: 'at', label: t('devTime'), render: (change) => formatTime(change.at) },
          { key: 'state', label: t('state'), render: (change) => `${change.fromState ?? '—'} → ${change.toState}` },
          { key: 'action', label: t('devAction'), render: (change) => change.action },
          { key: 'actor', label: t('devActor'), render: (change) => t(ACTORS[change.actor]) },
        ]}
      />
    </>
  );
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
          <Table
            label={t('devLines')}
            rows={data.orderLineList}
            rowKey={(line) => String(line.orderLineNo)}
            columns={[
              { key: 'item', label: t('devItem'), render: (line) => line.itemTitle },
              { key: 'quantity', label: t('devQuantity'), render: (line) => line.quantity },
              { key: 'amount', label: t('amount'), render: (line) => <Money fen={line.amount} /> },
              { key: 'refunded', label: t('devRefunded'), render: (line) => <Money fen={line.refundAmount} /> },
            ]}
          />
          <OrderHistory orderId={orderId} />
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
          <Table
            label={t('devLines')}
            rows={data.productItems}
            rowKey={(line) => String(line.subItemID)}
            columns={[
              { key: 'item', label: t('devItem'), render: (line) => line.name },
              { key: 'quantity', label: t('devQuantity'), render: (line) => line.quantity },
              { key: 'amount', label: t('amount'), render: (line) => yuan(line.itemAmount) },
              { key: 'state', label: t('state'), render: (line) => line.refundStatus ?? line.status },
            ]}
          />
          {(data.nativeLogistics.logisticsItems ?? []).map((item) => (
            <p key={item.logisticsBillNo}>
              {item.logisticsCompanyName} {item.logisticsBillNo} · {item.status}
            </p>
          ))}
          <OrderHistory orderId={orderId} />
        </>
      ) : null}
    </Section>
  );
}
