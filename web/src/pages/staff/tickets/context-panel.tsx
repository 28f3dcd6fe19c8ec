import { Link } from 'react-router';
import { seg } from '../../../api/client';
import type { StaffTicket, SupportInvoice, TicketContext } from '../../../api/views';
import { Day } from '../../../components/billing/billing-dates';
import { DataView } from '../../../components/states';
import { StatusBadge } from '../../../components/status-badge';
import { TicketStatusBadge } from '../../../components/support/ticket-badges';
import { useApiData } from '../../../hooks/use-api-data';

/** Who the customer is and what they have: hosts, plan and subscription, invoices, other tickets. */
export function ContextPanel({ ticket }: { ticket: StaffTicket }) {
  const context = useApiData('/api/v1/admin/tickets/{id}/context', { params: { path: { id: ticket.id } } });
  return (
    <section className="panel context-panel" aria-labelledby="context-title">
      <h2 id="context-title">Customer</h2>
      <DataView state={context} onRetry={context.reload}>
        {(data) => <ContextDetails context={data} ticket={ticket} />}
      </DataView>
    </section>
  );
}

function ContextDetails({ context, ticket }: { context: TicketContext; ticket: StaffTicket }) {
  const invoicePath = (id: string) =>
    `/staff/billing/customers/${seg(ticket.customerId)}/invoices/${seg(id)}`;
  return (
    <>
      <p>
        <strong>{context.customer.name}</strong>
        <br />
        {context.customer.requesterName} ·{' '}
        <a href={`mailto:${context.customer.requesterEmail}`}>{context.customer.requesterEmail}</a>
      </p>
      <h3>Hosts</h3>
      {context.hosts.length === 0 ? (
        <p className="muted">No hosts.</p>
      ) : (
        <ul className="context-list">
          {context.hosts.map((host) => (
            <li key={host.id}>
              <Link to={`/hosts/${seg(host.id)}`}>{host.displayDomain}</Link>{' '}
              <StatusBadge status={host.status} />
              {host.id === ticket.hostId && <span className="badge badge-info">this ticket</span>}
            </li>
          ))}
        </ul>
      )}
      <h3>Subscriptions</h3>
      {!context.billingAvailable ? (
        <p className="muted">Billing information is not available.</p>
      ) : context.subscriptions.length === 0 ? (
        <p className="muted">No subscriptions.</p>
      ) : (
        <ul className="context-list">
          {context.subscriptions.map((subscription) => (
            <li key={subscription.id}>
              {subscription.planName} · {subscription.seats} seats · {subscription.cycle}{' '}
              <StatusBadge status={subscription.status} />
              {subscription.currentPeriodEnd && (
                <div className="cell-secondary">
                  Period ends <Day value={subscription.currentPeriodEnd} timeZone={subscription.timeZone} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {context.billingAvailable && (
        <>
          <h3>Recent invoices</h3>
          {context.linkedInvoice && (
            <p>
              This ticket is about <InvoiceLine invoice={context.linkedInvoice} to={invoicePath} />
            </p>
          )}
          {context.recentInvoices.length === 0 ? (
            <p className="muted">No invoices.</p>
          ) : (
            <ul className="context-list">
              {context.recentInvoices.map((invoice) => (
                <li key={invoice.id}>
                  <InvoiceLine invoice={invoice} to={invoicePath} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Other tickets</h3>
      {context.otherTickets.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="context-list">
          {context.otherTickets.map((ticket) => (
            <li key={ticket.id}>
              <Link to={`/staff/tickets/${seg(ticket.id)}`}>{ticket.subject}</Link>{' '}
              <TicketStatusBadge status={ticket.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function formatMoney(minor: number | null, currency: string | null): string {
  if (minor === null || !currency) return '';
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  // Minor units per major unit differ by currency (cents, but none for yen).
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function InvoiceLine({ invoice, to }: { invoice: SupportInvoice; to(id: string): string }) {
  return (
    <>
      <Link to={to(invoice.id)}>{invoice.number ?? invoice.id}</Link> ·{' '}
      {formatMoney(invoice.totalMinor, invoice.currency)} <StatusBadge status={invoice.status} />
      {invoice.issuedAt && (
        <span className="cell-secondary">
          {' '}
          <Day value={invoice.issuedAt} timeZone={invoice.timeZone} />
        </span>
      )}
    </>
  );
}
