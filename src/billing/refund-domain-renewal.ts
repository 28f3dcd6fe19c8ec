import { AppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import { issueCreditNote } from './issue-credit-note.js';
import { findInvoice, listCreditNotes } from './invoices.repository.js';
import { listInvoicePayments } from './payments.repository.js';
import { refundPayment } from './refund-payment.js';
import { voidInvoice } from './void-invoice.js';

/**
 * Gives back what a domain renewal the registrar refused was paid: card payments are refunded to
 * the card, and whatever account credit paid becomes account credit again (a credit note). An
 * unpaid invoice is voided. Asked again, nothing is left to give back and nothing more happens.
 * Returns the number of the last credit note written, if any.
 */
export async function refundDomainRenewal(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
  reason: string,
): Promise<{ creditNoteNumber: string | null }> {
  const invoice = await findInvoice(deps.db, customerId, invoiceId);
  if (!invoice) throw new AppError('invoice_not_found');
  if (invoice.status === 'void') return { creditNoteNumber: null };
  if (invoice.status === 'open' && invoice.amount_paid === 0 && invoice.credit_applied === 0) {
    await voidInvoice(deps, customerId, invoiceId);
    return { creditNoteNumber: null };
  }
  let last: string | null = null;
  for (const payment of await listInvoicePayments(deps.db, customerId, invoiceId)) {
    const refundable = payment.status === 'succeeded' ? payment.amount - payment.refunded_amount : 0;
    if (refundable > 0)
      last = (await refundPayment(deps, customerId, payment.id, { amount: refundable, reason })).number;
  }
  const credited = (await listCreditNotes(deps.db, customerId, invoiceId)).reduce(
    (sum, n) => sum + n.amount,
    0,
  );
  const left = invoice.total - credited;
  if (left > 0)
    last = (await issueCreditNote(deps, customerId, invoiceId, { amount: left, reason, applyCredit: false }))
      .number;
  return { creditNoteNumber: last };
}
