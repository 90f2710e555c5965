import { type DataOf, get } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Money, Section } from '../ui/parts.tsx';
import { LookupForm, Pictures } from './floor-parts.tsx';
import { RefundDecisions } from './RefundDecisions.tsx';
import type { ScreenProps } from './screens.tsx';

export type RefundCase = DataOf<'/admin/refunds/detail'>;
type RefundEvent = RefundCase['events'][number];

/** An after-sales case opened by its refund id (`#/refunds/<id>`): what was asked, the evidence, the conversation, the decision. */
export function Refunds({ route }: ScreenProps) {
  const t = useT();
  const refundId = route[0] ?? '';
  const loaded = useLoad(() => (refundId ? get('/admin/refunds/detail', { refundId }) : Promise.resolve(null)), [refundId]);
  const found = loaded.data;
  return (
    <>
      <Section title={t('refundsTitle')}>
        <LookupForm key={refundId} label={t('refundsId')} screen="refunds" initial={refundId} />
        <ErrorNotice error={loaded.error} />
        {found ? <RefundFacts refund={found.refund} /> : null}
      </Section>
      {found ? (
        <>
          <RefundDecisions refund={found.refund} onChanged={loaded.reload} />
          <Section title={t('refundsEvidence')}>
            <p>{found.refund.description || '—'}</p>
            <Pictures urls={found.refund.images} label={t('refundsEvidence')} />
          </Section>
          <Section title={t('refundsMessages')}>
            <Messages events={found.events} />
          </Section>
        </>
      ) : null}
    </>
  );
}

function RefundFacts({ refund: r }: { refund: RefundCase['refund'] }) {
  const t = useT();
  return (
    <Facts
      rows={[
        [
          t('refundsId'),
          <span key="id" className="mono">
            {r.refundId}
          </span>,
        ],
        [t('refundsStatus'), <strong key="s">{r.status}</strong>],
        [t('refundsKind'), t(r.kind === 'refund' ? 'refundsKindRefund' : 'refundsKindReturn')],
        [t('purchasingPlatform'), r.platform],
        [t('purchasingOrder'), r.orderId],
        [t('reason'), r.reasonText],
        [t('refundsApplied'), <Money key="a" fen={r.applyFen} />],
        [t('refundsCarriage'), <Money key="c" fen={r.applyCarriageFen} />],
        [t('refundsRefunded'), <Money key="r" fen={r.refundedFen} />],
        [t('refundsLines'), r.lines.map((l) => `#${l.lineNo} × ${l.quantity}`).join(', ')],
        [t('refundsRefuseReason'), r.refuseReason ?? '—'],
        [t('refundsReturnTracking'), r.returnLogistics ? `${r.returnLogistics.companyName} ${r.returnLogistics.trackingNo}` : '—'],
        [t('refundsTimeout'), r.timeoutAt ? `${formatTime(r.timeoutAt)} (${r.timeoutType ?? ''})` : '—'],
        [t('created'), formatTime(r.createdAt)],
      ]}
    />
  );
}

/** Every event, oldest first: state changes and the messages between buyer and seller, with their pictures. */
function Messages({ events }: { events: RefundEvent[] }) {
  const t = useT();
  return (
    <ol className="events" aria-label={t('refundsMessages')}>
      {events.map((event) => (
        <li key={event.id}>
          <p>
            <strong>{event.actor}</strong> · {formatTime(event.at)} · {event.action}
            {event.fromState !== event.toState ? ` · ${event.fromState ?? '—'} → ${event.toState}` : ''}
          </p>
          {event.note ? <p>{event.note}</p> : null}
          <Pictures urls={event.images} label={t('refundsEventPictures', { id: event.id })} />
        </li>
      ))}
    </ol>
  );
}
