import type { InvoiceRow } from './invoices.repository.js';

export function amountDue(
  invoice: Pick<InvoiceRow, 'total' | 'credit_applied' | 'amount_paid' | 'status'>,
): number {
  if (invoice.status !== 'open') return 0;
  return invoice.total - invoice.credit_applied - invoice.amount_paid;
}

export function invoiceFacts(invoice: InvoiceRow) {
  return {
    number: invoice.number,
    total: invoice.total,
    amountDue: amountDue(invoice),
    currency: invoice.currency,
    dueAt: invoice.due_at,
  };
}
