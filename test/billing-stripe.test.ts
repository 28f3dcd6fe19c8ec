import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { buildApp } from '../src/api/app.js';
import { createBilling, createStripeGateway, type Billing } from '../src/billing/index.js';
import { createPlatform, createLogger, type Platform } from '../src/platform/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { signUp } from './accounts-support.js';
import { startFakeStripe, type FakeStripe } from './billing-stripe-fake.js';

const WEBHOOK_SECRET = 'whsec_test_secret';

for (const dialect of testDialects()) {
  describe(`billing through the Stripe adapter (${dialect})`, () => {
    let test: TestApp;
    let fake: FakeStripe;
    let platform: Platform;
    let billing: Billing;

    before(async () => {
      test = await startTestApp(dialect);
      fake = await startFakeStripe();
      const { config, clock, database, tenancy } = test.ctx;
      platform = createPlatform({ config, clock, database, logger: createLogger(config) });
      const gateway = createStripeGateway({
        secretKey: 'sk_test_fake',
        webhookSecret: WEBHOOK_SECRET,
        host: '127.0.0.1',
        port: fake.port,
        protocol: 'http',
      });
      billing = createBilling({ config, clock, database, platform, tenancy, gateway });
    });
    after(async () => {
      await platform.stop();
      await fake.close();
      await test.close();
    });

    async function customerWithCard(domain: string, card: string) {
      const { customer } = await signUp(test);
      const host = await test.ctx.tenancy.hosts.create({ customerId: customer.id, domain });
      await billing.paymentMethods.add(customer.id, {
        number: card,
        expMonth: 12,
        expYear: 2030,
        cvc: '123',
      });
      await billing.startSubscription({
        customerId: customer.id,
        hostId: host.id,
        planId: 'plan_team',
        cycle: 'monthly',
        currency: 'EUR',
      });
      const [invoice] = (await billing.invoices.list(customer.id, { limit: 1 })).items;
      return { customerId: customer.id, invoice: invoice! };
    }

    it('saves a card with a SetupIntent, refuses a declined one, and charges off-session once per key', async () => {
      const { customerId, invoice } = await customerWithCard('stripe-ok.example', '4242424242424242');
      const [card] = await billing.paymentMethods.list(customerId);
      assert.deepEqual([card!.brand, card!.last4], ['visa', '4242']);
      const { customer } = await signUp(test);
      await assert.rejects(
        billing.paymentMethods.add(customer.id, {
          number: '4000000000000002',
          expMonth: 12,
          expYear: 2030,
          cvc: '123',
        }),
        { code: 'card_declined' },
      );
      const paid = await billing.invoices.pay(customerId, invoice.id);
      assert.equal(paid.status, 'paid');
      const intent = [...fake.intents.values()].find(
        (i) => (i.metadata as Record<string, string>).imhost_key === `${invoice.id}:1`,
      )!;
      assert.deepEqual([intent.amount, intent.currency, intent.status], [invoice.total, 'eur', 'succeeded']);
      const [payment] = (await billing.payments.list(customerId, { limit: 1 })).items;
      assert.equal(payment!.gateway, 'stripe');
    });

    it('records a decline with its reason, and reconciles an unknown outcome by searching the key', async () => {
      const declined = await customerWithCard('stripe-declined.example', '4000000000009995');
      await assert.rejects(billing.invoices.pay(declined.customerId, declined.invoice.id), {
        code: 'payment_failed',
      });
      const [failed] = (await billing.payments.list(declined.customerId, { limit: 1 })).items;
      assert.deepEqual([failed!.status, failed!.failureCode], ['failed', 'insufficient_funds']);

      // The charge went through at Stripe but our side never heard back: the janitor finds it by its key.
      const lost = await customerWithCard('stripe-lost.example', '4242424242424242');
      await test.database.db
        .insertInto('billing_payments')
        .values({
          id: 'pay_lost',
          customer_id: lost.customerId,
          invoice_id: lost.invoice.id,
          payment_method_id: null,
          gateway: 'stripe',
          idempotency_key: `${lost.invoice.id}:1`,
          currency: 'EUR',
          amount: lost.invoice.total,
          status: 'unknown',
          gateway_reference: null,
          failure_code: null,
          failure_message: null,
          refunded_amount: 0,
          created_at: test.clock.now().toISOString(),
          updated_at: test.clock.now().toISOString(),
        })
        .execute();
      const [method] = await test.database.db
        .selectFrom('billing_payment_methods')
        .select('token')
        .where('customer_id', '=', lost.customerId)
        .execute();
      const [stripeCustomer, paymentMethod] = method!.token.split('|');
      const sdk = new Stripe('sk_test_fake', {
        host: '127.0.0.1',
        port: fake.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      });
      await sdk.paymentIntents.create({
        amount: lost.invoice.total,
        currency: 'eur',
        customer: stripeCustomer!,
        payment_method: paymentMethod!,
        confirm: true,
        off_session: true,
        metadata: { imhost_key: `${lost.invoice.id}:1` },
      });
      await billing.runTick();
      assert.equal((await billing.invoices.get(lost.customerId, lost.invoice.id)).status, 'paid');
      assert.equal(
        [...fake.intents.values()].filter(
          (i) => (i.metadata as Record<string, string>).imhost_key === `${lost.invoice.id}:1`,
        ).length,
        1,
      );
    });

    it('takes webhooks with a valid signature only, stores them once, and settles in any order', async () => {
      const app = await buildApp({ ...test.ctx, billing });
      try {
        const pending = await customerWithCard('stripe-webhook.example', '4242424242424242');
        // A worker wrote its attempt and Stripe charged, but the worker died: the webhook settles it.
        const [method] = await test.database.db
          .selectFrom('billing_payment_methods')
          .select('token')
          .where('customer_id', '=', pending.customerId)
          .execute();
        const [stripeCustomer, paymentMethod] = method!.token.split('|');
        await test.database.db
          .insertInto('billing_payments')
          .values({
            id: 'pay_webhook',
            customer_id: pending.customerId,
            invoice_id: pending.invoice.id,
            payment_method_id: null,
            gateway: 'stripe',
            idempotency_key: `${pending.invoice.id}:1`,
            currency: 'EUR',
            amount: pending.invoice.total,
            status: 'pending',
            gateway_reference: null,
            failure_code: null,
            failure_message: null,
            refunded_amount: 0,
            created_at: test.clock.now().toISOString(),
            updated_at: test.clock.now().toISOString(),
          })
          .execute();
        const sdk = new Stripe('sk_test_fake', {
          host: '127.0.0.1',
          port: fake.port,
          protocol: 'http',
          maxNetworkRetries: 0,
        });
        const intent = await sdk.paymentIntents.create({
          amount: pending.invoice.total,
          currency: 'eur',
          customer: stripeCustomer!,
          payment_method: paymentMethod!,
          confirm: true,
          off_session: true,
          metadata: { imhost_key: `${pending.invoice.id}:1` },
        });
        const send = (event: object, signature?: string) => {
          const payload = JSON.stringify(event);
          const header =
            signature ?? sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
          return app.inject({
            method: 'POST',
            url: '/api/v1/billing/webhooks/stripe',
            headers: { 'content-type': 'application/json', 'stripe-signature': header },
            payload,
          });
        };
        // Out of order: an older "failed" event for the same intent arrives after success; the intent's current state wins.
        const succeeded = {
          id: 'evt_1',
          object: 'event',
          type: 'payment_intent.succeeded',
          data: { object: { id: intent.id, object: 'payment_intent' } },
        };
        const stale = {
          id: 'evt_0',
          object: 'event',
          type: 'payment_intent.payment_failed',
          data: { object: { id: intent.id, object: 'payment_intent' } },
        };
        const forged = await send(succeeded, 't=1,v1=deadbeef');
        assert.equal(forged.statusCode, 400, forged.body);
        assert.equal(forged.json().error.code, 'webhook_signature_invalid');
        const first = await send(succeeded);
        assert.equal(first.statusCode, 200, first.body);
        assert.deepEqual(first.json(), { received: true, duplicate: false });
        assert.deepEqual((await send(succeeded)).json(), { received: true, duplicate: true });
        assert.equal((await send(stale)).statusCode, 200);
        assert.equal((await billing.invoices.get(pending.customerId, pending.invoice.id)).status, 'paid');
        const payments = (await billing.payments.list(pending.customerId, { limit: 5 })).items;
        assert.deepEqual(
          payments.map((p) => p.status),
          ['succeeded'],
        );
        const events = await test.database.db
          .selectFrom('billing_gateway_events')
          .select(['id', 'processed_at'])
          .orderBy('id')
          .execute();
        assert.deepEqual(
          events.map((e) => [e.id, e.processed_at !== null]),
          [
            ['evt_0', true],
            ['evt_1', true],
          ],
        );
      } finally {
        await app.close();
      }
    });
  });
}
