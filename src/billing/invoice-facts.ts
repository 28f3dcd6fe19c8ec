import type { InvoiceRow } from './invoices.repository.js';
import type { BillingProfile } from './profiles.js';
import type { BillingSettings } from './settings.js';

/** Who an invoice is from and to, as they stood when it was drafted; its dates read in the buyer's time zone. */
export interface InvoiceParties {
  seller: BillingSettings['seller'];
  buyer: BillingProfile;
}

export function partiesOf(invoice: Pick<InvoiceRow, 'parties'>): InvoiceParties {
  return JSON.parse(invoice.parties) as InvoiceParties;
}

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
