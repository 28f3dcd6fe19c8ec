import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvoiceView } from '../src/billing/index.js';
import type { TestApp } from './support/app.js';
import { addSandboxCard, liveUntil, startBillingApp } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { signUpCustomer } from './support/actors.js';

/**
 * Fourteen months of one customer in Berlin (19% VAT), on the simulated clock, one day at a time:
 * trial, renewals, an upgrade mid-cycle, a card that fails, dunning, suspension, a card update,
 * reactivation, a switch to annual billing, and cancellation. Every invoice and ledger entry is checked.
 */
for (const dialect of testDialects()) {
  describe(`billing scenario: 14 months (${dialect})`, () => {
    let test: TestApp;
    before(async () => (test = await startBillingApp(dialect)));
    after(() => test.close());

    function brief(invoice: InvoiceView) {
      return [
        invoice.number,
        invoice.kind,
        invoice.periodStart?.slice(0, 10) ?? null,
        invoice.periodEnd?.slice(0, 10) ?? null,
        invoice.subtotal,
        invoice.tax,
        invoice.total,
        invoice.status,
      ];
    }

    // Fourteen months of cycles, one test: under a loaded CI machine it needs more than the default.
    it('tells the whole story', { timeout: 600_000 }, async () => {
      const { billing, tenancy } = test.ctx;
      const { customer } = await signUpCustomer(test, { organization: 'Story GmbH' });
      const customerId = customer.id;
      const host = await tenancy.hosts.create({ customerId, domain: 'story.example' });
      await billing.profile.update(customerId, {
        email: 'billing@story.example',
        country: 'DE',
        timeZone: 'Europe/Berlin',
        legalName: 'Story GmbH',
      });
      const card = await billing.paymentMethods.add(customerId, {
        number: '4242424242424242',
        expMonth: 2,
        expYear: 2026,
        cvc: '314',
      });
      const hostStatus = async () => {
        const found = await tenancy.directory.findHostByDomain('story.example');
        return [found!.status, found!.statusReason];
      };
      const statusOf = async () => (await billing.subscriptions.get(customerId, sub.id)).status;
      const invoices = async () => (await billing.invoices.list(customerId, { limit: 100 })).items.reverse();

      // 15 Jan 2026: Starter with a 14-day trial; the anchor is 29 January in Berlin.
      const sub = await billing.startSubscription({
        customerId,
        hostId: host.id,
        planId: 'plan_starter',
        cycle: 'monthly',
        currency: 'EUR',
      });
      assert.equal(sub.status, 'trial');
      assert.equal(sub.anchorDate, '2026-01-29');
      assert.deepEqual(await invoices(), []);

      // The first invoice comes 7 days before the trial ends and is charged when it ends.
      await liveUntil(test, '2026-01-22');
      assert.deepEqual((await invoices()).map(brief), [
        ['INV-000001', 'initial', '2026-01-28', '2026-02-27', 500, 95, 595, 'open'],
      ]);
      await liveUntil(test, '2026-01-29');
      assert.equal((await invoices())[0]!.status, 'paid');
      assert.equal(await statusOf(), 'active');

      // The card expires at the end of February: one warning, 30 days ahead.
      const warnings = async () =>
        (await test.ctx.platform.mailer.list({ limit: 200 })).items.filter(
          (m) => m.headers?.['X-Imhost-Billing'] === 'card_expiring',
        );
      await liveUntil(test, '2026-02-10');
      assert.equal((await warnings()).length, 1);

      // Renewal on 28 Feb (29 Jan anchor clamped), paid; then an upgrade to Team on 14 March at noon Berlin.
      await liveUntil(test, '2026-03-01');
      await liveUntil(test, '2026-03-14');
      test.clock.set(new Date('2026-03-14T11:00:00Z'));
      const preview = await billing.subscriptions.change(customerId, sub.id, {
        planId: 'plan_team',
        preview: true,
      });
      const upgrade = await billing.subscriptions.change(customerId, sub.id, {
        planId: 'plan_team',
        preview: false,
      });
      assert.deepEqual(upgrade.quote, preview.quote);
      // Period [28 Feb, 29 Mar) Berlin = 29 days; 14.5 days left. Net 2400 × 14.5/29 = 1200; charge 2900 × ½ = 1450; credit 250.
      assert.deepEqual(
        upgrade.quote!.lines.map((l) => l.amount),
        [1450, -250],
      );
      assert.equal(upgrade.quote!.total, 1428); // 1200 + 228 VAT
      await test.ctx.platform.jobs.runDue();

      // The customer replaces the expired card with one that is accepted but fails when charged.
      const failing = await billing.paymentMethods.add(customerId, {
        number: '4000000000000341',
        expMonth: 12,
        expYear: 2030,
        cvc: '123',
        makeDefault: true,
      });
      await billing.paymentMethods.remove(customerId, card.id);

      // The April renewal (Team, 34.51 €) fails on day 0, +3, +5 and +7; past due, a warning, then suspension on day 14.
      await liveUntil(test, '2026-03-29');
      assert.equal(await statusOf(), 'past_due');
      await liveUntil(test, '2026-04-08');
      const renewal = (await invoices()).find((i) => i.periodStart?.startsWith('2026-03-28'))!;
      assert.equal((await billing.invoices.get(customerId, renewal.id)).chargeAttempts, 4);
      assert.equal((await billing.invoices.get(customerId, renewal.id)).nextChargeAt, null);
      assert.deepEqual(await hostStatus(), ['active', null]);
      await liveUntil(test, '2026-04-12');
      assert.equal(await statusOf(), 'suspended');
      assert.deepEqual(await hostStatus(), ['suspended', 'non_payment']);

      // A card update pays the overdue invoice at once, and the host comes back.
      await addSandboxCard(test, customerId, { expYear: 2031, makeDefault: true });
      assert.equal(await statusOf(), 'active');
      assert.deepEqual(await hostStatus(), ['active', null]);
      await billing.paymentMethods.remove(customerId, failing.id);

      // Switch to annual billing from the next period (29 April): a new anchor, one invoice a year.
      const annual = await billing.subscriptions.change(customerId, sub.id, {
        cycle: 'annual',
        preview: false,
      });
      assert.equal(annual.effective, 'period_end');
      assert.equal(annual.effectiveAt, '2026-04-28T22:00:00.000Z');
      await liveUntil(test, '2026-05-01');
      const afterSwitch = await billing.subscriptions.get(customerId, sub.id);
      assert.deepEqual(
        [afterSwitch.cycle, afterSwitch.anchorDate, afterSwitch.currentPeriodEnd],
        ['annual', '2026-04-29', '2027-04-28T22:00:00.000Z'],
      );

      // Nothing more is invoiced for the rest of the year; on 15 March 2027 the customer cancels at once.
      await liveUntil(test, '2027-03-15');
      const cancelled = await billing.subscriptions.cancel(customerId, sub.id, { atPeriodEnd: false });
      assert.equal(await statusOf(), 'cancelled');
      assert.deepEqual(await hostStatus(), ['terminated', 'customer']);
      await liveUntil(test, '2027-03-20');

      const all = await invoices();
      assert.deepEqual(all.map(brief), [
        ['INV-000001', 'initial', '2026-01-28', '2026-02-27', 500, 95, 595, 'paid'],
        ['INV-000002', 'renewal', '2026-02-27', '2026-03-28', 500, 95, 595, 'paid'],
        ['INV-000003', 'proration', '2026-03-14', '2026-03-28', 1200, 228, 1428, 'paid'],
        ['INV-000004', 'renewal', '2026-03-28', '2026-04-28', 2900, 551, 3451, 'paid'],
        ['INV-000005', 'renewal', '2026-04-28', '2027-04-28', 29000, 5510, 34510, 'paid'],
        // 44.5 of 365 days unused at 11:00 Berlin on 15 March: 29000 × 44.5/365 = 3535.6 → 3536, VAT 671.84 → 672.
        ['INV-000006', 'proration', '2027-03-15', '2027-04-28', -3536, -672, -4208, 'paid'],
      ]);
      assert.equal(cancelled.creditInvoiceId, all[5]!.id);

      // The ledger: every transaction balances; nothing is owed; the cancellation credit is on account.
      const entries = await billing.ledger.entries(customerId);
      const byTransaction = new Map<string, number>();
      for (const e of entries)
        byTransaction.set(e.transactionId, (byTransaction.get(e.transactionId) ?? 0) + e.amount);
      assert.ok([...byTransaction.values()].every((sum) => sum === 0));
      const total = (account: string) =>
        entries.filter((e) => e.account === account).reduce((s, e) => s + e.amount, 0);
      const charged = 595 + 595 + 1428 + 3451 + 34510;
      assert.equal(total('cash'), charged);
      assert.equal(total('receivable'), 0);
      assert.equal(total('customer_credit'), -4208);
      assert.equal(total('tax_payable'), -(95 + 95 + 228 + 551 + 5510 - 672));
      assert.equal(total('revenue'), -(500 + 500 + 1200 + 2900 + 29000 - 3536));
      assert.equal(await billing.ledger.creditBalance(customerId, 'EUR'), 4208);
      // One transaction per finalisation and per payment, plus the credit move of the negative invoice.
      assert.deepEqual(
        entries.map((e) => e.memo).filter((m, i, a) => a.indexOf(m) === i),
        [
          'invoice INV-000001 finalised',
          'payment for INV-000001',
          'invoice INV-000002 finalised',
          'payment for INV-000002',
          'invoice INV-000003 finalised',
          'payment for INV-000003',
          'invoice INV-000004 finalised',
          'payment for INV-000004',
          'invoice INV-000005 finalised',
          'payment for INV-000005',
          'invoice INV-000006 finalised',
          'invoice INV-000006 credited to account',
        ],
      );

      const mails = (await test.ctx.platform.mailer.list({ limit: 200 })).items
        .map((m) => m.headers?.['X-Imhost-Billing'])
        .filter(Boolean);
      const count = (kind: string) => mails.filter((k) => k === kind).length;
      assert.equal(count('invoice_issued'), 5);
      assert.equal(count('receipt'), 5);
      assert.equal(count('payment_failed'), 4);
      assert.equal(count('suspension_warning'), 1);
      assert.equal(count('suspended'), 1);
      assert.equal(count('card_expiring'), 1);
      // Running every job again changes nothing.
      const before = JSON.stringify([await invoices(), await billing.ledger.entries(customerId)]);
      await billing.runTick();
      await test.ctx.platform.jobs.runDue();
      assert.equal(JSON.stringify([await invoices(), await billing.ledger.entries(customerId)]), before);
    });
  });
}
