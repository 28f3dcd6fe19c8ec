import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from './support/app.js';
import { startBillingApp } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { pdfText } from './support/pdf.js';
import { PASSWORD, signInStaff, signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  describe(`billing API (${dialect})`, () => {
    let test: TestApp;
    let owner: {
      browser: ApiClient;
      email: string;
      customerId: string;
      hostId: string;
      subscriptionId: string;
    };
    let other: { browser: ApiClient; email: string; customerId: string };

    /** Sessions expire as the simulated clock jumps; sign both customers in again. */
    async function signInAgain(): Promise<void> {
      for (const who of [owner, other]) {
        who.browser = new ApiClient(test.app);
        const response = await who.browser.post('/login', { email: who.email, password: PASSWORD });
        assert.equal(response.statusCode, 200, response.body);
      }
    }

    before(async () => {
      test = await startBillingApp(dialect);
      const a = await signUpCustomer(test, { organization: 'Ärger & Söhne' });
      const host = await test.ctx.tenancy.hosts.create({
        customerId: a.customer.id,
        domain: 'api-billing.example',
      });
      const profile = await a.request('PATCH', '/billing/profile', {
        email: 'money@example.com',
        country: 'FR',
        legalName: 'Ärger & Söhne SARL',
        timeZone: 'Europe/Paris',
      });
      assert.equal(profile.statusCode, 200, profile.body);
      const sub = await test.ctx.billing.startSubscription({
        customerId: a.customer.id,
        hostId: host.id,
        planId: 'plan_starter',
        cycle: 'monthly',
        currency: 'EUR',
      });
      owner = {
        browser: a,
        email: a.email,
        customerId: a.customer.id,
        hostId: host.id,
        subscriptionId: sub.id,
      };
      const b = await signUpCustomer(test, { organization: 'Other' });
      other = { browser: b, email: b.email, customerId: b.customer.id };
    });
    after(async () => {
      await test.close();
    });

    it('lists the plans publicly, with prices, and documents billing in OpenAPI', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/api/v1/plans' });
      assert.equal(response.statusCode, 200, response.body);
      const plans = response.json() as {
        code: string;
        trialDays: number;
        prices: { cycle: string; currency: string; amount: number }[];
      }[];
      assert.deepEqual(
        plans.map((p) => p.code),
        ['payg', 'starter', 'team', 'business'],
      );
      const team = plans.find((p) => p.code === 'team')!;
      assert.equal(team.prices.find((p) => p.cycle === 'annual' && p.currency === 'USD')!.amount, 32000);
      assert.equal(plans.find((p) => p.code === 'starter')!.trialDays, 14);
      const openapi = (await test.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, { tags?: string[] }>>;
      };
      for (const route of [
        '/api/v1/plans',
        '/api/v1/payment-methods',
        '/api/v1/invoices/{id}/pdf',
        '/api/v1/subscriptions/{id}/change-plan',
        '/api/v1/invoices/{id}/pay',
      ]) {
        assert.ok(openapi.paths[route], `${route} is documented`);
      }
      assert.deepEqual(openapi.paths['/api/v1/plans']!.get!.tags, ['billing']);
    });

    it('adds cards by token only, refuses a declined one and unknown fields, and removes them', async () => {
      const declined = await owner.browser.post('/payment-methods', {
        number: '4000 0000 0000 0002',
        expMonth: 1,
        expYear: 2031,
        cvc: '123',
      });
      assertError(declined, 400, 'card_declined');
      // A wrong check digit, and all zeros: its Luhn sum is 0, but no card issuer's number starts with 0.
      for (const number of ['4242 4242 4242 4241', '0000 0000 0000 0000']) {
        const refused = await owner.browser.post('/payment-methods', {
          number,
          expMonth: 1,
          expYear: 2031,
          cvc: '123',
        });
        assertError(refused, 400, 'card_invalid');
        assert.equal(refused.json().error.message, 'The card number is invalid.');
      }
      assertError(
        await owner.browser.post('/payment-methods', {
          number: '4242424242424242',
          expMonth: 1,
          expYear: 2031,
          cvc: '123',
          extra: 1,
        }),
        400,
        'validation_failed',
      );
      const added = await owner.browser.post('/payment-methods', {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: 2030,
        cvc: '123',
      });
      assert.equal(added.statusCode, 201, added.body);
      const card = added.json() as { id: string; last4: string; brand: string; isDefault: boolean };
      assert.deepEqual([card.brand, card.last4, card.isDefault], ['visa', '4242', true]);
      assert.ok(!added.body.includes('4242424242424242'));
      const second = (
        await owner.browser.post('/payment-methods', {
          number: '5555555555554444',
          expMonth: 3,
          expYear: 2029,
          cvc: '123',
        })
      ).json() as { id: string; isDefault: boolean };
      assert.equal(second.isDefault, false);
      assert.equal((await owner.browser.post(`/payment-methods/${second.id}/make-default`)).statusCode, 200);
      const listed = (await owner.browser.get('/payment-methods')).json() as {
        id: string;
        isDefault: boolean;
      }[];
      assert.deepEqual(
        listed.map((m) => [m.id, m.isDefault]),
        [
          [card.id, false],
          [second.id, true],
        ],
      );
      assert.equal((await owner.browser.delete(`/payment-methods/${second.id}`)).statusCode, 204);
      assert.equal((await owner.browser.post(`/payment-methods/${card.id}/make-default`)).statusCode, 200);
      const rows = await test.database.db.selectFrom('billing_payment_methods').selectAll().execute();
      assert.ok(rows.every((r) => !JSON.stringify(r).includes('4242424242424242')));
    });

    it('shows the subscription with its trial, next billing date and amount, and the coming cycles', async () => {
      const response = await owner.browser.get('/subscriptions');
      assert.equal(response.statusCode, 200, response.body);
      const [sub] = response.json() as {
        id: string;
        status: string;
        trialEndsAt: string;
        next: { dueAt: string; total: number; tax: number };
        timeline: { periodStart: string; total: number }[];
      }[];
      assert.equal(sub!.status, 'trial');
      // 14 days from 15 January, local midnight in Paris.
      assert.equal(sub!.trialEndsAt, '2026-01-28T23:00:00.000Z');
      assert.equal(sub!.next.dueAt, '2026-01-28T23:00:00.000Z');
      assert.equal(sub!.next.total, 600); // 5.00 + 20% French VAT
      assert.equal(sub!.timeline.length, 6);
      assert.equal(sub!.timeline[1]!.periodStart, '2026-02-27T23:00:00.000Z'); // 2026 has no 29 February
    });

    it('quotes an upgrade with the same numbers as the invoice it then produces', async () => {
      // Trial over, first invoice paid by card, then halfway through February: upgrade to Team.
      test.clock.set(new Date('2026-01-29T00:00:00Z'));
      await test.ctx.platform.jobs.runDue();
      await signInAgain();
      const invoices = (await owner.browser.get('/invoices')).json() as {
        items: { status: string; total: number }[];
      };
      assert.deepEqual(
        invoices.items.map((i) => [i.status, i.total]),
        [['paid', 600]],
      );
      test.clock.set(new Date('2026-02-13T11:00:00Z'));
      await signInAgain();
      const url = `/subscriptions/${owner.subscriptionId}/change-plan`;
      const preview = await owner.browser.post(url, { planId: 'plan_team', preview: true });
      assert.equal(preview.statusCode, 200, preview.body);
      const quote = preview.json() as {
        effective: string;
        quote: { total: number; lines: { amount: number }[] };
        invoiceId: null;
      };
      assert.equal(quote.effective, 'now');
      assert.equal(quote.invoiceId, null);
      assert.equal((await owner.browser.get('/invoices')).json().items.length, 1, 'a preview writes nothing');
      const change = await owner.browser.post(url, { planId: 'plan_team' });
      assert.equal(change.statusCode, 200, change.body);
      const applied = change.json() as { invoiceId: string; quote: unknown };
      assert.deepEqual(applied.quote, quote.quote);
      const invoice = (await owner.browser.get(`/invoices/${applied.invoiceId}`)).json() as {
        total: number;
        status: string;
        lines: { amount: number; periodStart: string }[];
      };
      assert.equal(invoice.total, quote.quote.total);
      assert.deepEqual(
        invoice.lines.map((l) => l.amount),
        quote.quote.lines.map((l) => l.amount),
      );
      // Period [29 Jan, 28 Feb) in Paris is 30 days; at noon on 13 Feb, 14.5 of them are left.
      // Net (2900 − 500) × 14.5/30 = 1160; charge 2900 × 14.5/30 = 1401.67 → 1402; credit 1402 − 1160 = 242.
      assert.deepEqual(
        invoice.lines.map((l) => l.amount),
        [1402, -242],
      );
      assert.equal(invoice.total, 1392); // 1160 + 20% VAT
      assert.equal(invoice.status, 'open');
      await test.ctx.platform.jobs.runDue();
      assert.equal((await owner.browser.get(`/invoices/${applied.invoiceId}`)).json().status, 'paid');
      const sub = (await owner.browser.get(`/subscriptions/${owner.subscriptionId}`)).json() as {
        planId: string;
      };
      assert.equal(sub.planId, 'plan_team');
    });

    it('renders the invoice PDF with Unicode names and the tax', async () => {
      const { items } = (await owner.browser.get('/invoices')).json() as {
        items: { id: string; number: string }[];
      };
      const response = await owner.browser.get(`/invoices/${items[0]!.id}/pdf`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/pdf');
      const text = pdfText(response.rawPayload);
      assert.match(text, new RegExp(`Invoice ${items[0]!.number}`));
      assert.match(text, /Ärger & Söhne SARL/);
      assert.match(text, /Tax \(20%\)/);
      assert.match(text, /Remaining time on Team/);
    });

    it('keeps every billing object private to its customer', async () => {
      const { items } = (await owner.browser.get('/invoices')).json() as { items: { id: string }[] };
      const invoiceId = items[0]!.id;
      const [card] = (await owner.browser.get('/payment-methods')).json() as { id: string }[];
      assertError(await other.browser.get(`/invoices/${invoiceId}`), 404, 'invoice_not_found');
      assertError(await other.browser.get(`/invoices/${invoiceId}/pdf`), 404, 'invoice_not_found');
      assertError(await other.browser.post(`/invoices/${invoiceId}/pay`), 404, 'invoice_not_found');
      assertError(
        await other.browser.get(`/subscriptions/${owner.subscriptionId}`),
        404,
        'subscription_not_found',
      );
      assertError(
        await other.browser.post(`/subscriptions/${owner.subscriptionId}/change-plan`, {
          planId: 'plan_business',
          preview: true,
        }),
        404,
        'subscription_not_found',
      );
      assertError(
        await other.browser.post(`/subscriptions/${owner.subscriptionId}/cancel`, { atPeriodEnd: false }),
        404,
        'subscription_not_found',
      );
      assertError(
        await other.browser.delete(`/payment-methods/${card!.id}`),
        404,
        'payment_method_not_found',
      );
      assertError(
        await other.browser.post(`/payment-methods/${card!.id}/make-default`),
        404,
        'payment_method_not_found',
      );
      assert.deepEqual((await other.browser.get('/invoices')).json().items, []);
      assert.deepEqual((await other.browser.get('/subscriptions')).json(), []);
      assert.deepEqual((await other.browser.get('/payment-methods')).json(), []);
      assert.deepEqual((await other.browser.get('/payments')).json().items, []);
      assertError(await owner.browser.get('/admin/billing/invoices'), 403, 'staff_only');
    });

    it('lets billing staff see the dunning queue, credit an invoice and read revenue', async () => {
      const staff = await signInStaff(test, 'billing');
      const { items } = (await owner.browser.get('/invoices')).json() as {
        items: { id: string; total: number }[];
      };
      const note = await staff.post(
        `/admin/billing/customers/${owner.customerId}/invoices/${items[0]!.id}/credit-notes`,
        { amount: 100, reason: 'goodwill' },
      );
      assert.equal(note.statusCode, 201, note.body);
      assert.match((note.json() as { number: string }).number, /^CN-000001$/);
      assert.equal(await test.ctx.billing.ledger.creditBalance(owner.customerId, 'EUR'), 100);
      const revenue = await staff.get('/admin/billing/revenue');
      assert.equal(revenue.statusCode, 200, revenue.body);
      const report = revenue.json() as {
        mrr: unknown[];
        revenueByMonth: { month: string; currency: string; amount: number }[];
        churn: { ended: number };
      };
      assert.deepEqual(report.mrr, [{ currency: 'EUR', amount: 2900 }]);
      // January: the 5.00 Starter invoice; February: the 11.60 net upgrade, less the 1.00 credit note without its VAT (0.83).
      assert.deepEqual(report.revenueByMonth, [
        { month: '2026-01', currency: 'EUR', amount: 500 },
        { month: '2026-02', currency: 'EUR', amount: 1160 - 83 },
      ]);
      assert.equal(report.churn.ended, 0);
      const queue = await staff.get('/admin/billing/invoices?overdue=true');
      assert.equal(queue.statusCode, 200, queue.body);
      assert.deepEqual(queue.json().items, []);
      // One customer's invoices and payments, for the staff customer page: exactly theirs.
      const ownInvoices = await staff.get(`/admin/billing/invoices?customerId=${owner.customerId}`);
      assert.equal(ownInvoices.statusCode, 200, ownInvoices.body);
      const listed = ownInvoices.json().items as { id: string; customerId: string }[];
      assert.deepEqual(listed.map((invoice) => invoice.id).sort(), items.map((invoice) => invoice.id).sort());
      const ownPayments = await staff.get(`/admin/billing/payments?customerId=${owner.customerId}`);
      assert.equal(ownPayments.statusCode, 200, ownPayments.body);
      const payments = ownPayments.json().items as { customerId: string; invoiceId: string }[];
      assert.ok(payments.length > 0);
      assert.ok(payments.every((payment) => payment.customerId === owner.customerId));
      const theirs = await staff.get(`/admin/billing/payments?customerId=${other.customerId}`);
      assert.deepEqual(theirs.json().items, []);
      assertError(await staff.get('/admin/billing/payments?customerId=a%00b'), 400, 'validation_failed');
      test.clock.advance(DAY);
    });

    it('lets staff draft a one-off invoice that customers see only once finalised', async () => {
      await signInAgain();
      const staff = await signInStaff(test, 'billing');
      const draft = await staff.post(`/admin/billing/customers/${owner.customerId}/invoices`, {
        currency: 'EUR',
        dueInDays: 14,
        lines: [{ description: 'Data migration from the old server', quantity: 3, unitAmount: 5000 }],
      });
      assert.equal(draft.statusCode, 201, draft.body);
      const created = draft.json() as { id: string; status: string; number: null; total: number };
      assert.deepEqual([created.status, created.number, created.total], ['draft', null, 18000]); // 150.00 + 20% VAT
      assertError(await owner.browser.get(`/invoices/${created.id}`), 404, 'invoice_not_found');
      const final = await staff.post(
        `/admin/billing/customers/${owner.customerId}/invoices/${created.id}/finalize`,
      );
      assert.equal(final.statusCode, 200, final.body);
      const finalized = final.json() as { status: string; number: string };
      assert.equal(finalized.status, 'open');
      assert.match(finalized.number, /^INV-\d{6}$/);
      assert.equal((await owner.browser.get(`/invoices/${created.id}`)).json().number, finalized.number);
      assertError(
        await staff.post(`/admin/billing/customers/${owner.customerId}/invoices/${created.id}/finalize`),
        409,
        'invoice_not_open',
      );
      const another = (
        await staff.post(`/admin/billing/customers/${owner.customerId}/invoices`, {
          currency: 'EUR',
          dueInDays: 0,
          lines: [{ description: 'x', quantity: 1, unitAmount: 100 }],
        })
      ).json() as { id: string };
      assert.equal(
        (await staff.post(`/admin/billing/customers/${owner.customerId}/invoices/${another.id}/void`)).json()
          .status,
        'void',
      );
      assert.equal(
        (await staff.get(`/admin/billing/customers/${owner.customerId}/invoices/${another.id}`)).json()
          .number,
        null,
      );
    });

    it('lets staff manage the catalog: plans, price versions kept by existing subscriptions until migrated', async () => {
      await signInAgain();
      const staff = await signInStaff(test, 'billing');
      const body = {
        code: 'community',
        name: 'Community',
        description: 'For open-source projects.',
        rank: 1,
        trialDays: 0,
        entitlements: { maxMembers: 500, uploadQuotaMb: 2048, archiveRetentionDays: 90, customDomain: true },
      };
      assertError(await owner.browser.post('/admin/billing/plans', body), 403, 'staff_only');
      const created = await staff.post('/admin/billing/plans', body);
      assert.equal(created.statusCode, 201, created.body);
      const plan = created.json() as { id: string };
      assertError(
        await staff.post('/admin/billing/plans', { ...body, code: 'other', extra: true }),
        400,
        'validation_failed',
      );
      assertError(await staff.post('/admin/billing/plans', body), 409, 'plan_code_taken');
      const v1 = await staff.post(`/admin/billing/plans/${plan.id}/prices`, {
        cycle: 'monthly',
        currency: 'EUR',
        amount: 1000,
      });
      assert.equal(v1.statusCode, 201, v1.body);
      const listed = (await test.app.inject({ method: 'GET', url: '/api/v1/plans' })).json() as {
        id: string;
        prices: { amount: number }[];
      }[];
      assert.deepEqual(
        listed.find((p) => p.id === plan.id)!.prices.map((p) => p.amount),
        [1000],
      );

      // A subscription on version 1; then the price goes up to 12.00 (version 2).
      const host = await test.ctx.tenancy.hosts.create({
        customerId: owner.customerId,
        domain: 'community.example',
      });
      const sub = await test.ctx.billing.startSubscription({
        customerId: owner.customerId,
        hostId: host.id,
        planId: plan.id,
        cycle: 'monthly',
        currency: 'EUR',
      });
      const v2 = (
        await staff.post(`/admin/billing/plans/${plan.id}/prices`, {
          cycle: 'monthly',
          currency: 'EUR',
          amount: 1200,
        })
      ).json() as { id: string; version: number };
      assert.equal(v2.version, 2);
      const kept = await test.ctx.billing.subscriptions.get(owner.customerId, sub.id);
      assert.deepEqual([kept.priceId, kept.timeline[0]!.subtotal], [sub.priceId, 1000]);
      const migrated = await staff.post(`/admin/billing/prices/${sub.priceId}/migrate`);
      assert.deepEqual(migrated.json(), { migrated: 1 });
      const moved = await test.ctx.billing.subscriptions.get(owner.customerId, sub.id);
      assert.deepEqual(
        [moved.priceId, moved.timeline[0]!.priceId, moved.timeline[0]!.subtotal],
        [sub.priceId, v2.id, 1200],
      );

      // Retiring the plan takes it off sale.
      assert.equal(
        (await staff.patch(`/admin/billing/plans/${plan.id}`, { isActive: false })).statusCode,
        200,
      );
      const after = (await test.app.inject({ method: 'GET', url: '/api/v1/plans' })).json() as {
        id: string;
      }[];
      assert.ok(!after.some((p) => p.id === plan.id));
    });
  });
}
