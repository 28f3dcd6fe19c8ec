/**
 * `npm run bench:billing [-- --count N] [--dialect sqlite|postgres]`: renews N subscriptions (default 100,000) on SQLite and, when
 * IMHOST_TEST_DATABASE_URL is set, on PostgreSQL (a database created and dropped for the run): each
 * renewal issues an invoice, charges the sandbox card and writes the ledger entries. Prints
 * subscriptions per second and what was written, and checks there is no duplicate and the ledger balances.
 */
import assert from 'node:assert/strict';
import { createBilling } from '../src/billing/index.js';
import { loadConfig } from '../src/bin/config.js';
import { SimulatedClock } from '../src/lib/clock.js';
import { createLogger, createPlatform, refreshPlannerStatistics, type Db } from '../src/platform/index.js';
import { createAccounts } from '../src/accounts/index.js';
import { createTenancy } from '../src/tenancy/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../test/support/databases.js';

function countArgument(): number {
  const flag = process.argv.indexOf('--count');
  const raw = flag >= 0 ? process.argv[flag + 1] : undefined;
  const value = Number(raw ?? 100_000);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--count must be a positive integer, got ${raw}`);
  return value;
}

const count = countArgument();
const START = new Date('2026-01-01T00:00:00Z');
const CHUNK = 1000;

/** Customers, hosts, cards and subscriptions already invoiced for January, written in bulk. */
async function seed(db: Db): Promise<void> {
  const at = START.toISOString();
  for (let offset = 0; offset < count; offset += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, count - offset) }, (_, i) =>
      String(offset + i).padStart(7, '0'),
    );
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('customers')
        .values(
          ids.map((n) => ({
            id: `cus_${n}`,
            name: `Customer ${n}`,
            timezone: 'UTC',
            status: 'active' as const,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await tx
        .insertInto('hosts')
        .values(
          ids.map((n) => ({
            id: `host_${n}`,
            customer_id: `cus_${n}`,
            domain: `h${n}.bench`,
            status: 'active' as const,
            status_reason: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await tx
        .insertInto('billing_payment_methods')
        .values(
          ids.map((n) => ({
            id: `pm_${n}`,
            customer_id: `cus_${n}`,
            gateway: 'sandbox',
            token: `sbxtok_ok_${n.padStart(24, '0')}`,
            brand: 'visa',
            last4: '4242',
            exp_month: 12,
            exp_year: 2030,
            is_default: 1,
            expiry_warned_at: null,
            created_at: at,
            removed_at: null,
          })),
        )
        .execute();
      await tx
        .insertInto('billing_subscriptions')
        .values(
          ids.map((n) => ({
            id: `sub_${n}`,
            customer_id: `cus_${n}`,
            host_id: `host_${n}`,
            plan_id: 'plan_team',
            price_id: 'price_team_monthly_eur_v1',
            status: 'active' as const,
            seats: 10,
            anchor_date: '2026-01-01',
            time_zone: 'UTC',
            trial_ends_at: null,
            invoiced_through: 0,
            scheduled_price_id: null,
            pending_price_id: null,
            pending_anchor_date: null,
            pending_from: null,
            cancel_at: null,
            coupon_id: null,
            coupon_cycles_used: 0,
            cancelled_at: null,
            ended_at: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    });
  }
}

async function run(database: TestDatabase): Promise<void> {
  const config = loadConfig({
    IMHOST_DATA_DIR: database.dataDir,
    IMHOST_LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
    IMHOST_CLOCK: 'simulated',
    IMHOST_PUBLIC_URL: 'http://imhost.test',
  });
  const clock = new SimulatedClock(START);
  const logger = createLogger(config);
  const platform = createPlatform({ config, clock, database, logger });
  const accounts = createAccounts({ config, clock, database, platform });
  const tenancy = createTenancy({ config, clock, database, platform, accounts });
  const billing = createBilling({ config, clock, database, platform, tenancy });
  await seed(database.db);
  // A production database has planner statistics for its tables; a freshly seeded one has none yet.
  await refreshPlannerStatistics(database.db, [
    'customers',
    'hosts',
    'billing_payment_methods',
    'billing_subscriptions',
  ]);
  await platform.jobs.runDue();
  // 26 January: February's invoices are due in 6 days (issued 7 days ahead), then charged on 1 February.
  clock.set(new Date('2026-01-26T00:00:00Z'));
  const started = performance.now();
  const tick = await billing.runTick();
  const renewedAt = performance.now();
  clock.set(new Date('2026-02-01T00:30:00Z'));
  // Several charge workers share the queue on PostgreSQL, as several processes of the product
  // would; SQLite has one writer, so more workers there would only contend for the same rows.
  const workerCount = Number(process.env.BENCH_WORKERS ?? (database.dialect === 'postgres' ? 8 : 1));
  const workers = [
    platform,
    ...Array.from({ length: workerCount - 1 }, () => createPlatform({ config, clock, database, logger })),
  ];
  for (const worker of workers.slice(1))
    createBilling({ config, clock, database, platform: worker, tenancy });
  let ran = 0;
  const drain = async (worker: typeof platform) => {
    for (;;) {
      const summary = await worker.jobs.runDue({ limit: 1000 });
      ran += summary.ran;
      if (summary.ran === 0) break;
    }
  };
  await Promise.all(workers.map(drain));
  const seconds = (performance.now() - started) / 1000;
  const db = database.db;
  const invoices = await db
    .selectFrom('billing_invoices')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('obligation_key').distinct().as('keys'),
    ])
    .where('status', '=', 'paid')
    .executeTakeFirstOrThrow();
  const charges = await db
    .selectFrom('billing_sandbox_charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  const unbalanced = await db
    .selectFrom('billing_ledger_entries')
    .select('transaction_id')
    .groupBy('transaction_id')
    .having((eb) => eb.fn.sum('amount'), '!=', 0)
    .execute();
  const ledger = await db
    .selectFrom('billing_ledger_entries')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number | string>('amount').as('total')])
    .executeTakeFirstOrThrow();
  // Per subscription: exactly one renewal invoice, and per invoice exactly one succeeded payment.
  const doubleInvoiced = await db
    .selectFrom('billing_invoices')
    .select('subscription_id')
    .where('kind', '=', 'renewal')
    .groupBy('subscription_id')
    .having((eb) => eb.fn.countAll(), '!=', 1)
    .execute();
  const doubleCharged = await db
    .selectFrom('billing_payments')
    .select('invoice_id')
    .where('status', '=', 'succeeded')
    .groupBy('invoice_id')
    .having((eb) => eb.fn.countAll(), '!=', 1)
    .execute();
  const renewalInvoices = await db
    .selectFrom('billing_invoices')
    .select((eb) => eb.fn.count<number>('subscription_id').distinct().as('n'))
    .where('kind', '=', 'renewal')
    .executeTakeFirstOrThrow();
  assert.equal(tick.renewals.issued, count);
  assert.equal(Number(invoices.n), count, 'every subscription renewed and paid');
  assert.equal(Number(invoices.keys), count, 'no duplicate invoice');
  assert.equal(Number(renewalInvoices.n), count, 'every subscription has its renewal invoice');
  assert.deepEqual(doubleInvoiced, [], 'one renewal invoice per subscription');
  assert.deepEqual(doubleCharged, [], 'one succeeded payment per invoice');
  assert.equal(Number(charges.n), count, 'one charge per invoice');
  assert.deepEqual(unbalanced, [], 'every ledger transaction sums to zero');
  assert.equal(Number(ledger.total), 0, 'the ledger as a whole balances');
  console.log(
    `${database.dialect}: renewed ${count} subscriptions (invoice, charge, ledger) in ${seconds.toFixed(1)} s: ${Math.round(count / seconds)} subscriptions/s (renewal sweep ${((renewedAt - started) / 1000).toFixed(1)} s, ${ran} charge jobs)`,
  );
  console.log(
    `${database.dialect}: ${invoices.n} invoices paid, ${charges.n} sandbox charges, ${ledger.n} ledger entries; no duplicate, ledger balanced`,
  );
  for (const worker of workers) await worker.stop();
}

/** `--dialect sqlite|postgres` runs one of the two; by default both that are available run. */
function dialects(): ReturnType<typeof testDialects> {
  const flag = process.argv.indexOf('--dialect');
  if (flag < 0) return testDialects();
  const wanted = process.argv[flag + 1];
  const available = testDialects();
  const chosen = available.filter((dialect) => dialect === wanted);
  if (chosen.length === 0)
    throw new Error(
      `--dialect must be one of ${available.join(', ')} (PostgreSQL needs IMHOST_TEST_DATABASE_URL)`,
    );
  return chosen;
}

for (const dialect of dialects()) {
  const database = await createTestDatabase(dialect);
  try {
    await run(database);
  } finally {
    await database.close();
  }
}
