import { AppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import { finalizeInvoice } from './finalize-invoice.js';
import { findInvoice, type InvoiceRow } from './invoices.repository.js';
import { afterPaid } from './renew-subscription.js';

export async function finalizeDraft(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  const { invoice, paid } = await deps.db.transaction().execute(async (tx) => {
    const draft = await findInvoice(tx, customerId, invoiceId);
    if (!draft) throw new AppError('invoice_not_found');
    return finalizeInvoice(tx, deps, draft);
  });
  await afterPaid(deps, paid);
  return invoice;
}
