import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { loadConfig } from '../src/bin/config.js';
import { ConfigError, createLogger } from '../src/platform/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { subscribeTeamMonthly } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { signUpCustomer } from './support/actors.js';
import { type ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { confirmCardSetupLikeStripeJs, startFakeStripe, type FakeStripe } from './billing-stripe-fake.js';

const WEBHOOK_SECRET = 'whsec_test_secret';
const PUBLISHABLE_KEY = 'pk_test_fake';
const DAY = 86_400_000;

const stripeEnv = (fake: FakeStripe) => ({
  IMHOST_PAYMENT_GATEWAY: 'stripe',
  IMHOST_STRIPE_SECRET_KEY: 'sk_test_fake',
  IMHOST_STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
  IMHOST_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  IMHOST_STRIPE_API_URL: fake.url,
});

const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' });

describe('Stripe configuration', () => {
  const complete = {
    IMHOST_PAYMENT_GATEWAY: 'stripe',
    IMHOST_STRIPE_SECRET_KEY: 'sk_test_1',
    IMHOST_STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
    IMHOST_STRIPE_WEBHOOK_SECRET: 'whsec_1',
  };

  it('defaults to the sandbox and needs no Stripe key for it', () => {
    const config = loadConfig({});
    assert.equal(config.paymentGateway, 'sandbox');
    assert.equal(config.stripeSecretKey, undefined);
  });

  it('refuses to start with Stripe selected and a key missing, naming the key', () => {
    for (const missing of Object.keys(complete).filter((key) => key !== 'IMHOST_PAYMENT_GATEWAY')) {
      const env: Record<string, string> = { ...complete };
      delete env[missing];
      assert.throws(
        () => loadConfig(env),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.key === missing &&
          error.message ===
            `Invalid configuration: ${missing} is required when IMHOST_PAYMENT_GATEWAY is stripe`,
      );
    }
    assert.throws(() => loadConfig({ ...complete, IMHOST_STRIPE_SECRET_KEY: 'pk_test_1' }), {
      key: 'IMHOST_STRIPE_SECRET_KEY',
    });
    assert.throws(() => loadConfig({ ...complete, IMHOST_STRIPE_API_URL: 'ftp://x' }), {
      key: 'IMHOST_STRIPE_API_URL',
    });
    assert.throws(() => loadConfig({ IMHOST_PAYMENT_GATEWAY: 'paypal' }), { key: 'IMHOST_PAYMENT_GATEWAY' });
    assert.equal(loadConfig(complete).stripeWebhookSecret, 'whsec_1');
  });

  it('keeps the Stripe secrets out of the logs', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = loadConfig({ ...complete, IMHOST_LOG_LEVEL: 'info' });
    createLogger(config, sink).info({ config }, 'started');
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /sk_test_1|whsec_1/);
    assert.match(lines[0]!, /pk_test_1/);
  });
});

for (const dialect of testDialects()) {
  describe(`billing through Stripe, selected by configuration (${dialect})`, () => {
    let test: TestApp;
    let fake: FakeStripe;

    before(async () => {
      fake = await startFakeStripe();
      test = await startTestApp(dialect, stripeEnv(fake));
      // The first pass registers the recurring billing sweep.
      await test.ctx.platform.jobs.runDue();
    });
    after(async () => {
      await test.close();
      await fake.close();
    });

    /** The dashboard's flow: a SetupIntent from us, the card to Stripe from the browser, its id back to us. */
    async function addCardThroughStripeJs(browser: ApiClient, number: string, extra: object = {}) {
      const setup = await browser.post('/payment-methods/setup');
      assert.equal(setup.statusCode, 200, setup.body);
      const { clientSecret, setupIntentId, publishableKey } = setup.json();
      const confirmed = await confirmCardSetupLikeStripeJs(
        fake.url,
        publishableKey,
        clientSecret,
        card(number),
      );
      return {
        confirmed,
        setupIntentId,
        added: await browser.post('/payment-methods', { setupIntentId, ...extra }),
      };
    }

    async function customerWithCard(domain: string, number: string) {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const host = await test.ctx.tenancy.hosts.create({ customerId: customer.id, domain });
      const { added } = await addCardThroughStripeJs(browser, number);
      assert.equal(added.statusCode, 201, added.body);
      await subscribeTeamMonthly(test, customer.id, host.id);
      const [invoice] = (await test.ctx.billing.invoices.list(customer.id, { limit: 1 })).items;
      return { customerId: customer.id, browser, invoice: invoice!, token: await tokenOf(customer.id) };
    }

    async function tokenOf(customerId: string) {
      const [method] = await test.database.db
        .selectFrom('billing_payment_methods')
        .select('token')
        .where('customer_id', '=', customerId)
        .where('removed_at', 'is', null)
        .orderBy('id')
        .execute();
      const [stripeCustomer, paymentMethod] = method!.token.split('|');
      return { stripeCustomer: stripeCustomer!, paymentMethod: paymentMethod! };
    }

    const sdk = () =>
      new Stripe('sk_test_fake', {
        host: '127.0.0.1',
        port: fake.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      });

    it('collects cards with Stripe.js only: a SetupIntent per card, confirmed in the browser, claimed by its owner', async () => {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const collection = await browser.get('/payment-methods/setup');
      assert.deepEqual(collection.json(), { gateway: 'stripe', publishableKey: PUBLISHABLE_KEY });

      assertError(
        await browser.post('/payment-methods', card('4242424242424242')),
        400,
        'card_number_not_accepted',
      );

      // Not confirmed yet: nothing to store.
      const pending = (await browser.post('/payment-methods/setup')).json();
      assertError(
        await browser.post('/payment-methods', { setupIntentId: pending.setupIntentId }),
        409,
        'card_setup_incomplete',
      );

      const { confirmed, setupIntentId, added } = await addCardThroughStripeJs(browser, '4242424242424242');
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual(
        [added.json().brand, added.json().last4, added.json().expYear, added.json().isDefault],
        ['visa', '4242', 2030, true],
      );
      // A retried request stores the card once.
      const again = await browser.post('/payment-methods', { setupIntentId });
      assert.equal(again.json().id, added.json().id);
      assert.equal((await browser.get('/payment-methods')).json().length, 1);

      // A card declined by Stripe.js never becomes a payment method, and the client hears why.
      const declined = await addCardThroughStripeJs(browser, '4000000000000002');
      assert.equal(declined.confirmed.status, 402);
      assertError(declined.added, 400, 'card_declined');

      // Another organisation cannot claim this customer's SetupIntent.
      const other = await signUpCustomer(test);
      assertError(await other.post('/payment-methods', { setupIntentId }), 404, 'card_setup_not_found');
      assertError(
        await other.post('/payment-methods', { setupIntentId: 'seti_0000000000000000' }),
        404,
        'card_setup_not_found',
      );

      // A PaymentMethod made by stripe.createPaymentMethod is saved with a SetupIntent we confirm.
      const paymentMethodId = await paymentMethodLikeStripeJs('5555555555554444');
      const fromMethod = await browser.post('/payment-methods', { paymentMethodId });
      assert.equal(fromMethod.statusCode, 201, fromMethod.body);
      assert.deepEqual([fromMethod.json().last4, fromMethod.json().isDefault], ['4444', false]);
      // …and, now attached to this customer at Stripe, cannot be claimed by another organisation.
      assertError(await other.post('/payment-methods', { paymentMethodId }), 404, 'card_setup_not_found');

      // Every SetupIntent is tagged with our customer and made for its one Stripe customer, which
      // holds both stored cards.
      const ours = [...fake.setupIntents.values()].filter(
        (intent) => (intent.metadata as Record<string, string>).imhost_customer === customer.id,
      );
      assert.equal(ours.length, 4);
      assert.equal(new Set(ours.map((intent) => intent.customer)).size, 1);
      const tokens = await test.database.db
        .selectFrom('billing_payment_methods')
        .select('token')
        .where('customer_id', '=', customer.id)
        .execute();
      const stripeCustomers = new Set(tokens.map((row) => row.token.split('|')[0]));
      assert.equal(tokens.length, 2);
      assert.equal(stripeCustomers.size, 1);
      assert.deepEqual(
        [...fake.customers.values()]
          .filter((c) => (c.metadata as Record<string, string>).imhost_customer === customer.id)
          .map((c) => c.id),
        [...stripeCustomers],
      );
      // Card numbers went to Stripe from the "browser" only, never with our secret key.
      assert.deepEqual(
        fake.requests.filter((r) => r.params.has('card[number]')).map((r) => r.key),
        ['publishable', 'publishable', 'publishable'],
      );
    });

    /** What `stripe.createPaymentMethod` does: the card to Stripe with the publishable key; its id is ours. */
    async function paymentMethodLikeStripeJs(number: string): Promise<string> {
      const response = await fetch(`${fake.url}/v1/payment_methods`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${PUBLISHABLE_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          type: 'card',
          'card[number]': number,
          'card[exp_month]': '12',
          'card[exp_year]': '2030',
          'card[cvc]': '123',
        }).toString(),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { id: string }).id;
    }

    /** A card sent by PaymentMethod id whose bank asks for 3-D Secure: the typed error and its details. */
    async function challengedCard(browser: ApiClient) {
      const paymentMethodId = await paymentMethodLikeStripeJs('4000002500003155');
      const challenged = await browser.post('/payment-methods', { paymentMethodId });
      assertError(challenged, 409, 'card_authentication_required');
      const details = challenged.json().error.details as { setupIntentId: string; clientSecret: string };
      return { paymentMethodId, ...details };
    }

    const storedCards = (customerId: string) =>
      test.database.db
        .selectFrom('billing_payment_methods')
        .select(['brand', 'last4'])
        .where('customer_id', '=', customerId)
        .execute();

    it('asks for the authentication a bank requires on a card sent by PaymentMethod id, and stores it by its SetupIntent once given', async () => {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const { paymentMethodId, setupIntentId, clientSecret } = await challengedCard(browser);
      const intent = fake.setupIntents.get(setupIntentId)!;
      assert.deepEqual(
        [
          intent.status,
          (intent.next_action as { type: string }).type,
          intent.client_secret,
          intent.payment_method,
          (intent.metadata as Record<string, string>).imhost_customer,
        ],
        ['requires_action', 'use_stripe_sdk', clientSecret, paymentMethodId, customer.id],
      );
      // Sent before the cardholder has authenticated: the same answer, nothing stored.
      const early = await browser.post('/payment-methods', { setupIntentId });
      assertError(early, 409, 'card_authentication_required');
      assert.deepEqual(early.json().error.details, { setupIntentId, clientSecret });
      assert.deepEqual(await storedCards(customer.id), []);

      // Another organisation can neither claim the intent nor learn its client secret.
      const other = await signUpCustomer(test);
      const claimed = await other.post('/payment-methods', { setupIntentId });
      assertError(claimed, 404, 'card_setup_not_found');
      assert.equal(claimed.json().error.details, undefined);

      // The cardholder passes the challenge in Stripe.js (stripe.handleNextAction({clientSecret})).
      fake.completeAuthentication(setupIntentId, 'succeeded');
      assertError(await other.post('/payment-methods', { setupIntentId }), 404, 'card_setup_not_found');
      const added = await browser.post('/payment-methods', { setupIntentId });
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual(
        [added.json().brand, added.json().last4, added.json().isDefault],
        ['visa', '3155', true],
      );
      assert.deepEqual(await storedCards(customer.id), [{ brand: 'visa', last4: '3155' }]);
      assert.deepEqual(await storedCards(other.customer.id), []);
      assert.equal((await tokenOf(customer.id)).paymentMethod, paymentMethodId);
    });

    it('answers card_declined, storing nothing, when the cardholder fails authentication', async () => {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const { setupIntentId } = await challengedCard(browser);
      // The cardholder fails (or abandons) the challenge in Stripe.js.
      fake.completeAuthentication(setupIntentId, 'failed');
      const refused = await browser.post('/payment-methods', { setupIntentId });
      assertError(refused, 400, 'card_declined');
      assert.equal(refused.json().error.details, undefined);
      assert.deepEqual(await storedCards(customer.id), []);
      assert.deepEqual((await browser.get('/payment-methods')).json(), []);
    });

    /** The Stripe customers made for one of ours, and the one its mapping row names. */
    async function stripeCustomersOf(customerId: string) {
      const made = [...fake.customers.values()]
        .filter((c) => (c.metadata as Record<string, string>).imhost_customer === customerId)
        .map((c) => c.id as string);
      const setups = [...fake.setupIntents.values()]
        .filter((intent) => (intent.metadata as Record<string, string>).imhost_customer === customerId)
        .map((intent) => intent.customer as string);
      const mapping = await test.database.db
        .selectFrom('billing_gateway_customers')
        .select(['gateway', 'external_id'])
        .where('customer_id', '=', customerId)
        .execute();
      return { made, setups: [...new Set(setups)], mapping };
    }

    const calls = (endpoint: string) => fake.calls.get(endpoint) ?? 0;

    it('keeps one Stripe customer per organisation, stored, however quickly its cards are set up', async () => {
      // Stripe's search has not caught up with the customers made meanwhile, as within its minute of lag.
      fake.lagSearch(true);
      try {
        const one = await signUpCustomer(test);
        const first = await one.post('/payment-methods/setup');
        assert.equal(first.statusCode, 200, first.body);
        const [creates, searches] = [calls('POST /v1/customers'), calls('GET /v1/customers/search')];
        const second = await one.post('/payment-methods/setup');
        assert.equal(second.statusCode, 200, second.body);
        // The second setup asked Stripe nothing about the customer: the stored mapping answered.
        assert.deepEqual(
          [calls('POST /v1/customers'), calls('GET /v1/customers/search')],
          [creates, searches],
        );
        const ones = await stripeCustomersOf(one.customer.id);
        assert.equal(ones.made.length, 1);
        assert.deepEqual(ones.setups, ones.made);
        assert.deepEqual(ones.mapping, [{ gateway: 'stripe', external_id: ones.made[0] }]);

        // Two at once, before either has stored anything: both create, with the same idempotency
        // key, so Stripe answers both with one customer.
        const two = await signUpCustomer(test);
        const both = await Promise.all([
          two.post('/payment-methods/setup'),
          two.post('/payment-methods/setup'),
        ]);
        assert.deepEqual(
          both.map((response) => response.statusCode),
          [200, 200],
        );
        const twos = await stripeCustomersOf(two.customer.id);
        assert.equal(twos.made.length, 1);
        assert.deepEqual(twos.setups, twos.made);
        assert.deepEqual(twos.mapping, [{ gateway: 'stripe', external_id: twos.made[0] }]);
        assert.notEqual(twos.made[0], ones.made[0], 'another organisation has its own Stripe customer');

        // The card confirmed on either setup is stored on that customer.
        const { clientSecret, setupIntentId } = both[1]!.json();
        const confirmed = await confirmCardSetupLikeStripeJs(
          fake.url,
          PUBLISHABLE_KEY,
          clientSecret,
          card('4242424242424242'),
        );
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
        const added = await two.post('/payment-methods', { setupIntentId });
        assert.equal(added.statusCode, 201, added.body);
        assert.equal((await tokenOf(two.customer.id)).stripeCustomer, twos.made[0]);
      } finally {
        fake.lagSearch(false);
      }
    });

    it('adopts the Stripe customer made before customers were stored, found by its metadata', async () => {
      const browser = await signUpCustomer(test);
      const { customer } = browser;
      const earlier = await sdk().customers.create({ metadata: { imhost_customer: customer.id } });
      const setup = await browser.post('/payment-methods/setup');
      assert.equal(setup.statusCode, 200, setup.body);
      const found = await stripeCustomersOf(customer.id);
      assert.deepEqual(found.made, [earlier.id]);
      assert.deepEqual(found.setups, [earlier.id]);
      assert.deepEqual(found.mapping, [{ gateway: 'stripe', external_id: earlier.id }]);
    });

    it('replays an idempotency key as Stripe does, and refuses it for another request', async () => {
      const key = { idempotencyKey: 'fake-idempotency-check' };
      const first = await sdk().customers.create({ metadata: { imhost_customer: 'cus_check' } }, key);
      const again = await sdk().customers.create({ metadata: { imhost_customer: 'cus_check' } }, key);
      assert.equal(again.id, first.id);
      assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
      await assert.rejects(
        sdk().customers.create({ metadata: { imhost_customer: 'cus_other' } }, key),
        (error: unknown) => error instanceof Stripe.errors.StripeIdempotencyError,
      );
      await assert.rejects(
        sdk().refunds.create({ payment_intent: 'pi_0000000000000000', amount: 1 }, key),
        (error: unknown) => error instanceof Stripe.errors.StripeIdempotencyError,
      );
    });

    it('charges the saved card off-session on renewal, through the configured gateway', async () => {
      const { customerId, invoice, token } = await customerWithCard(
        'stripe-renewal.example',
        '4242424242424242',
      );
      await test.ctx.platform.jobs.runDue();
      assert.equal((await test.ctx.billing.invoices.get(customerId, invoice.id)).status, 'paid');
      test.clock.set(new Date(invoice.periodEnd!));
      await test.ctx.platform.jobs.runDue();
      test.clock.advance(DAY);
      await test.ctx.platform.jobs.runDue();
      const invoices = (await test.ctx.billing.invoices.list(customerId, { limit: 10 })).items;
      assert.deepEqual(
        invoices.map((i) => i.status),
        ['paid', 'paid'],
      );
      const renewal = invoices[0]!;
      const charge = fake.requests.find(
        (r) => r.path === '/v1/payment_intents' && r.params.get('metadata[imhost_key]') === `${renewal.id}:1`,
      );
      assert.ok(charge, 'the renewal was charged at Stripe');
      assert.deepEqual(
        [
          charge.key,
          charge.params.get('off_session'),
          charge.params.get('confirm'),
          charge.params.get('customer'),
          charge.params.get('payment_method'),
          charge.params.get('amount'),
          charge.params.get('currency'),
        ],
        ['secret', 'true', 'true', token.stripeCustomer, token.paymentMethod, String(renewal.total), 'eur'],
      );
      const payments = (await test.ctx.billing.payments.list(customerId, { limit: 5 })).items;
      assert.deepEqual(
        payments.map((p) => [p.gateway, p.status]),
        [
          ['stripe', 'succeeded'],
          ['stripe', 'succeeded'],
        ],
      );
    });

    it('records a decline with its reason, and reconciles an unknown outcome by searching the key', async () => {
      const { billing } = test.ctx;
      const declined = await customerWithCard('stripe-declined.example', '4000000000009995');
      await assert.rejects(billing.invoices.pay(declined.customerId, declined.invoice.id), {
        code: 'payment_failed',
      });
      const [failed] = (await billing.payments.list(declined.customerId, { limit: 1 })).items;
      assert.deepEqual([failed!.status, failed!.failureCode], ['failed', 'insufficient_funds']);

      // The charge went through at Stripe but our side never heard back: the janitor finds it by its key.
      const lost = await customerWithCard('stripe-lost.example', '4242424242424242');
      await insertPayment(lost, 'pay_lost', 'unknown');
      await sdk().paymentIntents.create({
        amount: lost.invoice.total,
        currency: 'eur',
        customer: lost.token.stripeCustomer,
        payment_method: lost.token.paymentMethod,
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

    async function insertPayment(
      who: { customerId: string; invoice: { id: string; total: number } },
      id: string,
      status: 'unknown' | 'pending',
    ) {
      await test.database.db
        .insertInto('billing_payments')
        .values({
          id,
          customer_id: who.customerId,
          invoice_id: who.invoice.id,
          payment_method_id: null,
          gateway: 'stripe',
          idempotency_key: `${who.invoice.id}:1`,
          currency: 'EUR',
          amount: who.invoice.total,
          status,
          gateway_reference: null,
          failure_code: null,
          failure_message: null,
          refunded_amount: 0,
          created_at: test.clock.now().toISOString(),
          updated_at: test.clock.now().toISOString(),
        })
        .execute();
    }

    it('takes webhooks signed with the configured secret only, stores them once, and settles in any order', async () => {
      const { billing } = test.ctx;
      const pending = await customerWithCard('stripe-webhook.example', '4242424242424242');
      // A worker wrote its attempt and Stripe charged, but the worker died: the webhook settles it.
      await insertPayment(pending, 'pay_webhook', 'pending');
      const intent = await sdk().paymentIntents.create({
        amount: pending.invoice.total,
        currency: 'eur',
        customer: pending.token.stripeCustomer,
        payment_method: pending.token.paymentMethod,
        confirm: true,
        off_session: true,
        metadata: { imhost_key: `${pending.invoice.id}:1` },
      });
      const send = (event: object, signature?: string) => {
        const payload = JSON.stringify(event);
        const header =
          signature ?? sdk().webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
        return test.app.inject({
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
      assertError(forged, 400, 'webhook_signature_invalid');
      const otherSecret = sdk().webhooks.generateTestHeaderString({
        payload: JSON.stringify(succeeded),
        secret: 'whsec_someone_else',
      });
      assertError(await send(succeeded, otherSecret), 400, 'webhook_signature_invalid');
      const first = await send(succeeded);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json(), { received: true, duplicate: false });
      assert.deepEqual((await send(succeeded)).json(), { received: true, duplicate: true });
      assert.equal((await send(stale)).statusCode, 200);
      assert.equal((await billing.invoices.get(pending.customerId, pending.invoice.id)).status, 'paid');
      const payments = (await billing.payments.list(pending.customerId, { limit: 5 })).items;
      assert.deepEqual(
        payments.map((p) => [p.id, p.status]),
        [['pay_webhook', 'succeeded']],
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
    });

    it('allows Stripe.js in the dashboard’s content security policy', async () => {
      const csp = String(
        (await test.app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy'],
      );
      assert.match(csp, /script-src 'self' https:\/\/js\.stripe\.com/);
      assert.match(csp, /connect-src [^;]*https:\/\/api\.stripe\.com/);
      assert.match(csp, /frame-src https:\/\/js\.stripe\.com/);
    });
  });

  describe(`the sandbox gateway refuses Stripe references (${dialect})`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(() => test.close());

    it('keeps its own card form, no Stripe in the CSP, and a typed error for Stripe ids', async () => {
      const browser = await signUpCustomer(test);
      assert.deepEqual((await browser.get('/payment-methods/setup')).json(), { gateway: 'sandbox' });
      assert.deepEqual((await browser.post('/payment-methods/setup')).json(), { gateway: 'sandbox' });
      assertError(
        await browser.post('/payment-methods', { setupIntentId: 'seti_123' }),
        400,
        'card_reference_not_accepted',
      );
      // The number branch is validated on its own, so its messages name the card fields.
      const bad = await browser.post('/payment-methods', { ...card('4242 4242 4242 4242'), cvc: 'x' });
      assertError(bad, 400, 'validation_failed');
      assert.deepEqual(
        (bad.json().error.details as { path: string }[]).map((d) => d.path),
        ['body/cvc', 'body/cvc', 'body'],
      );
      const added = await browser.post('/payment-methods', card('4242 4242 4242 4242'));
      assert.equal(added.statusCode, 201, added.body);
      const csp = String(
        (await test.app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy'],
      );
      assert.doesNotMatch(csp, /stripe/);
    });
  });
}
