import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { applyAccountCredit } from './apply-account-credit.js';
import {
  findInvoice,
  insertCreditNote,
  listCreditNotes,
  takeNextNumber,
  type CreditNoteRow,
} from './invoices.repository.js';
import { postLedger } from './ledger.js';
import { allocate } from './math/money.js';
import { afterPaid } from './renew-subscription.js';
import type { CreditNoteView } from './views.js';

export type { CreditNoteView };

export function toCreditNoteView(row: CreditNoteRow): CreditNoteView {
  return {
    id: row.id,
    number: row.number,
    invoiceId: row.invoice_id,
    currency: row.currency,
    amount: row.amount,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

/**
 * Corrects a finalised invoice without touching it: a numbered credit note (its own gapless series)
 * takes back `amount` of revenue and the matching share of tax, and the customer gets that much
 * account credit, which immediately pays down open invoices.
 */
export async function issueCreditNote(
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
  input: { amount: number; reason: string; applyCredit?: boolean },
): Promise<CreditNoteView> {
  const { note, paid } = await deps.db.transaction().execute(async (tx) => {
    const note = await writeCreditNote(tx, deps, customerId, invoiceId, input);
    const paid =
      input.applyCredit === false ? [] : await applyAccountCredit(tx, deps, customerId, note.currency);
    return { note, paid };
  });
  await afterPaid(deps, paid);
  return toCreditNoteView(note);
}

export async function writeCreditNote(
  tx: BillingTx,
  deps: BillingDeps,
  customerId: string,
  invoiceId: string,
  input: { amount: number; reason: string },
): Promise<CreditNoteRow> {
  const invoice = await findInvoice(tx, customerId, invoiceId);
  if (!invoice) throw new AppError('invoice_not_found');
  if (invoice.status === 'void' || invoice.status === 'draft')
    throw new AppError('invoice_not_open', {
      message: 'Only a finalised, not voided invoice can be credited.',
    });
  const credited = (await listCreditNotes(tx, customerId, invoiceId)).reduce((sum, n) => sum + n.amount, 0);
  if (input.amount <= 0 || input.amount > invoice.total - credited)
    throw new AppError('credit_too_large', { details: { creditable: invoice.total - credited } });
  // The tax share follows the invoice's own ratio, so crediting the whole invoice returns all of its tax.
  const [taxShare, netShare] = allocate(input.amount, [invoice.tax, invoice.total - invoice.tax]) as [
    number,
    number,
  ];
  const note: CreditNoteRow = {
    id: deps.newId('cn'),
    customer_id: customerId,
    invoice_id: invoiceId,
    number: `CN-${String(await takeNextNumber(tx, 'CN')).padStart(6, '0')}`,
    currency: invoice.currency,
    amount: input.amount,
    reason: input.reason,
    created_at: nowIso(deps),
  };
  await insertCreditNote(tx, note);
  await postLedger(tx, deps, {
    customerId,
    currency: invoice.currency,
    invoiceId,
    memo: `credit note ${note.number} for ${invoice.number}`,
    legs: [
      { account: 'revenue', amount: netShare },
      { account: 'tax_payable', amount: taxShare },
      { account: 'customer_credit', amount: -input.amount },
    ],
  });
  return note;
}
