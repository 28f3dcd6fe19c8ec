import type { ReactNode } from 'react';
import type { Payment } from '../../api/views';
import { DateTime } from '../date-time';
import { BillingStatus } from './billing-status';
import { Money } from './money';

/** Payments and attempts with their outcome; `actions` adds a last column (staff refunds). */
export function PaymentsTable({
  payments,
  invoiceCell,
  actions,
}: {
  payments: Payment[];
  invoiceCell(payment: Payment): ReactNode;
  actions?: (payment: Payment) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Invoice</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Refunded
            </th>
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id}>
              <td>
                <DateTime value={payment.createdAt} timeZone={payment.timeZone} />
              </td>
              <td>{invoiceCell(payment)}</td>
              <td>
                <BillingStatus status={payment.status} />
                {payment.failureMessage && <div className="cell-secondary">{payment.failureMessage}</div>}
              </td>
              <td className="num">
                <Money amount={payment.amount} currency={payment.currency} />
              </td>
              <td className="num">
                {payment.refundedAmount ? (
                  <Money amount={payment.refundedAmount} currency={payment.currency} />
                ) : (
                  '—'
                )}
              </td>
              {actions && <td className="cell-actions">{actions(payment)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
