import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { amountDue } from './invoice-facts.js';
import { findInvoice, type InvoiceRow } from './invoices.repository.js';
import {
  findDefaultPaymentMethod,
  insertPayment,
  listInvoicePayments,
  updatePayment,
  type PaymentMethodRow,
  type PaymentRow,
} from './payments.repository.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';
import { recordFailedAttempt, settlePayment, warnIfOverdue } from './settle-payment.js';

export type ChargeOutcome =
  'paid' | 'failed' | 'unknown' | 'in_progress' | 'nothing_due' | 'no_payment_method' | 'stale_attempt';

/** Automatic attempts name their slot; a manual "pay now" does not. */
export type ChargeTrigger = { kind: 'automatic'; attempt: number } | { kind: 'manual' };

/**
 * Charges what is due on an invoice with the customer's default card, at most once:
 * 1. an attempt row (status pending) is written first; a unique index allows only one
 *    pending/unknown/succeeded attempt per invoice, so a second worker stops here;
 * 2. the gateway is called with an idempotency key made of the invoice id and attempt number;
 * 3. the outcome is settled through `settlePayment`. If the gateway call fails without an answer the
 *    attempt is marked unknown and left to `reconcilePayments`, never retried blindly.
 */
export async function chargeInvoice(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
  trigger: ChargeTrigger,
): Promise<ChargeOutcome> {
  const invoice = await findInvoice(deps.db, customerId, invoiceId);
  if (!invoice || amountDue(invoice) <= 0) return 'nothing_due';
  if (trigger.kind === 'automatic' && invoice.charge_attempts !== trigger.attempt) return 'stale_attempt';
  const previous = await listInvoicePayments(deps.db, customerId, invoiceId);
  const live = previous.find((p) => p.status === 'pending' || p.status === 'unknown');
  if (live) {
    // An earlier attempt's outcome is not recorded (a worker died, or is still at it): find out, never charge again.
    await reconcilePayment(deps, live);
    return 'in_progress';
  }
  const method = await findDefaultPaymentMethod(deps.db, customerId);
  if (!method) {
    await deps.db.transaction().execute(async (tx) => {
      const fresh = await findInvoice(tx, customerId, invoiceId);
      if (fresh && fresh.charge_attempts === invoice.charge_attempts)
        await recordFailedAttempt(tx, deps, fresh, 'no payment method on file');
    });
    await warnIfOverdue(deps, customerId, invoiceId);
    if (invoice.subscription_id) await refreshSubscriptionStatus(deps, customerId, invoice.subscription_id);
    return 'no_payment_method';
  }
  const payment = newAttempt(deps, invoice, method, previous.length + 1);
  try {
    await insertPayment(deps.db, payment);
  } catch (error) {
    if (isUniqueViolation(error)) return 'in_progress';
    throw error;
  }
  let result;
  try {
    result = await deps.gateway.charge({
      token: method.token,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: payment.idempotency_key,
      description: `Invoice ${invoice.number}`,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, paymentId: payment.id },
      'charge outcome unknown; left for reconciliation',
    );
    await updatePayment(deps.db, customerId, payment.id, ['pending'], {
      status: 'unknown',
      updated_at: nowIso(deps),
    });
    return 'unknown';
  }
  deps.afterGatewayCharge?.(payment.idempotency_key);
  await settlePayment(deps, payment, result);
  return result.status === 'succeeded' ? 'paid' : 'failed';
}

/**
 * Asks the gateway what became of an attempt whose outcome we never recorded. An answer settles it;
 * no answer after the staleness window means the charge never reached the gateway, which is then a
 * failed attempt. Returns whether the attempt is settled now.
 */
export async function reconcilePayment(deps: BillingDeps, payment: PaymentRow): Promise<boolean> {
  const result = await deps.gateway.lookup(payment.idempotency_key);
  if (result) {
    await settlePayment(deps, payment, result);
    return true;
  }
  const staleBefore = deps.clock.nowMs() - deps.settings.reconcileAfterMinutes * 60_000;
  if (Date.parse(payment.updated_at) > staleBefore) return false;
  await settlePayment(deps, payment, {
    status: 'failed',
    reference: null,
    failureCode: 'not_submitted',
    failureMessage: 'the charge never reached the payment provider',
  });
  return true;
}

/** A pending attempt row; attempt n of an invoice is charged with the idempotency key `<invoice>:<n>`. */
export function newAttempt(
  deps: Pick<BillingDeps, 'newId' | 'gateway' | 'clock'>,
  invoice: InvoiceRow,
  method: Pick<PaymentMethodRow, 'id'>,
  attemptNumber: number,
): PaymentRow {
  const now = nowIso(deps);
  return {
    id: deps.newId('pay'),
    customer_id: invoice.customer_id,
    invoice_id: invoice.id,
    payment_method_id: method.id,
    gateway: deps.gateway.name,
    idempotency_key: `${invoice.id}:${attemptNumber}`,
    currency: invoice.currency,
    amount: amountDue(invoice),
    status: 'pending',
    gateway_reference: null,
    failure_code: null,
    failure_message: null,
    refunded_amount: 0,
    created_at: now,
    updated_at: now,
  };
}
