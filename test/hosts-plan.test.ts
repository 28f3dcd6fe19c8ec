import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { addCardThroughApi } from './support/billing-fixtures.js';
import { errorCode } from './support/errors.js';

const GOOD_CARD = '4242 4242 4242 4242';
const DECLINED_CARD = '4000 0000 0000 0002';
const FAILS_WHEN_CHARGED = '4000 0000 0000 0341';

for (const dialect of testDialects()) {
  describe(`POST /hosts with a plan (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => t.close());

    /** Nothing of a refused host remains: not listed, domain free, no live subscription. */
    async function assertNoHost(caller: Actor, domain: string) {
      const list = await call(t, caller, 'GET', '/hosts');
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json().items, []);
      assert.equal(await t.ctx.tenancy.findHostByDomain(domain), null);
      const subs = await t.ctx.billing.subscriptions.list(caller.customerId!);
      assert.ok(
        subs.every((sub) => sub.endedAt !== null),
        JSON.stringify(subs),
      );
    }

    it('starts a trial on a plan with trial days and keeps the host active', async () => {
      const owner = await signUpCustomer(t, { organization: 'Trial' });
      const response = await call(t, owner, 'POST', '/hosts', {
        domain: 'trial.example',
        planId: 'plan_starter',
      });
      assert.equal(response.statusCode, 201, response.body);
      const host = response.json();
      assert.equal(host.status, 'active');
      assert.equal(host.subscription.status, 'trial');
      assert.equal(host.subscription.planId, 'plan_starter');
      const sub = await t.ctx.billing.subscriptions.get(owner.customerId!, host.subscription.id);
      assert.equal(sub.hostId, host.id);
      assert.equal(sub.cycle, 'monthly');
      assert.equal(sub.currency, 'EUR');
      const detail = await call(t, owner, 'GET', `/hosts/${host.id}`);
      assert.equal(detail.statusCode, 200, detail.body);
      assert.deepEqual(
        detail.json().entitlements,
        (await t.ctx.billing.catalog.get('plan_starter')).entitlements,
      );
      assert.equal(detail.json().entitlements.maxMembers, 10);
      assert.equal(detail.json().memberCount, 0);
    });

    it('charges a paid plan at once with a good card and activates it, in the cycle and currency asked', async () => {
      const owner = await signUpCustomer(t, { organization: 'Paid' });
      assert.equal((await addCardThroughApi(t, owner, GOOD_CARD)).statusCode, 201);
      const response = await call(t, owner, 'POST', '/hosts', {
        domain: 'paid.example',
        planId: 'plan_team',
        cycle: 'annual',
        currency: 'USD',
      });
      assert.equal(response.statusCode, 201, response.body);
      const host = response.json();
      assert.equal(host.status, 'active');
      assert.equal(host.subscription.status, 'active');
      const sub = await t.ctx.billing.subscriptions.get(owner.customerId!, host.subscription.id);
      assert.equal(sub.cycle, 'annual');
      assert.equal(sub.currency, 'USD');
      const invoices = await t.ctx.billing.invoices.list(owner.customerId!, { limit: 10 });
      assert.equal(invoices.items.length, 1);
      assert.equal(invoices.items[0]!.status, 'paid');
    });

    it('refuses a paid plan without a card and leaves no host behind', async () => {
      const owner = await signUpCustomer(t, { organization: 'NoCard' });
      const response = await call(t, owner, 'POST', '/hosts', {
        domain: 'nocard.example',
        planId: 'plan_team',
      });
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(errorCode(response), 'payment_method_required');
      await assertNoHost(owner, 'nocard.example');
      assert.deepEqual(await t.ctx.billing.subscriptions.list(owner.customerId!), []);
    });

    it('refuses a card declined when added, and then the host as there is no card', async () => {
      const owner = await signUpCustomer(t, { organization: 'Declined' });
      const card = await addCardThroughApi(t, owner, DECLINED_CARD);
      assert.equal(errorCode(card), 'card_declined');
      const response = await call(t, owner, 'POST', '/hosts', {
        domain: 'declined.example',
        planId: 'plan_team',
      });
      assert.equal(errorCode(response), 'payment_method_required', response.body);
      await assertNoHost(owner, 'declined.example');
    });

    it('undoes host and subscription when the first charge fails, and voids its invoice', async () => {
      const owner = await signUpCustomer(t, { organization: 'Fails' });
      assert.equal((await addCardThroughApi(t, owner, FAILS_WHEN_CHARGED)).statusCode, 201);
      const response = await call(t, owner, 'POST', '/hosts', {
        domain: 'fails.example',
        planId: 'plan_team',
      });
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(errorCode(response), 'payment_failed');
      await assertNoHost(owner, 'fails.example');
      const invoices = await t.ctx.billing.invoices.list(owner.customerId!, { limit: 10 });
      assert.deepEqual(
        invoices.items.map((invoice) => invoice.status),
        ['void'],
      );
      assert.equal(await t.ctx.billing.ledger.receivable(owner.customerId!, 'EUR'), 0);
      // The domain is free again, for the same customer once the card works.
      assert.equal((await addCardThroughApi(t, owner, GOOD_CARD)).statusCode, 201);
      const methods = await t.ctx.billing.paymentMethods.list(owner.customerId!);
      const good = methods.find((method) => method.last4 === '4242')!;
      await t.ctx.billing.paymentMethods.makeDefault(owner.customerId!, good.id);
      const retry = await call(t, owner, 'POST', '/hosts', { domain: 'fails.example', planId: 'plan_team' });
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.json().subscription.status, 'active');
    });

    it('refuses an unknown or malformed plan before creating anything', async () => {
      const owner = await signUpCustomer(t, { organization: 'Unknown' });
      const unknown = await call(t, owner, 'POST', '/hosts', {
        domain: 'unknown.example',
        planId: 'plan_nope',
      });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal(errorCode(unknown), 'plan_not_found');
      const badCycle = await call(t, owner, 'POST', '/hosts', {
        domain: 'unknown.example',
        planId: 'plan_team',
        cycle: 'weekly',
      });
      assert.equal(badCycle.statusCode, 400, badCycle.body);
      const noPrice = await call(t, owner, 'POST', '/hosts', {
        domain: 'unknown.example',
        planId: 'plan_starter',
        currency: 'JPY',
      });
      assert.equal(errorCode(noPrice), 'price_not_found', noPrice.body);
      await assertNoHost(owner, 'unknown.example');
    });

    it("never charges another customer's card: B without a card is refused although A has one", async () => {
      const a = await signUpCustomer(t, { organization: 'Alpha' });
      assert.equal((await addCardThroughApi(t, a, GOOD_CARD)).statusCode, 201);
      const b = await signUpCustomer(t, { organization: 'Beta' });
      const response = await call(t, b, 'POST', '/hosts', { domain: 'beta.example', planId: 'plan_team' });
      assert.equal(errorCode(response), 'payment_method_required', response.body);
      await assertNoHost(b, 'beta.example');
      assert.deepEqual((await t.ctx.billing.invoices.list(a.customerId!, { limit: 10 })).items, []);
    });

    it('documents planId, cycle and currency and the subscription in OpenAPI', async () => {
      const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const post = spec.paths['/api/v1/hosts'].post;
      const schema = post.requestBody.content['application/json'].schema;
      assert.ok(schema.properties.planId && schema.properties.cycle && schema.properties.currency);
      assert.ok(post.responses['201'].content['application/json'].schema.properties.subscription);
      const get = spec.paths['/api/v1/hosts/{id}'].get;
      const detail = get.responses['200'].content['application/json'].schema.properties;
      assert.ok(detail.entitlements && detail.memberCount);
    });
  });
}
