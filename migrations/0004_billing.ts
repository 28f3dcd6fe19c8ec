import { sql, type Kysely } from 'kysely';

// Billing: catalog, subscriptions, invoices, ledger, payments. Amounts are bigint minor units; the
// unique keys below, not the scheduler, are what make duplicate invoices and double charges impossible.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('max_members', 'integer', (c) => c.notNull())
    .addColumn('upload_quota_mb', 'integer', (c) => c.notNull())
    .addColumn('archive_retention_days', 'integer', (c) => c.notNull())
    .addColumn('custom_domain', 'integer', (c) => c.notNull())
    .addColumn('trial_days', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_prices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('billing_plans.id'))
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('seat_amount', 'bigint', (c) => c.notNull())
    .addColumn('included_seats', 'integer', (c) => c.notNull())
    .addColumn('setup_fee', 'bigint', (c) => c.notNull())
    .addColumn('metered', 'text', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('billing_prices_version', ['plan_id', 'cycle', 'currency', 'version'])
    .execute();

  await db.schema
    .createTable('billing_coupons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('percent_off', 'text')
    .addColumn('amount_off', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('duration_cycles', 'integer')
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_profiles')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('vat_id', 'text')
    .addColumn('legal_name', 'text')
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('billing_plans.id'))
    .addColumn('price_id', 'text', (c) => c.notNull().references('billing_prices.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('anchor_date', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('trial_ends_at', 'text')
    .addColumn('invoiced_through', 'integer', (c) => c.notNull())
    .addColumn('scheduled_price_id', 'text', (c) => c.references('billing_prices.id'))
    .addColumn('pending_price_id', 'text', (c) => c.references('billing_prices.id'))
    .addColumn('pending_anchor_date', 'text')
    .addColumn('pending_from', 'text')
    .addColumn('cancel_at', 'text')
    .addColumn('coupon_id', 'text', (c) => c.references('billing_coupons.id'))
    .addColumn('coupon_cycles_used', 'integer', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('billing_subscriptions_customer')
    .on('billing_subscriptions')
    .column('customer_id')
    .execute();
  // One live subscription per IM host; ended ones stay as history.
  await db.schema
    .createIndex('billing_subscriptions_live_host')
    .on('billing_subscriptions')
    .column('host_id')
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('billing_invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('subscription_id', 'text', (c) => c.references('billing_subscriptions.id'))
    .addColumn('host_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('obligation_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('credit_applied', 'bigint', (c) => c.notNull())
    .addColumn('amount_paid', 'bigint', (c) => c.notNull())
    .addColumn('tax_percent', 'text', (c) => c.notNull())
    .addColumn('is_tax_inclusive', 'integer', (c) => c.notNull())
    .addColumn('tax_note', 'text')
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('next_charge_at', 'text')
    .addColumn('charge_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_reminder_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('billing_invoices_number', ['series', 'number'])
    .execute();
  await db.schema
    .createIndex('billing_invoices_customer')
    .on('billing_invoices')
    .columns(['customer_id', 'id'])
    .execute();
  // Two equality columns, so the planner prefers it to the status index for one customer's queries.
  await db.schema
    .createIndex('billing_invoices_customer_open')
    .on('billing_invoices')
    .columns(['customer_id', 'status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('billing_invoices_due')
    .on('billing_invoices')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('billing_invoice_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('billing_invoices.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .execute();
  await db.schema
    .createIndex('billing_invoice_lines_invoice')
    .on('billing_invoice_lines')
    .column('invoice_id')
    .execute();

  await db.schema
    .createTable('billing_number_series')
    .addColumn('series', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('billing_invoices.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('payment_id', 'text')
    .addColumn('memo', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('billing_ledger_customer')
    .on('billing_ledger_entries')
    .columns(['customer_id', 'account'])
    .execute();
  await db.schema
    .createIndex('billing_ledger_transaction')
    .on('billing_ledger_entries')
    .column('transaction_id')
    .execute();

  await db.schema
    .createTable('billing_payment_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('exp_month', 'integer', (c) => c.notNull())
    .addColumn('exp_year', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('expiry_warned_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('billing_payment_methods_customer')
    .on('billing_payment_methods')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('billing_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('billing_invoices.id'))
    .addColumn('payment_method_id', 'text')
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gateway_reference', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('billing_payments_customer')
    .on('billing_payments')
    .columns(['customer_id', 'id'])
    .execute();
  await db.schema
    .createIndex('billing_payments_invoice')
    .on('billing_payments')
    .column('invoice_id')
    .execute();
  await db.schema
    .createIndex('billing_payments_unsettled')
    .on('billing_payments')
    .columns(['status', 'updated_at'])
    .execute();
  // At most one charge per invoice may be in flight or have succeeded: a second worker cannot even
  // write its attempt row, so it never reaches the gateway.
  await db.schema
    .createIndex('billing_payments_one_live_per_invoice')
    .on('billing_payments')
    .column('invoice_id')
    .unique()
    .where(sql.ref('status'), 'in', sql`('pending', 'unknown', 'succeeded')`)
    .execute();

  await db.schema
    .createTable('billing_sandbox_charges')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_usage')
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_usage_pk', ['host_id', 'metric', 'hour'])
    .execute();

  await db.schema
    .createTable('billing_gateway_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();

  await seedDefaultCatalog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'billing_gateway_events',
    'billing_usage',
    'billing_sandbox_charges',
    'billing_payments',
    'billing_payment_methods',
    'billing_ledger_entries',
    'billing_credit_notes',
    'billing_number_series',
    'billing_invoice_lines',
    'billing_invoices',
    'billing_subscriptions',
    'billing_profiles',
    'billing_coupons',
    'billing_prices',
    'billing_plans',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

const SEEDED_AT = '2026-11-26T00:00:00.000Z';

/** Amounts per cycle in minor units: [monthly, quarterly, annual]. Annual is ten months' price. */
const DEFAULT_PLANS = [
  {
    code: 'starter',
    name: 'Starter',
    rank: 1,
    trial: 14,
    members: 10,
    upload: 1024,
    retention: 30,
    customDomain: 0,
    description: 'For a family or a small club: up to 10 members, 14 days free.',
    prices: { EUR: [500, 1500, 5000], USD: [600, 1800, 6000] },
    seat: 0,
    included: 10,
    setup: 0,
  },
  {
    code: 'team',
    name: 'Team',
    rank: 2,
    trial: 0,
    members: 100,
    upload: 10240,
    retention: 365,
    customDomain: 1,
    description: 'For teams: 10 seats included, more at a fixed price per seat, your own domain.',
    prices: { EUR: [2900, 8700, 29000], USD: [3200, 9600, 32000] },
    seat: 300,
    included: 10,
    setup: 0,
  },
  {
    code: 'business',
    name: 'Business',
    rank: 3,
    trial: 0,
    members: 1000,
    upload: 102400,
    retention: 3650,
    customDomain: 1,
    description: 'For organisations: 50 seats included, long archives, priority support.',
    prices: { EUR: [9900, 29700, 99000], USD: [10900, 32700, 109000] },
    seat: 200,
    included: 50,
    setup: 4900,
  },
] as const;

const CYCLES = ['monthly', 'quarterly', 'annual'] as const;

/** Metered charges of the pay-as-you-go plan, in minor units per unit (decimals allowed). */
const PAYG_METERED = JSON.stringify([
  { metric: 'active_members', model: 'per_unit', tiers: [{ upTo: null, unitAmount: '150' }] },
  {
    metric: 'messages',
    model: 'graduated',
    tiers: [
      { upTo: 10000, unitAmount: '0' },
      { upTo: 1000000, unitAmount: '0.02' },
      { upTo: null, unitAmount: '0.01' },
    ],
  },
  {
    metric: 'storage_gb',
    model: 'volume',
    tiers: [
      { upTo: 10, unitAmount: '0' },
      { upTo: 100, unitAmount: '20' },
      { upTo: null, unitAmount: '10' },
    ],
  },
]);

async function seedDefaultCatalog(db: Kysely<unknown>): Promise<void> {
  const plans = [];
  const prices = [];
  for (const plan of DEFAULT_PLANS) {
    plans.push({
      id: `plan_${plan.code}`,
      code: plan.code,
      name: plan.name,
      description: plan.description,
      rank: plan.rank,
      max_members: plan.members,
      upload_quota_mb: plan.upload,
      archive_retention_days: plan.retention,
      custom_domain: plan.customDomain,
      trial_days: plan.trial,
      is_active: 1,
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    });
    for (const [currency, amounts] of Object.entries(plan.prices)) {
      CYCLES.forEach((cycle, i) => {
        prices.push({
          id: `price_${plan.code}_${cycle}_${currency.toLowerCase()}_v1`,
          plan_id: `plan_${plan.code}`,
          cycle,
          currency,
          version: 1,
          amount: amounts[i]!,
          seat_amount: plan.seat * (cycle === 'monthly' ? 1 : cycle === 'quarterly' ? 3 : 10),
          included_seats: plan.included,
          setup_fee: plan.setup,
          metered: '[]',
          is_current: 1,
          created_at: SEEDED_AT,
        });
      });
    }
  }
  plans.push({
    id: 'plan_payg',
    code: 'payg',
    name: 'Pay as you go',
    rank: 0,
    trial_days: 0,
    max_members: 500,
    upload_quota_mb: 10240,
    archive_retention_days: 365,
    custom_domain: 1,
    is_active: 1,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    description: 'No fixed fee: pay each month for active members, messages and storage.',
  });
  for (const currency of ['EUR', 'USD']) {
    prices.push({
      id: `price_payg_monthly_${currency.toLowerCase()}_v1`,
      plan_id: 'plan_payg',
      cycle: 'monthly',
      currency,
      version: 1,
      amount: 0,
      seat_amount: 0,
      included_seats: 0,
      setup_fee: 0,
      metered: PAYG_METERED,
      is_current: 1,
      created_at: SEEDED_AT,
    });
  }
  await db
    .insertInto('billing_plans' as never)
    .values(plans as never)
    .execute();
  await db
    .insertInto('billing_prices' as never)
    .values(prices as never)
    .execute();
  await db
    .insertInto('billing_number_series' as never)
    .values([
      { series: 'INV', last_number: 0 },
      { series: 'CN', last_number: 0 },
    ] as never)
    .execute();
}
