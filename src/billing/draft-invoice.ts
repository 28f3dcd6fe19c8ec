import type { InvoiceKind } from '../platform/index.js';
import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import type { InvoiceParties } from './invoice-facts.js';
import { insertInvoice, type InvoiceLineRow, type InvoiceRow } from './invoices.repository.js';
import type { CouponTerms } from './math/discounts.js';
import type { DraftLine } from './math/invoice-math.js';
import { priceFor, type Quote } from './price-invoice.js';
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

/** Writes a priced draft: no number, no ledger entries, editable only by voiding it. */
export async function insertDraftInvoice(
  tx: BillingTx,
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
