/**
 * The "host on a plan" workflow (src/workflows/create-host-on-plan.ts), as the API and the CLI both
 * run it: when the subscription step fails, for a reason billing knows or for any other, the host
 * it created first is deleted again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHostOnPlanWorkflow } from '../src/workflows/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { signUpCustomer } from './support/actors.js';
import { addCardThroughApi } from './support/billing-fixtures.js';

for (const dialect of testDialects()) {
  describe(`creating a host on a plan (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => t.close());

    async function assertNoHost(customerId: string, domain: string) {
      assert.equal(await t.ctx.tenancy.findHostByDomain(domain), null);
      const hosts = await t.ctx.tenancy.hosts.listForCustomer(customerId, { limit: 10 });
      assert.deepEqual(hosts.items, []);
    }

    it('creates the host and its subscription together', async () => {
      const owner = await signUpCustomer(t, { organization: 'Together' });
      assert.equal((await addCardThroughApi(t, owner)).statusCode, 201);
      const host = await t.ctx.workflows.createHostOnPlan({
        customerId: owner.customerId!,
        domain: 'together.example',
        planId: 'plan_team',
      });
      assert.equal(host.subscription.status, 'active');
      const sub = await t.ctx.billing.subscriptions.get(owner.customerId!, host.subscription.id);
      assert.equal(sub.hostId, host.id);
      assert.equal((await t.ctx.tenancy.findHostByDomain('together.example'))?.id, host.id);
    });

    it('deletes the host when billing refuses the subscription', async () => {
      const owner = await signUpCustomer(t, { organization: 'Refused' });
      await assert.rejects(
        t.ctx.workflows.createHostOnPlan({
          customerId: owner.customerId!,
          domain: 'refused.example',
          planId: 'plan_team',
        }),
        { code: 'payment_method_required' },
      );
      await assertNoHost(owner.customerId!, 'refused.example');
    });

    it('deletes the host when the subscription step fails in any other way', async () => {
      const owner = await signUpCustomer(t, { organization: 'Crash' });
      let hostIdSeen: string | undefined;
      const createHostOnPlan = createHostOnPlanWorkflow({
        tenancy: t.ctx.tenancy,
        billing: {
          catalog: t.ctx.billing.catalog,
          startSubscription: async (input) => {
            hostIdSeen = input.hostId;
            throw new Error('the gateway went away');
          },
        },
      });
      await assert.rejects(
        createHostOnPlan({ customerId: owner.customerId!, domain: 'crash.example', planId: 'plan_starter' }),
        /the gateway went away/,
      );
      assert.ok(hostIdSeen, 'the host existed when the subscription started');
      await assertNoHost(owner.customerId!, 'crash.example');
      // The domain is free again.
      const retry = await t.ctx.workflows.createHostOnPlan({
        customerId: owner.customerId!,
        domain: 'crash.example',
        planId: 'plan_starter',
      });
      assert.equal(retry.subscription.status, 'trial');
    });
  });
}
