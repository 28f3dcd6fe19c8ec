import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from './support/app.js';
import {
  addSandboxCard,
  customerWithHost,
  startBillingApp,
  subscribeTeamMonthly,
} from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  describe(`billing flow (${dialect})`, () => {
    let test: TestApp;
    before(async () => (test = await startBillingApp(dialect)));
    after(() => test.close());

    it('invoices a paid plan at once, charges it, and goes past due without a card until one is added', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'flow1.example');
      const sub = await subscribeTeamMonthly(test, customerId, hostId);
      assert.equal(sub.status, 'incomplete');
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
      await addSandboxCard(test, customerId, { number: '4242 4242 4242 4242' });
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
      assert.equal(
        (await billing.invoices.list(customerId, { limit: 10 })).items.length,
        2,
        JSON.stringify(again),
      );
    });

    it('prorates seat changes both ways, and a fewer-seat credit pays the next invoice', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'seats.example');
      await addSandboxCard(test, customerId);
      const sub = await subscribeTeamMonthly(test, customerId, hostId, { seats: 10 });
      await test.ctx.platform.jobs.runDue();
      const period = await billing.subscriptions.get(customerId, sub.id);
      const start = Date.parse(period.currentPeriodStart!);
      const length = Date.parse(period.currentPeriodEnd!) - start;
      test.clock.set(new Date(start + length / 2));
      const more = await billing.subscriptions.change(customerId, sub.id, { seats: 14, preview: false });
      // Half the period at 41.00 (4 extra seats × 3.00) against 29.00: net 600, plus 19% VAT.
      assert.deepEqual(
        more.quote!.lines.map((l) => l.amount),
        [2050, -1450],
      );
      assert.equal(more.quote!.total, 714);
      await test.ctx.platform.jobs.runDue();
      const fewer = await billing.subscriptions.change(customerId, sub.id, { seats: 12, preview: false });
      assert.equal(fewer.quote!.total, -357);
      assert.equal(await billing.ledger.creditBalance(customerId, 'EUR'), 357);
      test.clock.set(new Date(Date.parse(period.currentPeriodEnd!) - 6 * DAY));
      await test.ctx.platform.jobs.runDue();
      const [next] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      assert.equal(next!.total, (2900 + 2 * 300) * 1.19);
      assert.equal(next!.creditApplied, 357);
      assert.equal(next!.amountDue, 4165 - 357);
      assert.equal(await billing.ledger.creditBalance(customerId, 'EUR'), 0);
    });

    it('downgrades at period end, applies a coupon for its cycles, and cancels at period end', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'downgrade.example');
      await billing.catalog.createCoupon({
        code: 'HALF2',
        kind: 'percent',
        percentOff: '50',
        durationCycles: 2,
      });
      await addSandboxCard(test, customerId);
      const sub = await billing.startSubscription({
        customerId,
        hostId,
        planId: 'plan_business',
        cycle: 'monthly',
        currency: 'EUR',
        couponCode: 'HALF2',
        seats: 10,
      });
      const [first] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      // 99.00 halved, plus the 49.00 setup fee (never discounted), plus 19% VAT.
      assert.deepEqual(
        [first!.subtotal, first!.discount, first!.total],
        [9900 + 4900, 4950, Math.round((9900 + 4900 - 4950) * 1.19)],
      );
      const view = await billing.subscriptions.get(customerId, sub.id);
      assert.deepEqual(
        view.timeline.slice(0, 3).map((t) => t.discount),
        [4950, 0, 0],
      );
      const down = await billing.subscriptions.change(customerId, sub.id, {
        planId: 'plan_team',
        preview: false,
      });
      assert.equal(down.effective, 'period_end');
      assert.equal((await billing.subscriptions.get(customerId, sub.id)).planId, 'plan_business');
      assert.deepEqual(
        (await billing.subscriptions.get(customerId, sub.id)).timeline
          .slice(0, 2)
          .map((t) => [t.planId, t.discount]),
        [
          ['plan_team', 1450],
          ['plan_team', 0],
        ],
      );
      const end = (await billing.subscriptions.get(customerId, sub.id)).currentPeriodEnd!;
      test.clock.set(new Date(Date.parse(end) + 3_600_000));
      await test.ctx.platform.jobs.runDue();
      const moved = await billing.subscriptions.get(customerId, sub.id);
      assert.equal(moved.planId, 'plan_team');
      const cancel = await billing.subscriptions.cancel(customerId, sub.id, { atPeriodEnd: true });
      assert.equal(cancel.endsAt, moved.currentPeriodEnd);
      assert.equal(cancel.creditInvoiceId, null);
      test.clock.set(new Date(Date.parse(moved.currentPeriodEnd!) + 3_600_000));
      await test.ctx.platform.jobs.runDue();
      assert.equal((await billing.subscriptions.get(customerId, sub.id)).status, 'cancelled');
      assert.equal((await billing.invoices.list(customerId, { limit: 10 })).items.length, 2);
    });

    it('reverse-charges an EU business with a VAT id and prints the note', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'reverse.example');
      await billing.profile.update(customerId, { country: 'NL', vatId: 'NL123456789B01' });
      await billing.startSubscription({
        customerId,
        hostId,
        planId: 'plan_team',
        cycle: 'annual',
        currency: 'EUR',
      });
      const [invoice] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      assert.deepEqual([invoice!.total, invoice!.tax, invoice!.taxPercent], [29000, 0, '0']);
      assert.match(invoice!.taxNote!, /Reverse charge/);
    });

    it('bills pay-as-you-go usage in arrears, rated by tiers', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'payg.example');
      const sub = await billing.startSubscription({
        customerId,
        hostId,
        planId: 'plan_payg',
        cycle: 'monthly',
        currency: 'EUR',
      });
      assert.deepEqual(
        (await billing.invoices.list(customerId, { limit: 5 })).items.map((i) => i.total),
        [0],
      );
      const view = await billing.subscriptions.get(customerId, sub.id);
      const at = new Date(Date.parse(view.currentPeriodStart!) + DAY);
      await billing.recordUsage({ customerId, hostId, metric: 'messages', quantity: 30000, at });
      await billing.recordUsage({
        customerId,
        hostId,
        metric: 'messages',
        quantity: 5000,
        at: new Date(at.getTime() + 3_600_000),
      });
      await billing.recordUsage({ customerId, hostId, metric: 'active_members', quantity: 7, at });
      await billing.recordUsage({
        customerId,
        hostId,
        metric: 'active_members',
        quantity: 5,
        at: new Date(at.getTime() + DAY),
      });
      const soFar = await billing.subscriptions.usage(customerId, sub.id);
      assert.deepEqual(
        soFar.metrics.map((m) => [m.metric, m.quantity, m.amount]),
        [
          ['active_members', 7, 1050],
          ['messages', 35000, 500],
          ['storage_gb', 0, 0],
        ],
      );
      assert.equal(soFar.total, 1550);
      test.clock.set(new Date(Date.parse(view.currentPeriodEnd!) + 3_600_000));
      await test.ctx.platform.jobs.runDue();
      const [usage] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      const detail = await billing.invoices.get(customerId, usage!.id);
      // Peak 7 members × 1.50; 35,000 messages: 10,000 free then 25,000 × 0.02 cents.
      assert.deepEqual(
        detail.lines.map((l) => [l.kind, l.quantity, l.amount, l.periodStart]),
        [
          ['usage', 7, 1050, view.currentPeriodStart],
          ['usage', 35000, 500, view.currentPeriodStart],
        ],
      );
    });

    it('voids, credits, marks paid and refunds, keeping numbers gapless', async () => {
      const { billing } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'staff-ops.example');
      await subscribeTeamMonthly(test, customerId, hostId);
      const [invoice] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      const voided = await billing.invoices.void(customerId, invoice!.id);
      assert.equal(voided.status, 'void');
      await assert.rejects(billing.invoices.pay(customerId, invoice!.id), { code: 'invoice_not_open' });
      assert.equal(await billing.ledger.receivable(customerId, 'EUR'), 0);
      const host2 = await test.ctx.tenancy.hosts.create({ customerId, domain: 'staff-ops2.example' });
      await subscribeTeamMonthly(test, customerId, host2.id);
      const [second] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      assert.equal(Number(second!.number!.slice(4)), Number(invoice!.number!.slice(4)) + 1);
      await billing.invoices.markPaid(customerId, second!.id, { reference: 'bank transfer 42' });
      assert.equal((await billing.invoices.get(customerId, second!.id)).status, 'paid');
      const [offline] = (await billing.payments.list(customerId, { limit: 1 })).items;
      const note = await billing.payments.refund(customerId, offline!.id, { amount: 1000, reason: 'outage' });
      assert.equal(note.amount, 1000);
      await assert.rejects(
        billing.payments.refund(customerId, offline!.id, { amount: 3000, reason: 'too much' }),
        { code: 'credit_too_large' },
      );
      const entries = await billing.ledger.entries(customerId);
      const sum = (account: string) =>
        entries.filter((e) => e.account === account).reduce((s, e) => s + e.amount, 0);
      assert.equal(sum('cash'), 3451 - 1000);
      assert.equal(sum('customer_credit'), 0);
      assert.equal(sum('revenue'), -(2900 - 840));
      assert.equal(sum('tax_payable'), -(551 - 160));
    });

    it('numbers invoices without gaps when many are finalised at once', async () => {
      const { customerId } = await customerWithHost(test, 'gapless-0.example');
      const hosts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          test.ctx.tenancy.hosts.create({ customerId, domain: `gapless-${i + 1}.example` }),
        ),
      );
      await Promise.all(hosts.map((h) => subscribeTeamMonthly(test, customerId, h.id)));
      const all = await test.database.db.selectFrom('billing_invoices').select('number').execute();
      const numbers = all.map((r) => Number(r.number!.slice(4))).sort((a, b) => a - b);
      assert.deepEqual(
        numbers,
        Array.from({ length: numbers.length }, (_, i) => i + 1),
      );
    });

    it('terminates the host after the termination delay when nothing is paid, and never revives it', async () => {
      const { billing, tenancy } = test.ctx;
      const { customerId, hostId } = await customerWithHost(test, 'never-pays.example');
      const sub = await subscribeTeamMonthly(test, customerId, hostId);
      const statuses: string[] = [];
      for (let day = 0; day < 61; day++) {
        test.clock.advance(DAY);
        await test.ctx.platform.jobs.runDue();
        const status = (await billing.subscriptions.get(customerId, sub.id)).status;
        if (statuses[statuses.length - 1] !== status) statuses.push(status);
      }
      assert.deepEqual(statuses, ['past_due', 'suspended', 'terminated']);
      const host = await tenancy.hosts.get({ kind: 'system' }, hostId);
      assert.deepEqual([host.status, host.statusReason], ['terminated', 'non_payment']);
      // Its invoices are no longer renewed, and a late card does not bring the host back.
      const invoicesBefore = (await billing.invoices.list(customerId, { limit: 20 })).items.length;
      await addSandboxCard(test, customerId, { expYear: 2031 });
      test.clock.advance(40 * DAY);
      await test.ctx.platform.jobs.runDue();
      assert.equal((await billing.invoices.list(customerId, { limit: 20 })).items.length, invoicesBefore);
      assert.equal((await tenancy.hosts.get({ kind: 'system' }, hostId)).status, 'terminated');
      assert.equal((await billing.subscriptions.get(customerId, sub.id)).status, 'terminated');
    });
  });
}
