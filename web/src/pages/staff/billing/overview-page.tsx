import { Link } from 'react-router';
import type { Revenue, Subscription } from '../../../api/views';
import { BillingStatus } from '../../../components/billing/billing-status';
import { Day } from '../../../components/billing/billing-dates';
import { InvoiceTable } from '../../../components/billing/invoice-table';
import { Money } from '../../../components/billing/money';
import { RevenueChart } from '../../../components/billing/revenue-chart';
import { PageHeader } from '../../../components/page-header';
import { PagedListView } from '../../../components/paged-list';
import { DataView, Empty } from '../../../components/states';
import { useApiData, usePagedList } from '../../../hooks/use-api-data';
import { StaffBillingNav, staffCustomerPath, staffInvoicePath } from './staff-billing-nav';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** Revenue figures, the dunning queue and every subscription. */
export function StaffBillingOverviewPage() {
  const revenue = useApiData('/api/v1/admin/billing/revenue');
  const overdue = usePagedList('/api/v1/admin/billing/invoices', { params: { query: { overdue: true } } });
  const subscriptions = usePagedList('/api/v1/admin/billing/subscriptions');
  return (
    <>
      <PageHeader title="Billing" description="Revenue, overdue invoices and subscriptions." />
      <StaffBillingNav />
      <section className="panel" aria-labelledby="revenue-title">
        <h2 id="revenue-title">Revenue</h2>
        <DataView state={revenue} onRetry={revenue.reload}>
          {(data) => <RevenueView revenue={data} />}
        </DataView>
      </section>
      <section className="panel" aria-labelledby="dunning-title">
        <h2 id="dunning-title">Dunning queue</h2>
        <h3>Subscriptions past due or suspended</h3>
        <DunningSubscriptions />
        <h3>Overdue invoices</h3>
        <p className="muted">
          Open invoices past their due date; their cards are retried on the dunning schedule.
        </p>
        <PagedListView list={overdue} empty={<Empty title="Nothing is overdue" />}>
          {(items) => (
            <InvoiceTable invoices={items} linkTo={staffInvoicePath} customerLinkTo={staffCustomerPath} />
          )}
        </PagedListView>
      </section>
      <section className="panel" aria-labelledby="all-subscriptions-title">
        <h2 id="all-subscriptions-title">Subscriptions</h2>
        <PagedListView list={subscriptions} empty={<Empty title="No subscriptions yet" />}>
          {(items) => <SubscriptionTable subscriptions={items} />}
        </PagedListView>
      </section>
    </>
  );
}

const inDunning = new Set<Subscription['status']>(['past_due', 'suspended']);

/**
 * The API lists subscriptions without a status filter, so the newest 200 are filtered here; the
 * overdue invoices below are complete.
 */
function DunningSubscriptions() {
  const subscriptions = useApiData('/api/v1/admin/billing/subscriptions', {
    params: { query: { limit: 200 } },
  });
  return (
    <DataView
      state={subscriptions}
      onRetry={subscriptions.reload}
      isEmpty={(page) => !page.items.some((item) => inDunning.has(item.status))}
      empty={<Empty title="No subscription is past due" />}
    >
      {(page) => (
        <SubscriptionTable subscriptions={page.items.filter((item) => inDunning.has(item.status))} />
      )}
    </DataView>
  );
}

function RevenueView({ revenue }: { revenue: Revenue }) {
  const currencies = [...new Set(revenue.revenueByMonth.map((entry) => entry.currency))].sort();
  return (
    <>
      <dl className="figures">
        <div>
          <dt>MRR</dt>
          <dd>
            {revenue.mrr.length === 0
              ? '—'
              : revenue.mrr.map((entry) => (
                  <div key={entry.currency}>
                    <Money amount={entry.amount} currency={entry.currency} />
                  </div>
                ))}
          </dd>
        </div>
        <div>
          <dt>Churn this month</dt>
          <dd>
            {percent.format(revenue.churn.rate)}
            <div className="cell-secondary">
              {revenue.churn.ended} of {revenue.churn.liveAtStart} subscriptions ended
            </div>
          </dd>
        </div>
      </dl>
      {currencies.length === 0 ? (
        <Empty title="No revenue yet" />
      ) : (
        currencies.map((currency) => (
          <figure key={currency} className="chart">
            <figcaption>Revenue by month ({currency})</figcaption>
            <RevenueChart
              currency={currency}
              months={revenue.revenueByMonth.filter((entry) => entry.currency === currency)}
            />
          </figure>
        ))
      )}
    </>
  );
}

export function SubscriptionTable({ subscriptions }: { subscriptions: Subscription[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Plan</th>
            <th scope="col">Status</th>
            <th scope="col">Next billing date</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {subscriptions.map((subscription) => (
            <tr key={subscription.id}>
              <td>
                <Link to={staffCustomerPath(subscription.customerId)} className="strong-link">
                  {subscription.customerId}
                </Link>
                <div className="cell-id">{subscription.hostId}</div>
              </td>
              <td>
                {subscription.planName} <span className="cell-secondary">({subscription.cycle})</span>
              </td>
              <td>
                <BillingStatus status={subscription.status} />
              </td>
              <td>
                <Day value={subscription.next?.dueAt} timeZone={subscription.timeZone} />
              </td>
              <td className="num">
                {subscription.next ? (
                  <Money amount={subscription.next.total} currency={subscription.next.currency} />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
