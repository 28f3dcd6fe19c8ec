import { Link, useParams } from 'react-router';
import type { CustomerBilling } from '../../../api/views';
import { cardExpiry, cardLabel } from '../../../components/billing/card-label';
import { DateTime } from '../../../components/date-time';
import { InvoiceTable } from '../../../components/billing/invoice-table';
import { Money } from '../../../components/billing/money';
import { PageHeader } from '../../../components/page-header';
import { DataView, Empty } from '../../../components/states';
import { useApiData, usePagedList } from '../../../hooks/use-api-data';
import { PagedListView } from '../../../components/paged-list';
import { PaymentsTable } from '../../../components/billing/payments-table';
import { SubscriptionTable } from './overview-page';
import { StaffBillingNav, staffInvoicePath } from './staff-billing-nav';

/** One customer's billing: profile, subscriptions, cards, invoices, credit notes and ledger. */
export function StaffCustomerBillingPage() {
  const { customerId = '' } = useParams();
  const billing = useApiData('/api/v1/admin/billing/customers/{customerId}', {
    params: { path: { customerId } },
  });
  return (
    <>
      <PageHeader title="Customer billing" description={<span className="cell-id">{customerId}</span>} />
      <StaffBillingNav />
      <DataView state={billing} onRetry={billing.reload}>
        {(data) => <CustomerBillingView billing={data} />}
      </DataView>
    </>
  );
}

function CustomerBillingView({ billing }: { billing: CustomerBilling }) {
  const { profile } = billing;
  return (
    <>
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="facts">
          <dt>Legal name</dt>
          <dd>{profile.legalName ?? '—'}</dd>
          <dt>Invoice email</dt>
          <dd>{profile.email ?? '—'}</dd>
          <dt>Country</dt>
          <dd>{profile.country ?? '—'}</dd>
          <dt>VAT id</dt>
          <dd>{profile.vatId ?? '—'}</dd>
          <dt>Time zone</dt>
          <dd>{profile.timeZone}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="customer-subscriptions-title">
        <h2 id="customer-subscriptions-title">Subscriptions</h2>
        {billing.subscriptions.length === 0 ? (
          <Empty title="No subscriptions" />
        ) : (
          <SubscriptionTable subscriptions={billing.subscriptions} />
        )}
      </section>
      <section className="panel" aria-labelledby="customer-cards-title">
        <h2 id="customer-cards-title">Cards</h2>
        {billing.paymentMethods.length === 0 ? (
          <Empty title="No card on file" />
        ) : (
          <ul className="card-list">
            {billing.paymentMethods.map((card) => (
              <li key={card.id} className="card-item">
                <div>
                  <span className="cell-primary">{cardLabel(card)}</span>
                  {card.isDefault && <span className="badge badge-success">Default</span>}
                  <div className="cell-secondary">Expires {cardExpiry(card)}</div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CustomerInvoices customerId={profile.customerId} />
      <CustomerPayments customerId={profile.customerId} />
      <section className="panel" aria-labelledby="credit-notes-title">
        <h2 id="credit-notes-title">Credit notes</h2>
        {billing.creditNotes.length === 0 ? (
          <Empty title="No credit notes" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Date</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {billing.creditNotes.map((note) => (
                  <tr key={note.id}>
                    <td>
                      <Link to={staffInvoicePath({ id: note.invoiceId, customerId: profile.customerId })}>
                        {note.number}
                      </Link>
                    </td>
                    <td>
                      <DateTime value={note.createdAt} timeZone={profile.timeZone} />
                    </td>
                    <td>{note.reason}</td>
                    <td className="num">
                      <Money amount={note.amount} currency={note.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Ledger</h2>
        {billing.ledger.length === 0 ? (
          <Empty title="No ledger entries" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Account</th>
                  <th scope="col">Memo</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {billing.ledger.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <DateTime value={entry.createdAt} timeZone={profile.timeZone} />
                    </td>
                    <td>{entry.account.replaceAll('_', ' ')}</td>
                    <td>{entry.memo}</td>
                    <td className="num">
                      <Money amount={entry.amount} currency={entry.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The customer's invoices, newest first, a page at a time. */
function CustomerInvoices({ customerId }: { customerId: string }) {
  const invoices = usePagedList('/api/v1/admin/billing/invoices', { params: { query: { customerId } } });
  return (
    <section className="panel" aria-labelledby="customer-invoices-title">
      <h2 id="customer-invoices-title">Invoices</h2>
      <PagedListView list={invoices} empty={<Empty title="No invoices" />}>
        {(items) => <InvoiceTable invoices={items} linkTo={staffInvoicePath} />}
      </PagedListView>
    </section>
  );
}

/** The customer's payments and attempts, newest first; refunds are made from the invoice. */
function CustomerPayments({ customerId }: { customerId: string }) {
  const payments = usePagedList('/api/v1/admin/billing/payments', { params: { query: { customerId } } });
  return (
    <section className="panel" aria-labelledby="customer-payments-title">
      <h2 id="customer-payments-title">Payments</h2>
      <PagedListView list={payments} empty={<Empty title="No payments" />}>
        {(items) => (
          <PaymentsTable
            payments={items}
            invoiceCell={(payment) => (
              <Link to={staffInvoicePath({ id: payment.invoiceId, customerId })}>Invoice</Link>
            )}
          />
        )}
      </PagedListView>
    </section>
  );
}
