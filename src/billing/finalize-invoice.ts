import { AppError } from '../lib/errors.js';
import { spendAccountCredit, type PaidInvoices } from './apply-account-credit.js';
import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { sendBillingMail } from './billing-emails.js';
import { chargeTimeFor, scheduleCharge } from './charge-schedule.js';
import { amountDue, invoiceFacts, partiesOf } from './invoice-facts.js';
import { findInvoice, takeNextNumber, updateInvoice, type InvoiceRow } from './invoices.repository.js';
import { postLedger } from './ledger.js';

/**
 * Finalises a draft: numbered from a gapless series (the counter row is bumped in this same
 * transaction), posted to the ledger, settled from account credit where possible, announced by
 * email, and queued for the automatic charge on its due date. From here on only its payment state
 * changes; corrections are credit notes.
 */
export async function finalizeInvoice(
  tx: BillingTx,
  deps: BillingDeps,
  draft: InvoiceRow,
): Promise<{ invoice: InvoiceRow; paid: PaidInvoices }> {
  const { customer_id: customerId, currency, total, tax } = draft;
  const now = nowIso(deps);
  // The first charge time goes into the finalising update itself; whatever pays it below clears it.
  const firstAttempt = total > 0 ? chargeTimeFor(deps, draft.due_at, 0) : null;
  const number = `INV-${String(await takeNextNumber(tx, draft.series)).padStart(6, '0')}`;
  const opened = {
    status: 'open' as const,
    number,
    issued_at: now,
    next_charge_at: firstAttempt?.toISOString() ?? null,
    updated_at: now,
  };
  const finalized = await updateInvoice(tx, customerId, draft.id, opened, 'draft');
  if (!finalized) throw new AppError('invoice_not_open', { message: 'Only a draft can be finalised.' });
  await postLedger(tx, deps, {
    customerId,
    currency,
    invoiceId: draft.id,
    memo: `invoice ${number} finalised`,
    legs: [
      { account: 'receivable', amount: total },
      { account: 'revenue', amount: -(total - tax) },
      { account: 'tax_payable', amount: -tax },
    ],
  });
  if (total < 0) {
    // A net credit (a downgrade or fewer seats mid-period) becomes account credit at once.
    await postLedger(tx, deps, {
      customerId,
      currency,
      invoiceId: draft.id,
      memo: `invoice ${number} credited to account`,
      legs: [
        { account: 'receivable', amount: -total },
        { account: 'customer_credit', amount: total },
      ],
    });
    await updateInvoice(tx, customerId, draft.id, {
      status: 'paid',
      credit_applied: total,
      paid_at: now,
      updated_at: now,
    });
  }
  const credit = await spendAccountCredit(tx, deps, customerId, currency);
  // Unless credit touched it, the row is exactly the draft as finalised: no need to read it back.
  const current =
    total < 0 || credit.touched.has(draft.id)
      ? (await findInvoice(tx, customerId, draft.id))!
      : { ...draft, ...opened };
  const paid = credit.paid;
  if (current.status === 'open' && amountDue(current) === 0) {
    const settled = { status: 'paid' as const, paid_at: now, next_charge_at: null, updated_at: now };
    await updateInvoice(tx, customerId, draft.id, settled);
    Object.assign(current, settled);
    paid.push(current);
  }
  if (current.status === 'open') {
    await scheduleCharge(
      tx,
      deps,
      { customerId, invoiceId: draft.id, attempt: 0 },
      chargeTimeFor(deps, current.due_at, 0)!,
    );
  }
  if (current.total > 0) {
    await sendBillingMail(
      tx,
      deps,
      customerId,
      { kind: 'invoice_issued', invoice: invoiceFacts(current) },
      partiesOf(current).buyer,
    );
  }
  return { invoice: current, paid };
}
