import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { TestApp } from './support/app.js';
import { startBillingApp } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { signUpCustomer } from './support/actors.js';

const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`billing jobs are idempotent (${dialect})`, () => {
    let test: TestApp;
    let domainCounter = 0;
    before(async () => (test = await startBillingApp(dialect)));
    after(() => test.close());

    async function snapshot(customerId: string): Promise<string> {
      const { billing } = test.ctx;
      const mails = (await test.ctx.platform.mailer.list({ limit: 200 })).items.filter((m) =>
        m.recipients.some((r) => r.endsWith(`@c${customerId}.test`)),
      );
      return JSON.stringify({
        invoices: (await billing.invoices.list(customerId, { limit: 100 })).items,
        payments: (await billing.payments.list(customerId, { limit: 100 })).items,
        ledger: await billing.ledger.entries(customerId),
        subscriptions: (await billing.subscriptions.list(customerId)).map((s) => [
          s.status,
          s.planId,
          s.anchorDate,
          s.cycle,
        ]),
        mails: mails.map((m) => m.subject).sort(),
      });
    }

    it('running the sweep and the due jobs again, any number of times, changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('4242424242424242', '4000000000000341', '4000000000009995'),
          fc.constantFrom('plan_starter', 'plan_team', 'plan_business'),
          fc.array(
            fc.record({
              hours: fc.integer({ min: 1, max: 24 * 20 }),
              repeats: fc.integer({ min: 1, max: 3 }),
            }),
            { minLength: 3, maxLength: 8 },
          ),
          async (cardNumber, planId, steps) => {
            const { customer } = await signUpCustomer(test);
            const customerId = customer.id;
            const host = await test.ctx.tenancy.hosts.create({
              customerId,
              domain: `idem${++domainCounter}.example`,
            });
            await test.ctx.billing.profile.update(customerId, {
              email: `billing@c${customerId}.test`,
              country: 'DE',
            });
            await test.ctx.billing.paymentMethods.add(customerId, {
              number: cardNumber,
              expMonth: 12,
              expYear: 2035,
              cvc: '123',
            });
            await test.ctx.billing.startSubscription({
              customerId,
              hostId: host.id,
              planId,
              cycle: 'monthly',
              currency: 'EUR',
            });
            for (const step of steps) {
              test.clock.advance(step.hours * HOUR);
              await test.ctx.platform.jobs.runDue();
              const once = await snapshot(customerId);
              for (let i = 0; i < step.repeats; i++) {
                await test.ctx.billing.runTick();
                await test.ctx.platform.jobs.runDue();
              }
              assert.deepEqual(JSON.parse(await snapshot(customerId)), JSON.parse(once));
            }
          },
        ),
        { numRuns: 6 },
      );
    });
  });
}
