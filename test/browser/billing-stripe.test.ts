import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.js';
import { startFakeStripe, type FakeStripe } from '../billing-stripe-fake.js';
import { ensureWebBuilt, heading, launchBrowser, shown, signIn, type Browser } from '../support/browser.js';

const email = 'grace@example.org';
const password = 'compiler-nanosecond-1952';

/**
 * A stand-in for https://js.stripe.com/v3 with the public surface the dashboard uses: `Stripe(pk)`,
 * `elements().create('card')` with `mount`, `clear`, `focus`, `destroy`, and `confirmCardSetup`,
 * which, like Stripe.js, sends the card to api.stripe.com with the publishable key (as the `key`
 * parameter) and confirms the SetupIntent with its client secret. Unlike Stripe.js it draws the card
 * inputs in the page instead of in a frame, so the test can type into them.
 */
const FAKE_STRIPE_JS = `(() => {
  const api = async (path, form) => {
    const response = await fetch('https://api.stripe.com' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { ok: response.ok, body: await response.json() };
  };
  window.Stripe = (publishableKey) => {
    if (!String(publishableKey).startsWith('pk_')) throw new Error('IntegrationError: not a publishable key');
    return {
      elements: () => ({
        create(type) {
          if (type !== 'card') throw new Error('IntegrationError: only card elements are faked');
          const inputs = {};
          return {
            mount(target) {
              for (const [name, label] of [['number', 'Card number'], ['expiry', 'MM / YY'], ['cvc', 'CVC']]) {
                const input = document.createElement('input');
                input.setAttribute('aria-label', label);
                target.appendChild(input);
                inputs[name] = input;
              }
            },
            on() {},
            focus: () => inputs.number.focus(),
            clear: () => Object.values(inputs).forEach((input) => (input.value = '')),
            destroy: () => Object.values(inputs).forEach((input) => input.remove()),
            _card() {
              const [month = '', year = ''] = inputs.expiry.value.split('/').map((part) => part.trim());
              return {
                number: inputs.number.value.replace(/\\s/g, ''),
                month,
                year: year.length === 2 ? '20' + year : year,
                cvc: inputs.cvc.value,
              };
            },
          };
        },
      }),
      async confirmCardSetup(clientSecret, data) {
        const card = data.payment_method.card._card();
        const method = await api('/v1/payment_methods', {
          key: publishableKey,
          type: 'card',
          'card[number]': card.number,
          'card[exp_month]': card.month,
          'card[exp_year]': card.year,
          'card[cvc]': card.cvc,
        });
        if (!method.ok) return { error: method.body.error };
        const confirmed = await api('/v1/setup_intents/' + clientSecret.split('_secret_')[0] + '/confirm', {
          key: publishableKey,
          client_secret: clientSecret,
          payment_method: method.body.id,
        });
        return confirmed.ok ? { setupIntent: confirmed.body } : { error: confirmed.body.error };
      },
    };
  };
})();`;

describe('adding a card with Stripe in chromium', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let browser: Browser;
  let origin: string;

  before(async () => {
    await ensureWebBuilt();
    fake = await startFakeStripe();
    t = await startTestApp('sqlite', {
      IMHOST_PAYMENT_GATEWAY: 'stripe',
      IMHOST_STRIPE_SECRET_KEY: 'sk_test_fake',
      IMHOST_STRIPE_PUBLISHABLE_KEY: 'pk_test_fake',
      IMHOST_STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
      IMHOST_STRIPE_API_URL: fake.url,
    });
    await t.ctx.platform.jobs.runDue();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    browser = await launchBrowser(origin);
    // Stripe's two origins, served locally: the script, and its API forwarded to the in-process fake.
    await browser.context.route('https://js.stripe.com/v3*', (route) =>
      route.fulfill({ contentType: 'application/javascript', body: FAKE_STRIPE_JS }),
    );
    await browser.context.route('https://api.stripe.com/**', async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const response = await fetch(`${fake.url}${url.pathname}${url.search}`, {
        method: request.method(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ...(request.method() === 'GET' ? {} : { body: request.postData() ?? '' }),
      });
      await route.fulfill({
        status: response.status,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: await response.text(),
      });
    });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
  });

  test('a past-due customer adds a card through Stripe.js and the open invoice is paid with it', async () => {
    const { page } = browser;
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      payload: { email, password, name: 'Grace', organization: 'Nanosecond Ltd' },
    });
    assert.equal(signup.statusCode, 201, signup.body);
    const customerId = signup.json<{ customer: { id: string } }>().customer.id;
    const host = await t.ctx.tenancy.hosts.create({ customerId, domain: 'chat.nanosecond.example' });
    await t.ctx.billing.startSubscription({
      customerId,
      hostId: host.id,
      planId: 'plan_team',
      cycle: 'monthly',
      currency: 'EUR',
    });
    await t.ctx.platform.jobs.runDue();
    const [invoice] = (await t.ctx.billing.invoices.list(customerId, { limit: 1 })).items;
    assert.equal(invoice?.status, 'open');

    const sentToUs: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin === origin) sentToUs.push(request.postData() ?? '');
    });

    await signIn(page, email, password);
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await shown(heading(page, 'Billing'));

    const cards = page.getByRole('region', { name: 'Payment methods' });
    // Stripe's Card Element, mounted by Stripe.js (allowed by the CSP); not our own number field.
    const element = cards.getByRole('group', { name: 'Card' });
    await shown(element.getByLabel('Card number'));
    assert.equal(await cards.getByLabel('Expiry (MM/YY)').count(), 0);

    await element.getByLabel('Card number').fill('4000 0000 0000 0002');
    await element.getByLabel('MM / YY').fill('12 / 30');
    await element.getByLabel('CVC').fill('123');
    await cards.getByRole('button', { name: 'Add card' }).click();
    assert.match(await (await shown(cards.getByRole('alert'))).innerText(), /declined/i);

    await element.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cards.getByRole('button', { name: 'Add card' }).click();
    await shown(cards.getByText('Visa ending in 4242 was added.'));
    await shown(cards.getByText('Expires 12/2030'));
    assert.equal(await element.getByLabel('Card number').inputValue(), '');
    await browser.screenshot('billing-stripe-card');

    // The new default card paid the overdue invoice off-session at Stripe.
    assert.equal((await t.ctx.billing.invoices.get(customerId, invoice!.id)).status, 'paid');
    const [payment] = (await t.ctx.billing.payments.list(customerId, { limit: 1 })).items;
    assert.deepEqual([payment?.gateway, payment?.status], ['stripe', 'succeeded']);
    // The card numbers went to Stripe only.
    assert.ok(sentToUs.length > 0);
    assert.deepEqual(
      sentToUs.filter((body) => /4242|0002/.test(body)),
      [],
    );
    assert.deepEqual(
      fake.requests.filter((r) => r.params.has('card[number]')).map((r) => r.key),
      ['publishable', 'publishable'],
    );
    assert.deepEqual(browser.problems, []);
  });
});
