import { Type, type Static } from 'typebox';
import { Minor, Nullable, Timestamp } from '../lib/view-schema.js';
import { tenancyViews } from '../tenancy/index.js';
import type { CouponRow, PlanRow, PriceRow } from './catalog.repository.js';
import { amountDue, partiesOf } from './invoice-facts.js';
import type { InvoiceLineRow, InvoiceRow } from './invoices.repository.js';
import type { LedgerEntryRow } from './ledger.repository.js';
import { parseMetered } from './metered.js';
import type { ListedPaymentRow } from './payments.repository.js';

/*
 * What the API and the dashboard see of billing, as TypeBox schemas: the API serves them as its
 * response schemas (and so in its OpenAPI document), and each view's type is derived from its schema.
 */

export const Cycle = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('annual')]);

export const MinorNonNegative = Type.Integer({
  minimum: 0,
  maximum: 1_000_000_000_000,
  description: 'Amount in minor units.',
});

const Tier = Type.Object(
  {
    upTo: Nullable(Type.Integer({ minimum: 1 })),
    unitAmount: Type.String({
      pattern: '^\\d{1,12}(\\.\\d{1,8})?$',
      description: 'Minor units per unit; decimals allowed (0.02).',
    }),
    flatAmount: Type.Optional(MinorNonNegative),
  },
  { additionalProperties: false },
);
export const UsageMetric = Type.Union([
  Type.Literal('active_members'),
  Type.Literal('messages'),
  Type.Literal('storage_gb'),
]);
/** A metered charge of a price, as staff write it and as it is shown. */
export const Metered = Type.Object(
  {
    metric: UsageMetric,
    model: Type.Union([Type.Literal('per_unit'), Type.Literal('graduated'), Type.Literal('volume')]),
    tiers: Type.Array(Tier, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const PriceView = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  version: Type.Integer(),
  amount: Minor,
  seatAmount: Minor,
  includedSeats: Type.Integer(),
  setupFee: Minor,
  metered: Type.Array(Metered),
  isCurrent: Type.Boolean(),
});
export type PriceView = Static<typeof PriceView>;

const { pepStorageKb, maxRooms, maxRoomOccupants, ...entitlementFields } =
  tenancyViews.HostEntitlements.properties;

/** What a plan allows a host (tenancy's entitlements); staff write it with the plan. */
export const Entitlements = Type.Object(tenancyViews.HostEntitlements.properties, {
  additionalProperties: false,
});

/** What staff write with a plan; limits added later (PEP, group chat) get their defaults when left out. */
export const EntitlementsInput = Type.Object(
  {
    ...entitlementFields,
    pepStorageKb: Type.Optional(pepStorageKb),
    maxRooms: Type.Optional(maxRooms),
    maxRoomOccupants: Type.Optional(maxRoomOccupants),
  },
  { additionalProperties: false },
);
export type EntitlementsInput = Static<typeof EntitlementsInput>;

export const PlanView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  rank: Type.Integer(),
  trialDays: Type.Integer(),
  isActive: Type.Boolean(),
  entitlements: Entitlements,
  prices: Type.Array(PriceView),
});
export type PlanView = Static<typeof PlanView>;

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
      pepStorageKb: row.pep_storage_kb,
      maxRooms: row.max_rooms,
      maxRoomOccupants: row.max_room_occupants,
    },
    prices: prices.filter((p) => p.plan_id === row.id).map(toPriceView),
  };
}

export const CouponView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
  percentOff: Nullable(Type.String()),
  amountOff: Nullable(Minor),
  currency: Nullable(Type.String()),
  durationCycles: Nullable(Type.Integer()),
  isActive: Type.Boolean(),
  createdAt: Timestamp,
});
export type CouponView = Static<typeof CouponView>;

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

export const InvoiceLineView = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  quantity: Type.Integer(),
  amount: Minor,
  discount: Minor,
  tax: Minor,
  periodStart: Nullable(Timestamp),
  periodEnd: Nullable(Timestamp),
});
export type InvoiceLineView = Static<typeof InvoiceLineView>;

const invoiceProperties = {
  id: Type.String(),
  number: Nullable(Type.String()),
  customerId: Type.String(),
  subscriptionId: Nullable(Type.String()),
  hostId: Nullable(Type.String()),
  kind: Type.Union([
    Type.Literal('initial'),
    Type.Literal('renewal'),
    Type.Literal('proration'),
    Type.Literal('manual'),
    Type.Literal('domain_renewal'),
  ]),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('open'),
    Type.Literal('paid'),
    Type.Literal('void'),
  ]),
  currency: Type.String(),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  taxPercent: Type.String(),
  isTaxInclusive: Type.Boolean(),
  taxNote: Nullable(Type.String()),
  total: Minor,
  creditApplied: Minor,
  amountPaid: Minor,
  amountDue: Minor,
  periodStart: Nullable(Timestamp),
  periodEnd: Nullable(Timestamp),
  issuedAt: Nullable(Timestamp),
  dueAt: Timestamp,
  paidAt: Nullable(Timestamp),
  voidedAt: Nullable(Timestamp),
  nextChargeAt: Nullable(Timestamp),
  chargeAttempts: Type.Integer(),
  timeZone: Type.String({
    description:
      "The customer's billing time zone when the invoice was issued: its dates are calendar days there.",
  }),
};
/** An invoice in a list: without its lines. */
export const InvoiceView = Type.Object(invoiceProperties);
export type InvoiceView = Static<typeof InvoiceView>;
export const InvoiceWithLinesView = Type.Object({ ...invoiceProperties, lines: Type.Array(InvoiceLineView) });
export type InvoiceWithLinesView = Static<typeof InvoiceWithLinesView>;

export function toInvoiceView(row: InvoiceRow): InvoiceView;
export function toInvoiceView(row: InvoiceRow, lines: InvoiceLineRow[]): InvoiceWithLinesView;
export function toInvoiceView(row: InvoiceRow, lines?: InvoiceLineRow[]): InvoiceView | InvoiceWithLinesView {
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
  if (!lines) return view;
  return {
    ...view,
    lines: lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      amount: l.amount,
      discount: l.discount,
      tax: l.tax,
      periodStart: l.period_start,
      periodEnd: l.period_end,
    })),
  };
}

/** What an invoice would come to: its priced lines and totals, before anything is issued. */
export const QuoteView = Type.Object({
  currency: Type.String(),
  lines: Type.Array(InvoiceLineView),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  total: Minor,
  taxPercent: Type.String(),
  isTaxInclusive: Type.Boolean(),
  taxNote: Nullable(Type.String()),
});
export type QuoteView = Static<typeof QuoteView>;

/** A plan, cycle or seat change: when it takes effect and what it costs. */
export const ChangeResult = Type.Object({
  subscriptionId: Type.String(),
  effective: Type.Union([Type.Literal('now'), Type.Literal('period_end')], {
    description: 'now: applied with the prorated invoice; period_end: the next invoice uses the new price.',
  }),
  effectiveAt: Timestamp,
  fromPriceId: Type.String(),
  toPriceId: Type.String(),
  seats: Type.Integer(),
  quote: Nullable(QuoteView, {
    description:
      "Now: the proration invoice (null when nothing is owed either way). Period end: the next period's invoice.",
  }),
  invoiceId: Nullable(Type.String()),
  isPreview: Type.Boolean(),
});
export type ChangeResult = Static<typeof ChangeResult>;

export const PaymentView = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  invoiceId: Type.String(),
  gateway: Type.String(),
  currency: Type.String(),
  amount: Minor,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('unknown'),
  ]),
  failureCode: Nullable(Type.String()),
  failureMessage: Nullable(Type.String()),
  refundedAmount: Minor,
  createdAt: Timestamp,
  timeZone: Type.String({ description: "The customer's billing time zone, in which its date is read." }),
});
export type PaymentView = Static<typeof PaymentView>;

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

export const LedgerEntryView = Type.Object({
  id: Type.String(),
  transactionId: Type.String(),
  account: Type.Union([
    Type.Literal('receivable'),
    Type.Literal('revenue'),
    Type.Literal('tax_payable'),
    Type.Literal('cash'),
    Type.Literal('customer_credit'),
  ]),
  currency: Type.String(),
  amount: Minor,
  invoiceId: Nullable(Type.String()),
  paymentId: Nullable(Type.String()),
  memo: Type.String(),
  createdAt: Timestamp,
});
export type LedgerEntryView = Static<typeof LedgerEntryView>;

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

export const TimelineEntry = Type.Object({
  periodStart: Timestamp,
  periodEnd: Timestamp,
  issueAt: Timestamp,
  dueAt: Timestamp,
  planId: Type.String(),
  priceId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  total: Minor,
});
/** One coming cycle: when its invoice is issued, when it is due (and charged), and its amounts. */
export type TimelineEntry = Static<typeof TimelineEntry>;

export const SubscriptionStatus = Type.Union([
  Type.Literal('incomplete'),
  Type.Literal('trial'),
  Type.Literal('active'),
  Type.Literal('past_due'),
  Type.Literal('suspended'),
  Type.Literal('cancelled'),
  Type.Literal('terminated'),
]);

export const SubscriptionView = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  hostId: Type.String(),
  planId: Type.String(),
  planName: Type.String(),
  priceId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  seats: Type.Integer(),
  status: SubscriptionStatus,
  anchorDate: Type.String({
    description: 'Local calendar date in timeZone; every period is derived from it.',
  }),
  timeZone: Type.String(),
  trialEndsAt: Nullable(Timestamp),
  currentPeriodStart: Nullable(Timestamp),
  currentPeriodEnd: Nullable(Timestamp),
  cancelAt: Nullable(Timestamp),
  scheduledPriceId: Nullable(Type.String()),
  pendingPriceId: Nullable(Type.String()),
  pendingFrom: Nullable(Timestamp),
  endedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  next: Nullable(TimelineEntry, {
    description: 'The next invoice not issued yet: its due date and amount. Null once the subscription ends.',
  }),
  timeline: Type.Array(TimelineEntry, { description: 'The coming cycles with their dates and amounts.' }),
});
export type SubscriptionView = Static<typeof SubscriptionView>;

export const CancelResult = Type.Object({
  subscriptionId: Type.String(),
  endsAt: Timestamp,
  creditInvoiceId: Nullable(Type.String(), {
    description: 'The invoice crediting time already invoiced but not used, if any.',
  }),
});
export type CancelResult = Static<typeof CancelResult>;

export const PaymentMethodView = Type.Object({
  id: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  expMonth: Type.Integer(),
  expYear: Type.Integer(),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
});
export type PaymentMethodView = Static<typeof PaymentMethodView>;

export const CreditNoteView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  invoiceId: Type.String(),
  currency: Type.String(),
  amount: Minor,
  reason: Type.String(),
  createdAt: Timestamp,
});
export type CreditNoteView = Static<typeof CreditNoteView>;

/** The catalog's price of renewing a domain of a TLD for one year, net of tax. */
export const TldPriceView = Type.Object({
  tld: Type.String({ description: 'Without the dot: `com`, `co.uk`.' }),
  currency: Type.String(),
  amount: Minor,
  updatedAt: Timestamp,
});
export type TldPriceView = Static<typeof TldPriceView>;

export const BillingProfile = Type.Object({
  customerId: Type.String(),
  email: Nullable(Type.String()),
  timeZone: Type.String(),
  country: Nullable(Type.String()),
  vatId: Nullable(Type.String()),
  legalName: Nullable(Type.String()),
  address: Nullable(Type.String()),
});
export type BillingProfile = Static<typeof BillingProfile>;

export const RevenueReport = Type.Object({
  mrr: Type.Array(Type.Object({ currency: Type.String(), amount: Minor }), {
    description:
      "Monthly recurring revenue per currency: every paying subscription's recurring amount per month.",
  }),
  churn: Type.Object(
    { ended: Type.Integer(), liveAtStart: Type.Integer(), rate: Type.Number() },
    { description: 'Subscriptions ended in the last 30 days over those live 30 days ago.' },
  ),
  revenueByMonth: Type.Array(Type.Object({ month: Type.String(), currency: Type.String(), amount: Minor }), {
    description: 'Net revenue booked per calendar month (UTC) and currency, for the last 12 months.',
  }),
});
export type RevenueReport = Static<typeof RevenueReport>;

export const UsageSoFar = Type.Object({
  subscriptionId: Type.String(),
  periodStart: Timestamp,
  periodEnd: Timestamp,
  currency: Type.String(),
  metrics: Type.Array(Type.Object({ metric: UsageMetric, quantity: Type.Integer(), amount: Minor })),
  total: Minor,
});
/** The current period's metered usage; before tax, billed in arrears when the period ends. */
export type UsageSoFar = Static<typeof UsageSoFar>;

/** How the dashboard collects a card with this server's gateway. */
export const CardCollection = Type.Union([
  Type.Object({ gateway: Type.Literal('sandbox') }),
  Type.Object({ gateway: Type.Literal('stripe'), publishableKey: Type.String() }),
]);
export type CardCollection = Static<typeof CardCollection>;

/** A card collection under way: for Stripe, the SetupIntent whose client secret Stripe.js confirms. */
export const CardSetup = Type.Union([
  Type.Object({ gateway: Type.Literal('sandbox') }),
  Type.Object({
    gateway: Type.Literal('stripe'),
    publishableKey: Type.String(),
    clientSecret: Type.String({ description: 'For `stripe.confirmCardSetup`; single use.' }),
    setupIntentId: Type.String(),
  }),
]);
export type CardSetup = Static<typeof CardSetup>;

/** What one pass of the periodic billing work did. */
export const TickSummary = Type.Object({
  reconciled: Type.Integer(),
  renewals: Type.Object({
    checked: Type.Integer(),
    issued: Type.Integer(),
    failed: Type.Integer(),
  }),
  dunning: Type.Object({ refreshed: Type.Integer(), warned: Type.Integer() }),
  cardsWarned: Type.Integer(),
});
export type TickSummary = Static<typeof TickSummary>;
