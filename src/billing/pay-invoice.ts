import { AppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import { chargeInvoice } from './charge-invoice.js';
import { amountDue } from './invoice-facts.js';
import { findInvoice, type InvoiceRow } from './invoices.repository.js';

/** "Pay now" with the default card: the same at-most-once charge the scheduler uses. */
export async function payInvoice(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  const invoice = await findInvoice(deps.db, customerId, invoiceId);
  if (!invoice) throw new AppError('invoice_not_found');
  if (amountDue(invoice) <= 0) throw new AppError('invoice_not_open');
  const outcome = await chargeInvoice(deps, customerId, invoiceId, { kind: 'manual' });
  if (outcome === 'no_payment_method') throw new AppError('payment_method_required');
  if (outcome === 'in_progress' || outcome === 'unknown') throw new AppError('payment_in_progress');
  const after = (await findInvoice(deps.db, customerId, invoiceId))!;
  if (outcome === 'failed') throw new AppError('payment_failed', { details: { invoiceId } });
  return after;
}
