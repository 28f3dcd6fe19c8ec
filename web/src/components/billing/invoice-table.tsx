import { Link } from 'react-router';
import type { InvoiceSummary } from '../../api/views';
import { BillingStatus } from './billing-status';
import { Day, Period } from './billing-dates';
import { Money } from './money';

/**
 * Invoices with number, period, status, total and amount due; `linkTo` says where each one opens.
 * Each invoice's dates read in the billing time zone it was issued in.
 */
export function InvoiceTable({
  invoices,
  linkTo,
  customerLinkTo,
}: {
  invoices: InvoiceSummary[];
  linkTo(invoice: InvoiceSummary): string;
  /** Staff lists span customers; each one links to that customer's billing. */
  customerLinkTo?: (customerId: string) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            {customerLinkTo && <th scope="col">Customer</th>}
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Amount due
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td className="nowrap">
                <Link to={linkTo(invoice)} className="strong-link">
                  {invoice.number ?? 'Draft'}
                </Link>
                <div className="cell-secondary">{invoiceKindLabel[invoice.kind]}</div>
              </td>
              {customerLinkTo && (
                <td>
                  <Link to={customerLinkTo(invoice.customerId)}>{invoice.customerId}</Link>
                </td>
              )}
              <td>
                <Period start={invoice.periodStart} end={invoice.periodEnd} timeZone={invoice.timeZone} />
              </td>
              <td>
                <BillingStatus status={invoice.status} />
              </td>
              <td>
                <Day value={invoice.dueAt} timeZone={invoice.timeZone} />
              </td>
              <td className="num">
                <Money amount={invoice.total} currency={invoice.currency} />
              </td>
              <td className="num">
                <Money amount={invoice.amountDue} currency={invoice.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const invoiceKindLabel: Record<InvoiceSummary['kind'], string> = {
  initial: 'First invoice',
  renewal: 'Renewal',
  proration: 'Plan change',
  manual: 'One-off',
  domain_renewal: 'Domain renewal',
};
