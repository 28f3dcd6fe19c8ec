import { Link } from 'react-router';
import { InvoiceTable } from '../../components/billing/invoice-table';
import { PaymentsTable } from '../../components/billing/payments-table';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { DataView, Empty } from '../../components/states';
import { useApiData, usePagedList } from '../../hooks/use-api-data';
import { useCanManageBilling } from './use-can-manage-billing';
import { PaymentMethodsSection } from './payment-methods-section';
import { SubscriptionSummary } from './subscription-summary';

export const invoicePath = (invoice: { id: string }) => `/billing/invoices/${encodeURIComponent(invoice.id)}`;

/** The customer's billing: each host's plan and next charge, cards, invoices and past payments. */
export function BillingPage() {
  const subscriptions = useApiData('/api/v1/subscriptions');
  const hosts = useApiData('/api/v1/hosts', { params: { query: { limit: 200 } } });
  const invoices = usePagedList('/api/v1/invoices');
  const payments = usePagedList('/api/v1/payments');
  const canManage = useCanManageBilling();
  const hostName = (hostId: string) =>
    (hosts.status === 'ready' && hosts.data.items.find((host) => host.id === hostId)?.displayDomain) ||
    hostId;

  function reloadMoney() {
    subscriptions.reload();
    invoices.reload();
    payments.reload();
  }

  return (
    <>
      <PageHeader
        title="Billing"
        description="Your plans, the coming charges, invoices, payments and cards."
        actions={
          <Link to="/billing/profile" className="button button-secondary">
            Billing details
          </Link>
        }
      />
      <section className="panel" aria-labelledby="subscriptions-title">
        <h2 id="subscriptions-title">Plans</h2>
        <DataView
          state={subscriptions}
          onRetry={subscriptions.reload}
          isEmpty={(items) => items.length === 0}
          empty={
            <Empty title="No paid plans yet">
              <p>Hosts on a paid plan appear here with their next billing date.</p>
            </Empty>
          }
        >
          {(items) => (
            <ul className="subscription-list">
              {items.map((subscription) => (
                <li key={subscription.id}>
                  <SubscriptionSummary subscription={subscription} title={hostName(subscription.hostId)} />
                </li>
              ))}
            </ul>
          )}
        </DataView>
      </section>
      <PaymentMethodsSection canManage={canManage} onChanged={reloadMoney} />
      <section className="panel" aria-labelledby="invoices-title">
        <h2 id="invoices-title">Invoices</h2>
        <PagedListView list={invoices} empty={<Empty title="No invoices yet" />}>
          {(items) => <InvoiceTable invoices={items} linkTo={invoicePath} />}
        </PagedListView>
      </section>
      <section className="panel" aria-labelledby="payments-title">
        <h2 id="payments-title">Payments</h2>
        <PagedListView list={payments} empty={<Empty title="No payments yet" />}>
          {(items) => (
            <PaymentsTable
              payments={items}
              invoiceCell={(payment) => <Link to={invoicePath({ id: payment.invoiceId })}>View invoice</Link>}
            />
          )}
        </PagedListView>
      </section>
    </>
  );
}
