import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { amountDue } from './invoice-facts.js';
import { findInvoice, type InvoiceRow } from './invoices.repository.js';
import { insertPayment } from './payments.repository.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';
import { applyPayment } from './settle-payment.js';

/** Staff mark an invoice paid by bank transfer or cash: a succeeded payment without a gateway. */
export async function recordOfflinePayment(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
  input: { reference: string },
): Promise<InvoiceRow> {
  const paid = await deps.db.transaction().execute(async (tx) => {
    const invoice = await findInvoice(tx, customerId, invoiceId);
    if (!invoice) throw new AppError('invoice_not_found');
    const due = amountDue(invoice);
    if (due <= 0) throw new AppError('invoice_not_open');
    const now = nowIso(deps);
    const payment = {
      id: deps.newId('pay'),
      customer_id: customerId,
      invoice_id: invoiceId,
      payment_method_id: null,
      gateway: 'offline',
      idempotency_key: `${invoiceId}:offline:${invoice.amount_paid}`,
      currency: invoice.currency,
      amount: due,
      status: 'succeeded' as const,
      gateway_reference: input.reference,
      failure_code: null,
      failure_message: null,
      refunded_amount: 0,
      created_at: now,
      updated_at: now,
    };
    await insertPayment(tx, payment);
    return (await applyPayment(tx, deps, payment))!;
  });
  if (paid.subscription_id)
    await refreshSubscriptionStatus(deps, customerId, paid.subscription_id, { alwaysSyncHost: true });
  return paid;
}
