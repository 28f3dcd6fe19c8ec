import { Link, useParams } from 'react-router';
import type { Plan, Subscription, Usage } from '../../api/views';
import { BillingStatus } from '../../components/billing/billing-status';
import { Day, Period } from '../../components/billing/billing-dates';
import { CycleTimeline } from '../../components/billing/cycle-timeline';
import { InvoiceTable } from '../../components/billing/invoice-table';
import { Money } from '../../components/billing/money';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { DataView, Empty } from '../../components/states';
import { useApiData, usePagedList } from '../../hooks/use-api-data';
import { invoicePath } from './billing-page';
import { CancelSection } from './cancel-section';
import { ChangePlanSection } from './change-plan-section';
import { planTerms } from './subscription-summary';
import { useCanManageBilling } from './use-can-manage-billing';

export function SubscriptionPage() {
  const { subscriptionId = '' } = useParams();
  const subscription = useApiData('/api/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } });
  const plans = useApiData('/api/v1/plans');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/billing">← Billing</Link>
      </p>
      <DataView state={subscription} onRetry={subscription.reload}>
        {(data) => (
          <DataView state={plans} onRetry={plans.reload}>
            {(catalog) => (
              <SubscriptionView subscription={data} plans={catalog} onChanged={subscription.reload} />
            )}
          </DataView>
        )}
      </DataView>
    </>
  );
}

function SubscriptionView({
  subscription,
  plans,
  onChanged,
}: {
  subscription: Subscription;
  plans: Plan[];
  onChanged(): void;
}) {
  const canManage = useCanManageBilling();
  const invoices = usePagedList('/api/v1/invoices', {
    params: { query: { subscriptionId: subscription.id } },
  });
  // Changes and cancellations issue invoices (a proration, a credit), so the list is read again.
  function changed() {
    onChanged();
    invoices.reload();
  }
  const { timeZone, next } = subscription;
  const planName = (planId: string) => plans.find((plan) => plan.id === planId)?.name ?? planId;
  const price = plans
    .flatMap((plan) => plan.prices)
    .find((candidate) => candidate.id === subscription.priceId);
  const isMetered = price !== undefined && price.metered.length > 0;
  const isLive = subscription.status !== 'cancelled' && subscription.status !== 'terminated';
  return (
    <>
      <PageHeader
        title={`${subscription.planName} plan`}
        description={
          <>
            <BillingStatus status={subscription.status} /> ·{' '}
            {planTerms(subscription, { withPlanName: false })} · <HostLink hostId={subscription.hostId} />
          </>
        }
      />
      <section className="panel" aria-labelledby="next-title">
        <h2 id="next-title">Next charge</h2>
        <dl className="facts">
          <dt>Current period</dt>
          <dd>
            <Period
              start={subscription.currentPeriodStart}
              end={subscription.currentPeriodEnd}
              timeZone={timeZone}
            />
          </dd>
          <dt>Next billing date</dt>
          <dd>{next ? <Day value={next.dueAt} timeZone={timeZone} /> : 'None'}</dd>
          <dt>Amount due</dt>
          <dd>{next ? <Money amount={next.total} currency={next.currency} /> : '—'}</dd>
          {subscription.cancelAt && (
            <>
              <dt>Ends on</dt>
              <dd>
                <Day value={subscription.cancelAt} timeZone={timeZone} />
              </dd>
            </>
          )}
          {subscription.pendingPriceId && (
            <>
              <dt>Scheduled change</dt>
              <dd>
                From <Day value={subscription.pendingFrom} timeZone={timeZone} />
              </dd>
            </>
          )}
        </dl>
        <p className="muted">Dates are in your billing time zone, {timeZone}.</p>
      </section>
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Coming cycles</h2>
        <CycleTimeline cycles={subscription.timeline} planName={planName} timeZone={timeZone} />
        {isMetered && (
          <p className="note">These amounts are the fixed part; usage is added when each period ends.</p>
        )}
      </section>
      {isMetered && <UsageSection subscriptionId={subscription.id} timeZone={timeZone} />}
      <section className="panel" aria-labelledby="plan-invoices-title">
        <h2 id="plan-invoices-title">Invoices for this plan</h2>
        <PagedListView list={invoices} empty={<Empty title="No invoices yet" />}>
          {(items) => <InvoiceTable invoices={items} linkTo={invoicePath} />}
        </PagedListView>
      </section>
      {canManage && isLive && (
        <>
          <ChangePlanSection subscription={subscription} plans={plans} onChanged={changed} />
          <CancelSection subscription={subscription} onChanged={changed} />
        </>
      )}
    </>
  );
}

function HostLink({ hostId }: { hostId: string }) {
  const host = useApiData('/api/v1/hosts/{id}', { params: { path: { id: hostId } } });
  return (
    <Link to={`/hosts/${encodeURIComponent(hostId)}`}>
      {host.status === 'ready' ? host.data.displayDomain : 'Host'}
    </Link>
  );
}

const metricLabels: Record<Usage['metrics'][number]['metric'], string> = {
  active_members: 'Monthly active members',
  messages: 'Messages',
  storage_gb: 'Storage (GB)',
};

function UsageSection({ subscriptionId, timeZone }: { subscriptionId: string; timeZone: string }) {
  const usage = useApiData('/api/v1/subscriptions/{id}/usage', { params: { path: { id: subscriptionId } } });
  return (
    <section className="panel" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage so far this period</h2>
      <DataView state={usage} onRetry={usage.reload}>
        {(data) => (
          <>
            <p className="muted">
              <Period start={data.periodStart} end={data.periodEnd} timeZone={timeZone} />, before tax.
            </p>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.metrics.map((metric) => (
                    <tr key={metric.metric}>
                      <td>{metricLabels[metric.metric]}</td>
                      <td className="num">{metric.quantity}</td>
                      <td className="num">
                        <Money amount={metric.amount} currency={data.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total-row total-row-strong">
                    <th scope="row" colSpan={2}>
                      So far
                    </th>
                    <td className="num">
                      <Money amount={data.total} currency={data.currency} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </DataView>
    </section>
  );
}
