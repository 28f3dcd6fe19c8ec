/**
 * The custom-domain entitlement with a hosted domain configured: a plan without it serves only
 * `<label>.<hosted domain>`, at host creation and at a plan change (the preview too); hosts without
 * a plan are not restricted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { addCardThroughApi } from './support/billing-fixtures.js';
import { errorCode } from './support/errors.js';

const HOSTED = 'im.example.net';

for (const dialect of testDialects()) {
  describe(`custom domains by plan (${dialect})`, () => {
    let t: TestApp;
    let owner: Actor;
    before(async () => {
      t = await startTestApp(dialect, { IMHOST_HOSTED_DOMAIN: HOSTED });
      owner = await signUpCustomer(t, { organization: 'Domains' });
      const card = await addCardThroughApi(t, owner);
      assert.equal(card.statusCode, 201, card.body);
    });
    after(() => t.close());

    const createHost = (domain: string, planId?: string) =>
      call(t, owner, 'POST', '/hosts', { domain, ...(planId ? { planId } : {}) });

    it('tells the dashboard the hosted domain', async () => {
      const response = await call(t, owner, 'GET', '/server-info');
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().hostedDomain, HOSTED);
    });

    it('refuses a plan without a custom domain on any other domain, and creates nothing', async () => {
      for (const domain of ['chat.acme.example', HOSTED, `a.b.${HOSTED}`, `evil${HOSTED}`]) {
        const response = await createHost(domain, 'plan_starter');
        assert.equal(response.statusCode, 400, `${domain}: ${response.body}`);
        assert.equal(errorCode(response), 'custom_domain_not_allowed');
        assert.match(response.json().error.message, /yourteam\.im\.example\.net/);
        assert.equal(await t.ctx.tenancy.findHostByDomain(domain), null);
      }
    });

    it('serves a subdomain of the hosted domain on that plan, whatever case it is typed in', async () => {
      const response = await createHost(`Acme.IM.example.net`, 'plan_starter');
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json().domain, `acme.${HOSTED}`);
      assert.equal(response.json().subscription.planId, 'plan_starter');
    });

    it('lets a plan with a custom domain, and a host without a plan, use any domain', async () => {
      const onTeam = await createHost('chat.acme.example', 'plan_team');
      assert.equal(onTeam.statusCode, 201, onTeam.body);
      const noPlan = await createHost('noplan.acme.example');
      assert.equal(noPlan.statusCode, 201, noPlan.body);
      // Staff (the CLI's `host add`) create hosts without a plan.
      await t.ctx.tenancy.createHost({ customerId: owner.customerId!, domain: 'staff.acme.example' });
    });

    it('refuses a change to a plan without a custom domain while the host uses its own, preview too', async () => {
      const host = (await t.ctx.tenancy.findHostByDomain('chat.acme.example'))!;
      const [sub] = (await t.ctx.billing.subscriptions.list(owner.customerId!)).filter(
        (s) => s.hostId === host.id,
      );
      for (const preview of [true, false]) {
        const response = await call(t, owner, 'POST', `/subscriptions/${sub!.id}/change-plan`, {
          planId: 'plan_starter',
          preview,
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(errorCode(response), 'custom_domain_not_allowed');
        assert.match(response.json().error.message, /Starter plan does not include a custom domain/);
      }
      const after = await t.ctx.billing.subscriptions.get(owner.customerId!, sub!.id);
      assert.equal(after.planId, 'plan_team');
      assert.equal(after.scheduledPriceId, null);
    });

    it('lets a host on the hosted domain move between plans either way', async () => {
      const host = (await t.ctx.tenancy.findHostByDomain(`acme.${HOSTED}`))!;
      const [sub] = (await t.ctx.billing.subscriptions.list(owner.customerId!)).filter(
        (s) => s.hostId === host.id,
      );
      const response = await call(t, owner, 'POST', `/subscriptions/${sub!.id}/change-plan`, {
        planId: 'plan_team',
        preview: true,
      });
      assert.equal(response.statusCode, 200, response.body);
    });
  });
}
