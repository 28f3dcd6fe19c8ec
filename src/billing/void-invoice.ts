import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findInvoice, updateInvoice, type InvoiceRow } from './invoices.repository.js';
import { postLedger } from './ledger.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';

/**
 * Voids a draft, or an open invoice nobody has paid: its finalisation is reversed in the ledger and any account
 * credit it used goes back to the account. The invoice keeps its number (the series stays gapless).
 */
export async function voidInvoice(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  const voided = await deps.db.transaction().execute(async (tx) => {
    const invoice = await findInvoice(tx, customerId, invoiceId);
    if (!invoice) throw new AppError('invoice_not_found');
    const now = nowIso(deps);
    if (invoice.status === 'draft') {
      // A draft never reached the ledger or the number series: nothing to reverse.
      await updateInvoice(
        tx,
        customerId,
        invoiceId,
        { status: 'void', voided_at: now, updated_at: now },
        'draft',
      );
      return { ...invoice, status: 'void' as const, voided_at: now };
    }
    if (invoice.status !== 'open') throw new AppError('invoice_not_open');
    if (invoice.amount_paid > 0) throw new AppError('invoice_has_payments');
    if (
      !(await updateInvoice(
        tx,
        customerId,
        invoiceId,
        { status: 'void', voided_at: now, next_charge_at: null, updated_at: now },
        'open',
      ))
    ) {
      throw new AppError('invoice_not_open');
    }
    await postLedger(tx, deps, {
      customerId,
      currency: invoice.currency,
      invoiceId,
      memo: `invoice ${invoice.number} voided`,
      legs: [
        { account: 'receivable', amount: -(invoice.total - invoice.credit_applied) },
        { account: 'customer_credit', amount: -invoice.credit_applied },
        { account: 'revenue', amount: invoice.total - invoice.tax },
        { account: 'tax_payable', amount: invoice.tax },
      ],
    });
    return { ...invoice, status: 'void' as const, voided_at: now };
  });
  if (voided.subscription_id) await refreshSubscriptionStatus(deps, customerId, voided.subscription_id);
  return voided;
}
