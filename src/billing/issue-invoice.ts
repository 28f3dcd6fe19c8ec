import type { PaidInvoices } from './apply-account-credit.js';
import type { BillingDeps, BillingTx } from './billing-deps.js';
import { insertDraftInvoice, type InvoiceRequest } from './draft-invoice.js';
import { finalizeInvoice } from './finalize-invoice.js';
import type { InvoiceRow } from './invoices.repository.js';

/**
 * Issues an invoice in the caller's transaction: written as a draft, then finalised at once. Both
 * steps run in one transaction, so a renewal never leaves a draft behind.
 */
export async function issueInvoice(
  tx: BillingTx,
  deps: BillingDeps,
  request: InvoiceRequest,
): Promise<{ invoice: InvoiceRow; paid: PaidInvoices }> {
  const draft = await insertDraftInvoice(tx, deps, request);
  return finalizeInvoice(tx, deps, draft);
}
