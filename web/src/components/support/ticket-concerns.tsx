import { Link } from 'react-router';
import { seg } from '../../api/client';
import { useApiData } from '../../hooks/use-api-data';

/** The host and invoice a customer's ticket is about, named and linked. */
export function TicketConcerns({ hostId, invoiceId }: { hostId: string | null; invoiceId: string | null }) {
  if (!hostId && !invoiceId) return null;
  return (
    <p className="ticket-concerns">
      About {hostId && <HostLink hostId={hostId} />}
      {hostId && invoiceId && ' and '}
      {invoiceId && <InvoiceLink invoiceId={invoiceId} />}
    </p>
  );
}

function HostLink({ hostId }: { hostId: string }) {
  const host = useApiData('/api/v1/hosts/{id}', { params: { path: { id: hostId } } });
  return (
    <Link to={`/hosts/${seg(hostId)}`}>
      host {host.status === 'ready' ? host.data.displayDomain : hostId}
    </Link>
  );
}

function InvoiceLink({ invoiceId }: { invoiceId: string }) {
  const invoice = useApiData('/api/v1/invoices/{id}', { params: { path: { id: invoiceId } } });
  return (
    <Link to={`/billing/invoices/${seg(invoiceId)}`}>
      invoice {invoice.status === 'ready' ? (invoice.data.number ?? invoiceId) : invoiceId}
    </Link>
  );
}
