import { AppError } from '../lib/errors.js';
import type { DbOrTx, Tx } from '../platform/index.js';
import type { InvoiceKind } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { sendBillingMail } from './billing-emails.js';
import { chargeTimeFor, scheduleCharge } from './charge-schedule.js';
import { amountDue, invoiceFacts, partiesOf, type InvoiceParties } from './invoice-facts.js';
import {
  findInvoice,
  insertInvoice,
  listOpenInvoices,
  takeNextNumber,
  updateInvoice,
  type InvoiceLineRow,
  type InvoiceRow,
} from './invoices.repository.js';
import { postLedger } from './ledger.js';
import { accountBalance } from './ledger.repository.js';
import type { CouponTerms } from './math/discounts.js';
import { priceInvoice, type DraftLine, type InvoiceTotals } from './math/invoice-math.js';
import { decideTax, type TaxDecision } from './math/tax.js';
import { loadProfile, type BillingProfile } from './profiles.js';

export interface InvoiceRequest {
  customerId: string;
  subscriptionId: string | null;
  hostId: string | null;
  kind: InvoiceKind;
  /** The obligation this invoice settles; a second invoice for it violates a unique key. */
  obligationKey: string;
  currency: string;
  drafts: DraftLine[];
  coupon: CouponTerms | null;
  dueAt: Date;
  period: { start: Date; end: Date } | null;
}

export interface Quote extends InvoiceTotals {
  currency: string;
  tax: number;
  taxPercent: string;
  isTaxInclusive: boolean;
  taxNote: string | null;
}

export function taxDecisionFor(deps: Pick<BillingDeps, 'settings'>, profile: BillingProfile): TaxDecision {
  return decideTax(
    deps.settings.seller,
    { country: profile.country, vatId: profile.vatId },
    deps.settings.taxRates,
  );
}

/** The priced invoice, without writing anything: previews and the real invoice both come from here. */
export async function quoteInvoice(
  db: DbOrTx,
  deps: Pick<BillingDeps, 'settings'>,
  customerId: string,
  currency: string,
  drafts: DraftLine[],
  coupon: CouponTerms | null,
): Promise<Quote> {
  return priceFor(deps, await loadProfile(db, customerId), currency, drafts, coupon);
}

/** Prices drafts for a known profile: the one pricing every invoice path shares. */
export function priceFor(
  deps: Pick<BillingDeps, 'settings'>,
  profile: BillingProfile,
  currency: string,
  drafts: DraftLine[],
  coupon: CouponTerms | null,
): Quote {
  const tax = taxDecisionFor(deps, profile);
  const totals = priceInvoice(drafts, coupon, tax);
  return {
    ...totals,
    currency,
    taxPercent: tax.percent.toString(),
    isTaxInclusive: tax.isInclusive,
    taxNote: tax.note,
  };
}

/** Invoices paid inside a transaction; their after-commit effects (host reactivation) run later. */
export type PaidInvoices = InvoiceRow[];

/**
 * Issues an invoice in the caller's transaction: written as a draft, then finalised at once. Both
 * steps run in one transaction, so a renewal never leaves a draft behind.
 */
export async function issueInvoice(
  tx: Tx,
  deps: BillingDeps,
  request: InvoiceRequest,
): Promise<{ invoice: InvoiceRow; paid: PaidInvoices }> {
  const draft = await insertDraftInvoice(tx, deps, request);
  return finalizeInvoice(tx, deps, draft);
}

/** Writes a priced draft: no number, no ledger entries, editable only by voiding it. */
export async function insertDraftInvoice(
  tx: Tx,
  deps: BillingDeps,
  request: InvoiceRequest,
): Promise<InvoiceRow> {
  const profile = await loadProfile(tx, request.customerId);
  const quote = priceFor(deps, profile, request.currency, request.drafts, request.coupon);
  const { invoice, lines } = draftRows(deps, request, profile, quote);
  await insertInvoice(tx, invoice, lines);
  return invoice;
}

/** The rows of a priced draft invoice (no number yet), as every issuing path writes them. */
export function draftRows(
  deps: Pick<BillingDeps, 'newId' | 'clock' | 'settings'>,
  request: InvoiceRequest,
  profile: BillingProfile,
  quote: Quote,
): { invoice: InvoiceRow; lines: InvoiceLineRow[] } {
  const now = nowIso(deps);
  const invoice: InvoiceRow = {
    id: deps.newId('inv'),
    customer_id: request.customerId,
    subscription_id: request.subscriptionId,
    host_id: request.hostId,
    kind: request.kind,
    obligation_key: request.obligationKey,
    status: 'draft',
    series: 'INV',
    number: null,
    currency: request.currency,
    subtotal: quote.subtotal,
    discount: quote.discount,
    tax: quote.tax,
    total: quote.total,
    credit_applied: 0,
    amount_paid: 0,
    tax_percent: quote.taxPercent,
    is_tax_inclusive: quote.isTaxInclusive ? 1 : 0,
    tax_note: quote.taxNote,
    parties: JSON.stringify({ seller: deps.settings.seller, buyer: profile } satisfies InvoiceParties),
    period_start: request.period?.start.toISOString() ?? null,
    period_end: request.period?.end.toISOString() ?? null,
    issued_at: null,
    due_at: request.dueAt.toISOString(),
    paid_at: null,
    voided_at: null,
    next_charge_at: null,
    charge_attempts: 0,
    last_reminder_at: null,
    created_at: now,
    updated_at: now,
  };
  const lines = quote.lines.map((line, position) => ({
    id: deps.newId('invl'),
    invoice_id: invoice.id,
    customer_id: request.customerId,
    position,
    kind: line.kind,
    description: line.description,
    quantity: line.quantity,
    amount: line.amount,
    discount: line.discount,
    tax: line.tax,
    period_start: line.periodStart,
    period_end: line.periodEnd,
  }));
  return { invoice, lines };
}

/**
 * Finalises a draft: numbered from a gapless series (the counter row is bumped in this same
 * transaction), posted to the ledger, settled from account credit where possible, announced by
 * email, and queued for the automatic charge on its due date. From here on only its payment state
 * changes; corrections are credit notes.
 */
export async function finalizeInvoice(
  tx: Tx,
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

/**
 * Spends the customer's account credit in this currency on open invoices, oldest first. Returns
 * the invoices it paid in full.
 */
export async function applyAccountCredit(
  tx: Tx,
  deps: Pick<BillingDeps, 'clock' | 'newId'>,
  customerId: string,
  currency: string,
): Promise<PaidInvoices> {
  return (await spendAccountCredit(tx, deps, customerId, currency)).paid;
}

/** applyAccountCredit, also naming every invoice it changed (paid in full or in part). */
async function spendAccountCredit(
  tx: Tx,
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
