/**
 * Row types of the billing tables (migrations/0004_billing.ts). Amounts are integers of minor units
 * with the currency beside them; unit prices below one minor unit and rates are decimal text.
 */
export type BillingCycle = 'monthly' | 'quarterly' | 'annual';

export interface BillingPlansTable {
  id: string;
  code: string;
  name: string;
  description: string;
  /** Ordering of tiers: a higher rank is an upgrade. */
  rank: number;
  max_members: number;
  max_rooms: number;
  max_room_occupants: number;
  upload_quota_mb: number;
  archive_retention_days: number;
  custom_domain: number;
  /** KiB of PEP and private XML storage per account. */
  pep_storage_kb: number;
  trial_days: number;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface BillingPricesTable {
  id: string;
  plan_id: string;
  cycle: BillingCycle;
  currency: string;
  version: number;
  amount: number;
  seat_amount: number;
  included_seats: number;
  setup_fee: number;
  /** JSON array of metered charges: [{metric, model, tiers}] */
  metered: string;
  /** 1 for the version new subscriptions get; older versions stay for the subscriptions that have them. */
  is_current: number;
  created_at: string;
}

export interface BillingCouponsTable {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  percent_off: string | null;
  amount_off: number | null;
  currency: string | null;
  duration_cycles: number | null;
  is_active: number;
  created_at: string;
}

export interface BillingProfilesTable {
  customer_id: string;
  email: string | null;
  time_zone: string;
  country: string | null;
  vat_id: string | null;
  legal_name: string | null;
  address: string | null;
  created_at: string;
  updated_at: string;
}

/** `incomplete`: started without a trial, first invoice not paid yet (Stripe's name for it). */
export type SubscriptionStatus =
  'incomplete' | 'trial' | 'active' | 'past_due' | 'suspended' | 'cancelled' | 'terminated';

export interface BillingSubscriptionsTable {
  id: string;
  customer_id: string;
  host_id: string;
  plan_id: string;
  price_id: string;
  status: SubscriptionStatus;
  seats: number;
  /** Local calendar date (YYYY-MM-DD) in `time_zone`; every period is derived from it. */
  anchor_date: string;
  time_zone: string;
  trial_ends_at: string | null;
  /** The last period index an invoice was issued for (-1: none yet). The renewal pointer. */
  invoiced_through: number;
  /** A change the customer asked for that no invoice has priced yet (downgrade, cycle switch). */
  scheduled_price_id: string | null;
  /** A change already priced on an issued invoice, taking effect at `pending_from`. */
  pending_price_id: string | null;
  pending_anchor_date: string | null;
  pending_from: string | null;
  /** When a cancellation at period end takes effect; null when none is asked for. */
  cancel_at: string | null;
  coupon_id: string | null;
  coupon_cycles_used: number;
  cancelled_at: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void';
export type InvoiceKind = 'initial' | 'renewal' | 'proration' | 'manual' | 'domain_renewal';

export interface BillingInvoicesTable {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  host_id: string | null;
  kind: InvoiceKind;
  /** One obligation, one invoice: `subscription:period-start:kind` (or the change id for prorations). */
  obligation_key: string;
  status: InvoiceStatus;
  series: string;
  number: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  credit_applied: number;
  amount_paid: number;
  tax_percent: string;
  is_tax_inclusive: number;
  tax_note: string | null;
  /** JSON snapshot of buyer and seller at finalisation. */
  parties: string;
  period_start: string | null;
  period_end: string | null;
  issued_at: string | null;
  due_at: string;
  paid_at: string | null;
  voided_at: string | null;
  next_charge_at: string | null;
  charge_attempts: number;
  last_reminder_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BillingInvoiceLinesTable {
  id: string;
  invoice_id: string;
  customer_id: string;
  position: number;
  kind: string;
  description: string;
  quantity: number;
  amount: number;
  discount: number;
  tax: number;
  period_start: string | null;
  period_end: string | null;
}

export interface BillingNumberSeriesTable {
  series: string;
  last_number: number;
}

export interface BillingCreditNotesTable {
  id: string;
  customer_id: string;
  invoice_id: string;
  number: string;
  currency: string;
  amount: number;
  reason: string;
  created_at: string;
}

export type LedgerAccount = 'receivable' | 'revenue' | 'tax_payable' | 'cash' | 'customer_credit';

export interface BillingLedgerEntriesTable {
  id: string;
  transaction_id: string;
  customer_id: string;
  account: LedgerAccount;
  currency: string;
  /** Debit positive, credit negative; the entries of one transaction sum to zero. */
  amount: number;
  invoice_id: string | null;
  payment_id: string | null;
  memo: string;
  created_at: string;
}

export interface BillingPaymentMethodsTable {
  id: string;
  customer_id: string;
  gateway: string;
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: number;
  expiry_warned_at: string | null;
  created_at: string;
  removed_at: string | null;
}

/** A refund does not change the status; refunded_amount records it. */
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'unknown';

export interface BillingPaymentsTable {
  id: string;
  customer_id: string;
  invoice_id: string;
  payment_method_id: string | null;
  gateway: string;
  idempotency_key: string;
  currency: string;
  amount: number;
  status: PaymentStatus;
  gateway_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  refunded_amount: number;
  created_at: string;
  updated_at: string;
}

export interface BillingSandboxChargesTable {
  idempotency_key: string;
  token: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'failed';
  failure_code: string | null;
  reference: string;
  created_at: string;
}

export interface BillingUsageTable {
  host_id: string;
  customer_id: string;
  metric: string;
  /** Start of the UTC hour the counts belong to. */
  hour: string;
  quantity: number;
}

/** Usage batches already counted, by the reporter's idempotency key. */
export interface BillingUsageBatchesTable {
  key: string;
  reports: number;
  recorded_at: string;
}

/** Inbound gateway webhooks, stored once per event id before they are processed. */
export interface BillingGatewayEventsTable {
  id: string;
  gateway: string;
  type: string;
  payload: string;
  received_at: string;
  processed_at: string | null;
}

/** The customer at a gateway that stands for one of ours (migrations/0013_gateway_customers.ts). */
export interface BillingGatewayCustomersTable {
  customer_id: string;
  gateway: string;
  external_id: string;
  created_at: string;
}

/** The catalog's price of renewing a domain for one year, per top-level domain and currency. */
export interface BillingTldPricesTable {
  /** Without the dot, lower case: `com`, `co.uk`. */
  tld: string;
  currency: string;
  amount: number;
  updated_at: string;
}

export interface BillingTables {
  billing_gateway_customers: BillingGatewayCustomersTable;
  billing_gateway_events: BillingGatewayEventsTable;
  billing_plans: BillingPlansTable;
  billing_prices: BillingPricesTable;
  billing_coupons: BillingCouponsTable;
  billing_profiles: BillingProfilesTable;
  billing_subscriptions: BillingSubscriptionsTable;
  billing_invoices: BillingInvoicesTable;
  billing_invoice_lines: BillingInvoiceLinesTable;
  billing_number_series: BillingNumberSeriesTable;
  billing_credit_notes: BillingCreditNotesTable;
  billing_ledger_entries: BillingLedgerEntriesTable;
  billing_payment_methods: BillingPaymentMethodsTable;
  billing_payments: BillingPaymentsTable;
  billing_sandbox_charges: BillingSandboxChargesTable;
  billing_usage: BillingUsageTable;
  billing_usage_batches: BillingUsageBatchesTable;
  billing_tld_prices: BillingTldPricesTable;
}
