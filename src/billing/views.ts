import type { CouponRow, PlanRow, PriceRow } from './catalog.repository.js';
import { amountDue, partiesOf } from './invoice-facts.js';
import type { InvoiceLineRow, InvoiceRow } from './invoices.repository.js';
import type { LedgerEntryRow } from './ledger.repository.js';
import type { MeteredCharge } from './metered.js';
import { parseMetered } from './metered.js';
import type { ListedPaymentRow, PaymentRow } from './payments.repository.js';

export interface PriceView {
  id: string;
  planId: string;
  cycle: PriceRow['cycle'];
  currency: string;
  version: number;
  amount: number;
  seatAmount: number;
  includedSeats: number;
  setupFee: number;
  metered: MeteredCharge[];
  isCurrent: boolean;
}

export interface PlanView {
  id: string;
  code: string;
  name: string;
  description: string;
  rank: number;
  trialDays: number;
  isActive: boolean;
  entitlements: {
    maxMembers: number;
    uploadQuotaMb: number;
    archiveRetentionDays: number;
    customDomain: boolean;
  };
  prices: PriceView[];
}

export function toPriceView(row: PriceRow): PriceView {
  return {
    id: row.id,
    planId: row.plan_id,
    cycle: row.cycle,
    currency: row.currency,
    version: row.version,
    amount: row.amount,
    seatAmount: row.seat_amount,
    includedSeats: row.included_seats,
    setupFee: row.setup_fee,
    metered: parseMetered(row.metered),
    isCurrent: row.is_current === 1,
  };
}

export function toPlanView(row: PlanRow, prices: PriceRow[]): PlanView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    rank: row.rank,
    trialDays: row.trial_days,
    isActive: row.is_active === 1,
    entitlements: {
      maxMembers: row.max_members,
      uploadQuotaMb: row.upload_quota_mb,
      archiveRetentionDays: row.archive_retention_days,
      customDomain: row.custom_domain === 1,
    },
    prices: prices.filter((p) => p.plan_id === row.id).map(toPriceView),
  };
}

export interface CouponView {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  percentOff: string | null;
  amountOff: number | null;
  currency: string | null;
  durationCycles: number | null;
  isActive: boolean;
  createdAt: string;
}

export function toCouponView(row: CouponRow): CouponView {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    percentOff: row.percent_off,
    amountOff: row.amount_off,
    currency: row.currency,
    durationCycles: row.duration_cycles,
    isActive: row.is_active === 1,
    createdAt: row.created_at,
  };
}

export interface InvoiceLineView {
  kind: string;
  description: string;
  quantity: number;
  amount: number;
  discount: number;
  tax: number;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  customerId: string;
  subscriptionId: string | null;
  hostId: string | null;
  kind: InvoiceRow['kind'];
  status: InvoiceRow['status'];
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  taxPercent: string;
  isTaxInclusive: boolean;
  taxNote: string | null;
  total: number;
  creditApplied: number;
  amountPaid: number;
  amountDue: number;
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string | null;
  dueAt: string;
  paidAt: string | null;
  voidedAt: string | null;
  nextChargeAt: string | null;
  chargeAttempts: number;
  /** The billing time zone the invoice was issued in: its dates are read as calendar days there. */
  timeZone: string;
  lines?: InvoiceLineView[];
}

export function toInvoiceView(row: InvoiceRow): InvoiceView;
export function toInvoiceView(
  row: InvoiceRow,
  lines: InvoiceLineRow[],
): InvoiceView & { lines: InvoiceLineView[] };
export function toInvoiceView(row: InvoiceRow, lines?: InvoiceLineRow[]): InvoiceView {
  const view: InvoiceView = {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    hostId: row.host_id,
    kind: row.kind,
    status: row.status,
    currency: row.currency,
    subtotal: row.subtotal,
    discount: row.discount,
    tax: row.tax,
    taxPercent: row.tax_percent,
    isTaxInclusive: row.is_tax_inclusive === 1,
    taxNote: row.tax_note,
    total: row.total,
    creditApplied: row.credit_applied,
    amountPaid: row.amount_paid,
    amountDue: amountDue(row),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    issuedAt: row.issued_at,
    dueAt: row.due_at,
    paidAt: row.paid_at,
    voidedAt: row.voided_at,
    nextChargeAt: row.next_charge_at,
    chargeAttempts: row.charge_attempts,
    timeZone: partiesOf(row).buyer.timeZone,
  };
  if (lines) {
    view.lines = lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      amount: l.amount,
      discount: l.discount,
      tax: l.tax,
      periodStart: l.period_start,
      periodEnd: l.period_end,
    }));
  }
  return view;
}

export interface PaymentView {
  id: string;
  customerId: string;
  invoiceId: string;
  gateway: string;
  currency: string;
  amount: number;
  status: PaymentRow['status'];
  failureCode: string | null;
  failureMessage: string | null;
  refundedAmount: number;
  createdAt: string;
  /** The customer's billing time zone, in which the payment's date is read. */
  timeZone: string;
}

export function toPaymentView(row: ListedPaymentRow): PaymentView {
  return {
    id: row.id,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    gateway: row.gateway,
    currency: row.currency,
    amount: row.amount,
    status: row.status,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    refundedAmount: row.refunded_amount,
    createdAt: row.created_at,
    timeZone: row.time_zone ?? 'UTC',
  };
}

export interface LedgerEntryView {
  id: string;
  transactionId: string;
  account: LedgerEntryRow['account'];
  currency: string;
  amount: number;
  invoiceId: string | null;
  paymentId: string | null;
  memo: string;
  createdAt: string;
}

export function toLedgerEntryView(row: LedgerEntryRow): LedgerEntryView {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    account: row.account,
    currency: row.currency,
    amount: row.amount,
    invoiceId: row.invoice_id,
    paymentId: row.payment_id,
    memo: row.memo,
    createdAt: row.created_at,
  };
}
