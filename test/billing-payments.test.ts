import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createBilling,
  createSandboxGateway,
  type Billing,
  type PaymentGateway,
} from '../src/billing/index.js';
import {
  createLogger,
  createPlatform,
  openDatabase,
  type DatabaseHandle,
  type Platform,
} from '../src/platform/index.js';
import { createAccounts } from '../src/accounts/index.js';
import { createTenancy } from '../src/tenancy/index.js';
import type { TestApp } from './support/app.js';
import { openInvoice, startBillingApp } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';

/** Another process of the product on the same database: its own connection, scheduler and billing. */
interface Worker {
  platform: Platform;
  billing: Billing;
  database: DatabaseHandle;
}

for (const dialect of testDialects()) {
  describe(`billing payments: at most one successful charge per invoice (${dialect})`, () => {
    let test: TestApp;
    const workers: Worker[] = [];

    function startWorker(
      options: {
        gateway?: (sandbox: PaymentGateway) => PaymentGateway;
        afterGatewayCharge?: (key: string) => void;
      } = {},
    ): Worker {
      const database = openDatabase({ url: test.database.url, dataDir: test.database.dataDir });
      const { config, clock } = test.ctx;
      const platform = createPlatform({ config, clock, database, logger: createLogger(config) });
      const accounts = createAccounts({ config, clock, database, platform });
      const tenancy = createTenancy({ config, clock, database, platform, accounts });
      const sandbox = createSandboxGateway({ db: database.db, clock });
      const billing = createBilling({
        config,
        clock,
        database,
        platform,
        tenancy,
        gateway: options.gateway ? options.gateway(sandbox) : sandbox,
        ...(options.afterGatewayCharge ? { afterGatewayCharge: options.afterGatewayCharge } : {}),
      });
      const worker = { platform, billing, database };
      workers.push(worker);
      return worker;
    }

    before(async () => (test = await startBillingApp(dialect)));
    after(async () => {
      for (const worker of workers) {
        await worker.platform.stop();
        await worker.database.close();
      }
      await test.close();
    });

    async function chargesFor(invoiceId: string) {
      return test.database.db
        .selectFrom('billing_sandbox_charges')
        .selectAll()
        .where('idempotency_key', 'like', `${invoiceId}:%`)
        .execute();
    }

    async function cashFor(customerId: string): Promise<number> {
      const entries = await test.ctx.billing.ledger.entries(customerId);
      return entries.filter((e) => e.account === 'cash').reduce((sum, e) => sum + e.amount, 0);
    }

    /** The invoice is paid, by one successful payment, and its cash is counted once. */
    async function assertPaidOnce(customerId: string, invoice: { id: string; total: number }) {
      assert.equal((await test.ctx.billing.invoices.get(customerId, invoice.id)).status, 'paid');
      assert.equal(await cashFor(customerId), invoice.total);
      const payments = (await test.ctx.billing.payments.list(customerId, { limit: 10 })).items;
      assert.deepEqual(
        payments.map((p) => p.status),
        ['succeeded'],
      );
    }

    it('two renewal workers running at once charge the invoice once', async () => {
      const { customerId, invoice } = await openInvoice(test, 'two-workers.example');
      const a = startWorker();
      const b = startWorker();
      await Promise.all([
        a.platform.jobs.runDue(),
        b.platform.jobs.runDue(),
        a.billing.invoices.pay(customerId, invoice.id).catch((e: { code?: string }) => e.code),
        b.billing.invoices.pay(customerId, invoice.id).catch((e: { code?: string }) => e.code),
      ]);
      await Promise.all([
        a.platform.jobs.runDue(),
        b.platform.jobs.runDue(),
        test.ctx.platform.jobs.runDue(),
      ]);
      const charges = await chargesFor(invoice.id);
      assert.equal(charges.filter((c) => c.status === 'succeeded').length, 1);
      await assertPaidOnce(customerId, invoice);
    });

    it('a worker killed between the gateway and the database is reconciled on restart, not charged again', async () => {
      const { customerId, invoice } = await openInvoice(test, 'killed-worker.example');
      const doomed = startWorker({
        afterGatewayCharge: () => {
          throw new Error('worker killed after the gateway answered');
        },
      });
      await assert.rejects(doomed.billing.invoices.pay(customerId, invoice.id), /worker killed/);
      await doomed.platform.stop();
      assert.equal((await chargesFor(invoice.id)).length, 1);
      assert.equal((await test.ctx.billing.invoices.get(customerId, invoice.id)).status, 'open');
      // Restarted worker: its scheduled charge finds the attempt still pending and asks the gateway.
      const restarted = startWorker();
      await restarted.platform.jobs.runDue();
      await restarted.billing.runTick();
      assert.equal((await chargesFor(invoice.id)).length, 1);
      await assertPaidOnce(customerId, invoice);
      // Paying again is refused: nothing is due.
      await assert.rejects(restarted.billing.invoices.pay(customerId, invoice.id), {
        code: 'invoice_not_open',
      });
    });

    it('an unknown outcome is reconciled with the gateway; a charge that never arrived becomes a failed attempt', async () => {
      // Timeout after the gateway charged: the attempt is unknown, then reconciled as paid.
      const first = await openInvoice(test, 'timeout-after.example');
      const timingOut = startWorker({
        gateway: (sandbox) => ({
          ...sandbox,
          charge: async (request) => {
            await sandbox.charge(request);
            throw new Error('socket hang up');
          },
        }),
      });
      await assert.rejects(timingOut.billing.invoices.pay(first.customerId, first.invoice.id), {
        code: 'payment_in_progress',
      });
      let payments = (await test.ctx.billing.payments.list(first.customerId, { limit: 10 })).items;
      assert.deepEqual(
        payments.map((p) => p.status),
        ['unknown'],
      );
      await test.ctx.billing.runTick();
      payments = (await test.ctx.billing.payments.list(first.customerId, { limit: 10 })).items;
      assert.deepEqual(
        payments.map((p) => p.status),
        ['succeeded'],
      );
      assert.equal((await chargesFor(first.invoice.id)).length, 1);

      // Timeout before the gateway saw it: unknown until the staleness window passes, then failed.
      const second = await openInvoice(test, 'timeout-before.example');
      const unreachable = startWorker({
        gateway: (sandbox) => ({
          ...sandbox,
          charge: async () => {
            throw new Error('connect ETIMEDOUT');
          },
        }),
      });
      await assert.rejects(unreachable.billing.invoices.pay(second.customerId, second.invoice.id), {
        code: 'payment_in_progress',
      });
      await test.ctx.billing.runTick();
      payments = (await test.ctx.billing.payments.list(second.customerId, { limit: 10 })).items;
      assert.deepEqual(
        payments.map((p) => p.status),
        ['unknown'],
        'not concluded before the staleness window',
      );
      test.clock.advance(16 * 60_000);
      await test.ctx.billing.runTick();
      payments = (await test.ctx.billing.payments.list(second.customerId, { limit: 10 })).items;
      assert.deepEqual(
        payments.map((p) => [p.status, p.failureCode]),
        [['failed', 'not_submitted']],
      );
      assert.equal((await chargesFor(second.invoice.id)).length, 0);
      // The next scheduled attempt charges it, exactly once.
      await test.ctx.billing.invoices.pay(second.customerId, second.invoice.id);
      assert.equal((await chargesFor(second.invoice.id)).filter((c) => c.status === 'succeeded').length, 1);
    });

    it('a card that fails when charged is declined with its reason and retried by the schedule', async () => {
      const { customerId, invoice } = await openInvoice(test, 'insufficient.example', '4000000000009995');
      await test.ctx.platform.jobs.runDue();
      const after = await test.ctx.billing.invoices.get(customerId, invoice.id);
      assert.equal(after.status, 'open');
      assert.equal(after.chargeAttempts, 1);
      assert.equal(after.nextChargeAt, new Date(Date.parse(after.dueAt) + 3 * 86_400_000).toISOString());
      const [payment] = (await test.ctx.billing.payments.list(customerId, { limit: 5 })).items;
      assert.equal(payment!.failureCode, 'insufficient_funds');
      // Running the scheduler again before the retry date changes nothing.
      await test.ctx.platform.jobs.runDue();
      assert.equal((await test.ctx.billing.payments.list(customerId, { limit: 5 })).items.length, 1);
    });
  });
}
