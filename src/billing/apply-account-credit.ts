import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { amountDue } from './invoice-facts.js';
import { listOpenInvoices, updateInvoice, type InvoiceRow } from './invoices.repository.js';
import { postLedger } from './ledger.js';
import { accountBalance } from './ledger.repository.js';

/** Invoices paid inside a transaction; their after-commit effects (host reactivation) run later. */
export type PaidInvoices = InvoiceRow[];

/**
 * Spends the customer's account credit in this currency on open invoices, oldest first. Returns
 * the invoices it paid in full.
 */
export async function applyAccountCredit(
  tx: BillingTx,
  deps: Pick<BillingDeps, 'clock' | 'newId'>,
  customerId: string,
  currency: string,
): Promise<PaidInvoices> {
  return (await spendAccountCredit(tx, deps, customerId, currency)).paid;
}

/** applyAccountCredit, also naming every invoice it changed (paid in full or in part). */
export async function spendAccountCredit(
  tx: BillingTx,
  deps: Pick<BillingDeps, 'clock' | 'newId'>,
  customerId: string,
  currency: string,
): Promise<{ paid: PaidInvoices; touched: Set<string> }> {
  let credit = -(await accountBalance(tx, customerId, 'customer_credit', currency));
  const paid: PaidInvoices = [];
  const touched = new Set<string>();
  if (credit <= 0) return { paid, touched };
  const now = nowIso(deps);
  for (const invoice of await listOpenInvoices(tx, customerId, currency)) {
    if (credit <= 0) break;
    const due = amountDue(invoice);
    const applied = Math.min(credit, due);
    if (applied <= 0) continue;
    await postLedger(tx, deps, {
      customerId,
      currency,
      invoiceId: invoice.id,
      memo: `account credit applied to ${invoice.number}`,
      legs: [
        { account: 'customer_credit', amount: applied },
        { account: 'receivable', amount: -applied },
      ],
    });
    const isPaidNow = applied === due;
    const changes = {
      credit_applied: invoice.credit_applied + applied,
      updated_at: now,
      ...(isPaidNow ? { status: 'paid' as const, paid_at: now, next_charge_at: null } : {}),
    };
    await updateInvoice(tx, customerId, invoice.id, changes);
    touched.add(invoice.id);
    if (isPaidNow) paid.push({ ...invoice, ...changes });
    credit -= applied;
  }
  return { paid, touched };
}
