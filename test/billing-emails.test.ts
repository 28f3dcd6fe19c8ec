/**
 * Who billing mail reaches: the customer's owners and billing contacts always, and the invoice email
 * of the billing profile too when one is set, each address once. Three customers live the same
 * three months on the simulated clock: a paid first invoice, a renewal issued and charged by the
 * renewal run, then a card that fails, dunning, suspension, and payment by a new card.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, signUpCustomer, uniqueEmail } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { mailedToken } from './support/outbox.js';
import type { TestApp } from './support/app.js';
import {
  addSandboxCard,
  liveUntil,
  startBillingApp,
  subscribeTeamMonthly,
} from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';

const KINDS = ['invoice_issued', 'receipt', 'payment_failed', 'suspension_warning', 'suspended'];

for (const dialect of testDialects()) {
  describe(`billing mail recipients (${dialect})`, () => {
    let test: TestApp;
    before(async () => (test = await startBillingApp(dialect)));
    after(() => test.close());

    /** A customer with an owner, a billing contact (invited, accepted) and a Team plan paid by card. */
    async function customer(
      domain: string,
      invoiceEmail: (team: { owner: string; billing: string }) => string | null,
    ) {
      const owner = await signUpCustomer(test, { organization: domain });
      const billing = uniqueEmail('billing-contact');
      const invited = await owner.post('/team/invitations', { email: billing, role: 'billing' });
      assert.equal(invited.statusCode, 201, invited.body);
      const token = await mailedToken(test, billing, '/invite');
      const accepted = await new ApiClient(test.app).post('/invitations/accept', {
        token,
        name: 'Bill Contact',
        password: PASSWORD,
      });
      assert.equal(accepted.statusCode, 200, accepted.body);

      const customerId = owner.customer.id;
      const { billing: area, tenancy } = test.ctx;
      await area.profile.update(customerId, {
        email: invoiceEmail({ owner: owner.email, billing }),
        country: 'DE',
        timeZone: 'Europe/Berlin',
      });
      const card = await addSandboxCard(test, customerId);
      const host = await tenancy.hosts.create({ customerId, domain });
      await subscribeTeamMonthly(test, customerId, host.id);
      return { customerId, owner: owner.email, billing, card };
    }

    it('mails owners, billing contacts and the invoice email, each once', async () => {
      const withoutInvoiceEmail = await customer('no-invoice-email.example', () => null);
      const withInvoiceEmail = await customer(
        'invoice-email.example',
        () => 'accounts@invoice-email.example',
      );
      // The same address as the billing contact's, written differently: still one copy.
      const coinciding = await customer('coinciding.example', ({ billing }) => billing.toUpperCase());
      const everyone = [withoutInvoiceEmail, withInvoiceEmail, coinciding];

      // The first invoice is paid at once; February's renewal is issued and charged by the renewal run.
      await liveUntil(test, '2026-02-16');
      // Then a card that fails: March's renewal fails four times, a warning, suspension on day 14.
      for (const { customerId, card } of everyone) {
        await test.ctx.billing.paymentMethods.add(customerId, {
          number: '4000000000000341',
          expMonth: 12,
          expYear: 2030,
          cvc: '123',
          makeDefault: true,
        });
        await test.ctx.billing.paymentMethods.remove(customerId, card.id);
      }
      await liveUntil(test, '2026-03-31');
      for (const { customerId } of everyone) {
        const subs = await test.ctx.billing.subscriptions.list(customerId);
        assert.equal(subs[0]!.status, 'suspended');
        // A new card pays the overdue invoice: a receipt.
        await test.ctx.billing.paymentMethods.add(customerId, {
          number: '5555555555554444',
          expMonth: 12,
          expYear: 2030,
          cvc: '123',
          makeDefault: true,
        });
      }

      const billingMail = (await test.ctx.platform.mailer.list({ limit: 500 })).items.filter(
        (m) => m.headers?.['X-Imhost-Billing'],
      );
      const expected = new Map([
        [withoutInvoiceEmail, [withoutInvoiceEmail.owner, withoutInvoiceEmail.billing]],
        [
          withInvoiceEmail,
          [withInvoiceEmail.owner, withInvoiceEmail.billing, 'accounts@invoice-email.example'],
        ],
        [coinciding, [coinciding.owner, coinciding.billing]],
      ]);
      for (const [who, recipients] of expected) {
        const mine = billingMail.filter((m) => m.recipients.some((r) => r.toLowerCase() === who.owner));
        const kinds = mine.map((m) => m.headers!['X-Imhost-Billing']!);
        assert.deepEqual(
          KINDS.map((kind) => kinds.filter((k) => k === kind).length),
          [3, 3, 4, 1, 1],
          `${who.owner}: ${kinds.join(', ')}`,
        );
        for (const mail of mine)
          assert.deepEqual(
            mail.recipients.map((r) => r.toLowerCase()).sort(),
            recipients.map((r) => r.toLowerCase()).sort(),
            mail.subject,
          );
      }
    });
  });
}
