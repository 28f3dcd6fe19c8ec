import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { sendBillingMail } from './billing-emails.js';
import { chargeTimeFor, scheduleCharge } from './charge-schedule.js';
import type { ChargeResult } from './gateway/payment-gateway.js';
import { amountDue, invoiceFacts } from './invoice-facts.js';
import { findInvoice, updateInvoice, type InvoiceRow } from './invoices.repository.js';
import { postLedger } from './ledger.js';
import { findPaymentMethod, updatePayment, type PaymentRow } from './payments.repository.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';
import { warnOfSuspension } from './run-dunning.js';

/**
 * The one convergent "a payment attempt has an outcome" operation: the charging worker, the
 * reconciler and (later) gateway webhooks all call it. The attempt row moves out of pending/unknown
 * exactly once (a conditional update), so whichever path comes second changes nothing.
 */
export async function settlePayment(
  deps: BillingDeps,
  payment: PaymentRow,
  result: ChargeResult,
): Promise<void> {
  const settled = await deps.db.transaction().execute(async (tx) => {
    const now = nowIso(deps);
    if (result.status === 'succeeded') {
      const moved = await updatePayment(tx, payment.customer_id, payment.id, ['pending', 'unknown'], {
        status: 'succeeded',
        gateway_reference: result.reference,
        updated_at: now,
      });
      if (!moved) return null;
      return applyPayment(tx, deps, payment);
    }
    const moved = await updatePayment(tx, payment.customer_id, payment.id, ['pending', 'unknown'], {
      status: 'failed',
      gateway_reference: result.reference,
      failure_code: result.failureCode,
      failure_message: result.failureMessage,
      updated_at: now,
    });
    if (!moved) return null;
    const invoice = await findInvoice(tx, payment.customer_id, payment.invoice_id);
    if (invoice) await recordFailedAttempt(tx, deps, invoice, result.failureMessage);
    return invoice ?? null;
  });
  if (!settled) return;
  if (result.status === 'failed') await warnIfOverdue(deps, settled.customer_id, settled.id);
  if (settled.subscription_id)
    await refreshSubscriptionStatus(deps, settled.customer_id, settled.subscription_id, {
      alwaysSyncHost: true,
    });
}

/** After a failed attempt: the suspension warning may be due already (a failure found after downtime). */
export async function warnIfOverdue(deps: BillingDeps, customerId: string, invoiceId: string): Promise<void> {
  const invoice = await findInvoice(deps.db, customerId, invoiceId);
  if (invoice) await warnOfSuspension(deps, invoice);
}

/** Books received money against the invoice: cash in, receivable down; any excess becomes account credit. */
export async function applyPayment(
  tx: BillingTx,
  deps: BillingDeps,
  payment: PaymentRow,
): Promise<InvoiceRow | null> {
  const invoice = await findInvoice(tx, payment.customer_id, payment.invoice_id);
  if (!invoice) return null;
  const now = nowIso(deps);
  const due = amountDue(invoice);
  const toInvoice = Math.min(due, payment.amount);
  const excess = payment.amount - toInvoice;
  await postLedger(tx, deps, {
    customerId: payment.customer_id,
    currency: payment.currency,
    invoiceId: invoice.id,
    paymentId: payment.id,
    memo: `payment for ${invoice.number}`,
    legs: [
      { account: 'cash', amount: payment.amount },
      { account: 'receivable', amount: -toInvoice },
      { account: 'customer_credit', amount: -excess },
    ],
  });
  const isPaid = toInvoice === due && invoice.status === 'open';
  const changes = {
    amount_paid: invoice.amount_paid + toInvoice,
    updated_at: now,
    ...(isPaid ? { status: 'paid' as const, paid_at: now, next_charge_at: null } : {}),
  };
  await updateInvoice(tx, payment.customer_id, invoice.id, changes);
  const updated = { ...invoice, ...changes };
  const method = payment.payment_method_id
    ? await findPaymentMethod(tx, payment.customer_id, payment.payment_method_id)
    : undefined;
  await sendBillingMail(tx, deps, payment.customer_id, {
    kind: 'receipt',
    invoice: invoiceFacts(updated),
    amount: payment.amount,
    brand: method?.brand ?? null,
    last4: method?.last4 ?? null,
  });
  return updated;
}

/** Counts a failed attempt, queues the next one by the retry schedule, and tells the customer. */
export async function recordFailedAttempt(
  tx: BillingTx,
  deps: BillingDeps,
  invoice: InvoiceRow,
  reason: string,
): Promise<void> {
  if (invoice.status !== 'open') return;
  const attempts = invoice.charge_attempts + 1;
  const nextAt = chargeTimeFor(deps, invoice.due_at, attempts);
  await updateInvoice(tx, invoice.customer_id, invoice.id, {
    charge_attempts: attempts,
    next_charge_at: nextAt?.toISOString() ?? null,
    updated_at: nowIso(deps),
  });
  if (nextAt)
    await scheduleCharge(
      tx,
      deps,
      { customerId: invoice.customer_id, invoiceId: invoice.id, attempt: attempts },
      nextAt,
    );
  await sendBillingMail(tx, deps, invoice.customer_id, {
    kind: 'payment_failed',
    invoice: invoiceFacts(invoice),
    reason,
    nextAttemptAt: nextAt?.toISOString() ?? null,
  });
}
