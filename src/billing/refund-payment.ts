import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { toCreditNoteView, writeCreditNote, type CreditNoteView } from './issue-credit-note.js';
import { postLedger } from './ledger.js';
import { findPayment, updatePayment } from './payments.repository.js';

/**
 * Refunds (part of) a card payment: a credit note takes the revenue back, and the resulting account
 * credit is paid out to the card. The gateway refund is keyed by the credit note id, so a retried
 * refund cannot pay out twice.
 */
export async function refundPayment(
  deps: BillingDeps,
  customerId: string,
  paymentId: string,
  input: { amount: number; reason: string },
): Promise<CreditNoteView> {
  const payment = await findPayment(deps.db, customerId, paymentId);
  if (!payment || payment.status !== 'succeeded' || !payment.gateway_reference)
    throw new AppError('payment_not_found');
  if (input.amount <= 0 || input.amount > payment.amount - payment.refunded_amount) {
    throw new AppError('credit_too_large', {
      details: { refundable: payment.amount - payment.refunded_amount },
    });
  }
  const noteId = await deps.db.transaction().execute(async (tx) => {
    const note = await writeCreditNote(tx, deps, customerId, payment.invoice_id, input);
    const moved = await updatePayment(tx, customerId, payment.id, ['succeeded'], {
      refunded_amount: payment.refunded_amount + input.amount,
      updated_at: nowIso(deps),
    });
    if (!moved) throw new AppError('payment_not_found');
    return note;
  });
  if (payment.gateway !== 'offline') {
    await deps.gateway.refund({
      reference: payment.gateway_reference,
      amount: input.amount,
      currency: payment.currency,
      idempotencyKey: `refund:${noteId.id}`,
    });
  }
  await deps.db.transaction().execute((tx) =>
    postLedger(tx, deps, {
      customerId,
      currency: payment.currency,
      invoiceId: payment.invoice_id,
      paymentId: payment.id,
      memo: `refund of ${input.amount} to the payment method`,
      legs: [
        { account: 'customer_credit', amount: input.amount },
        { account: 'cash', amount: -input.amount },
      ],
    }),
  );
  return toCreditNoteView(noteId);
}
