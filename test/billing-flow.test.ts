import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { signUp } from './accounts-support.js';

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  describe(`billing flow (${dialect})`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
      // The first pass registers the hourly billing sweep; later passes run its due slots.
      await test.ctx.platform.jobs.runDue();
    });
    after(async () => {
      await test.close();
    });

    async function customerWithHost(domain: string) {
      const { customer } = await signUp(test);
      const host = await test.ctx.tenancy.hosts.create({ customerId: customer.id, domain });
      await test.ctx.billing.profile.update(customer.id, { email: `billing@${domain}`, country: 'DE', timeZone: 'Europe/Berlin' });
      return { customerId: customer.id, hostId: host.id };
    }

    it('invoices a paid plan at once, charges it, and goes past due without a card until one is added', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost('flow1.example');
      const sub = await billing.startSubscription({ customerId, hostId, planId: 'plan_team', cycle: 'monthly', currency: 'EUR' });
      assert.equal(sub.status, 'active');
      assert.equal(sub.anchorDate, '2026-01-15');
      const invoices = await billing.invoices.list(customerId, { limit: 10 });
      assert.equal(invoices.items.length, 1);
      const first = invoices.items[0]!;
      assert.equal(first.total, 3451); // 29.00 + 19% VAT
      assert.equal(first.tax, 551);
      assert.equal(first.periodStart, '2026-01-14T23:00:00.000Z');
      assert.equal(first.periodEnd, '2026-02-14T23:00:00.000Z');
      await test.ctx.platform.jobs.runDue();
      const afterCharge = await billing.invoices.get(customerId, first.id);
      assert.equal(afterCharge.status, 'open');
      assert.equal(afterCharge.chargeAttempts, 1);
      assert.equal((await billing.subscriptions.get(customerId, sub.id)).status, 'past_due');
      await billing.paymentMethods.add(customerId, { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' });
      const paid = await billing.invoices.get(customerId, first.id);
      assert.equal(paid.status, 'paid');
      assert.equal((await billing.subscriptions.get(customerId, sub.id)).status, 'active');
      assert.equal(await billing.ledger.receivable(customerId, 'EUR'), 0);
      // Renewal: issued 7 days before the next period, charged on its first day.
      test.clock.set(new Date('2026-02-08T00:00:00Z'));
      await test.ctx.platform.jobs.runDue();
      const renewed = await billing.invoices.list(customerId, { limit: 10 });
      assert.equal(renewed.items.length, 2);
      assert.equal(renewed.items[0]!.status, 'open');
      test.clock.advance(7 * DAY);
      await test.ctx.platform.jobs.runDue();
      assert.equal((await billing.invoices.get(customerId, renewed.items[0]!.id)).status, 'paid');
      const again = await test.ctx.platform.jobs.runDue();
      assert.equal((await billing.invoices.list(customerId, { limit: 10 })).items.length, 2, JSON.stringify(again));
    });
  });
}
