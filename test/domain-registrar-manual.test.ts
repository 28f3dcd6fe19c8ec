/**
 * The manual registrar (issue 16, part 4): a paid renewal becomes one task in the staff queue;
 * staff record the new expiry (the customer gets the receipt) or the registrar's refusal (the
 * customer is refunded). Also the RDAP client's RFC 9224 bootstrap, against the in-process server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRdapClient } from '../src/domains/registration/rdap-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { startRdapServer, type RdapServer } from './support/rdap-server.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { addCardThroughApi } from './support/billing-fixtures.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('RDAP bootstrap (RFC 9224)', () => {
  let rdap: RdapServer;
  before(async () => {
    rdap = await startRdapServer({ tlds: ['com', 'co.uk'] });
  });
  after(() => rdap.close());

  it('finds the server of a TLD in the bootstrap file, reads RFC 9083 answers, and knows unknown TLDs', async () => {
    rdap.domains.set('example.co.uk', {
      expiresAt: '2027-05-01T12:00:00Z',
      statuses: ['client transfer prohibited', 'Redemption Period'],
      registrar: 'Nominet Registrar',
    });
    const client = createRdapClient({ bootstrapUrl: `${rdap.url}/dns.json`, now: () => 0 });
    assert.deepEqual(await client.lookup('example.co.uk'), {
      kind: 'found',
      domain: {
        domain: 'example.co.uk',
        expiresAt: '2027-05-01T12:00:00.000Z',
        statuses: ['client transfer prohibited', 'redemption period'],
        registrarName: 'Nominet Registrar',
      },
    });
    assert.deepEqual(await client.lookup('nothing.com'), { kind: 'not_found' });
    await assert.rejects(client.lookup('example.org'), /no RDAP server is known for example\.org/);
  });
});

for (const dialect of testDialects()) {
  describe(`manual registrar (${dialect})`, () => {
    let test: TestApp;
    let rdap: RdapServer;
    let staff: Actor;

    before(async () => {
      rdap = await startRdapServer();
      test = await startTestApp(dialect, {
        IMHOST_RDAP_BASE_URL: rdap.url,
        IMHOST_REGISTRAR: 'manual',
        IMHOST_SESSION_TTL_HOURS: String(365 * 24),
      });
      await test.ctx.platform.jobs.runDue();
      staff = await signInStaff(test, 'support');
      const billingStaff = await signInStaff(test, 'billing');
      assert.equal(
        (await call(test, billingStaff, 'PUT', '/admin/billing/tld-prices/.COM/EUR', { amount: 1500 }))
          .statusCode,
        200,
      );
      assert.equal(
        (await call(test, staff, 'PUT', '/admin/billing/tld-prices/com/EUR', { amount: 1 })).statusCode,
        403,
        'support staff do not set prices',
      );
    });
    after(async () => {
      await test.close();
      await rdap.close();
    });

    async function runUntil(untilMs: number, stepMs: number) {
      while (test.clock.nowMs() < untilMs) {
        test.clock.set(new Date(Math.min(untilMs, test.clock.nowMs() + stepMs)));
        await test.ctx.platform.jobs.runDue();
      }
    }

    /** A customer with a card and an auto-renewing domain registered through us. */
    async function autoRenewing(name: string) {
      const customer = await signUpCustomer(test, { organization: name });
      assert.equal((await addCardThroughApi(test, customer)).statusCode, 201);
      const expiresAt = new Date(test.clock.nowMs() + 35 * DAY).toISOString();
      rdap.domains.set(`${name.toLowerCase()}.com`, { expiresAt });
      const host = await call(test, customer, 'POST', '/hosts', { domain: `chat.${name.toLowerCase()}.com` });
      const hostId = host.json().id as string;
      await call(test, customer, 'POST', `/hosts/${hostId}/domain/registration/check`);
      const entry = (await call(test, staff, 'GET', '/admin/domains/registrations'))
        .json()
        .find((r: { hostId: string }) => r.hostId === hostId);
      assert.equal(entry.customerName, name);
      assert.equal(
        (await call(test, staff, 'PATCH', `/admin/domains/${entry.id}`, { isThroughProvider: true }))
          .statusCode,
        204,
      );
      const on = await call(test, customer, 'PATCH', `/hosts/${hostId}/domain`, { autoRenew: true });
      assert.equal(on.statusCode, 200, on.body);
      return { customer, hostId, expiresAt, domain: `${name.toLowerCase()}.com` };
    }

    async function openTasks(domain: string) {
      const tasks = (await call(test, staff, 'GET', '/admin/domains/registrar-tasks')).json();
      return tasks.filter((t: { domain: string }) => t.domain === domain);
    }

    it('puts a paid renewal in the staff queue once, and completes it with the expiry staff record', async () => {
      const { customer, hostId, expiresAt, domain } = await autoRenewing('Manual');
      await runUntil(test.clock.nowMs() + 7 * DAY, 12 * HOUR);
      const tasks = await openTasks(domain);
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].curExpDate, expiresAt);
      const pending = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(pending.lastRenewal.status, 'at_registrar');
      assert.equal(pending.renewalPrice.amount, 1500);

      const tooEarly = await call(
        test,
        staff,
        'POST',
        `/admin/domains/registrar-tasks/${tasks[0].id}/complete`,
        {
          expiresAt,
        },
      );
      assert.equal(tooEarly.statusCode, 400);
      assert.equal(tooEarly.json().error.code, 'renewal_expiry_invalid');
      const newExpiry = new Date(Date.parse(expiresAt) + 365 * DAY).toISOString();
      const done = await call(test, staff, 'POST', `/admin/domains/registrar-tasks/${tasks[0].id}/complete`, {
        expiresAt: newExpiry,
      });
      assert.equal(done.statusCode, 204, done.body);
      const again = await call(
        test,
        staff,
        'POST',
        `/admin/domains/registrar-tasks/${tasks[0].id}/complete`,
        {
          expiresAt: newExpiry,
        },
      );
      assert.equal(again.json().error.code, 'registrar_task_closed');
      assert.deepEqual(await openTasks(domain), []);

      const renewed = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(renewed.expiresAt, newExpiry);
      assert.equal(renewed.lastRenewal.status, 'renewed');
      const mails = (await test.ctx.platform.mailer.list({ limit: 200 })).items.map((m) => m.subject);
      assert.equal(mails.filter((s) => s.startsWith(`${domain} is renewed until`)).length, 1);
      // Later passes open no second renewal for the same expiry.
      await runUntil(test.clock.nowMs() + 3 * DAY, 12 * HOUR);
      const invoices = (await test.ctx.billing.invoices.list(customer.customerId!, { limit: 20 })).items;
      assert.equal(invoices.filter((i) => i.kind === 'domain_renewal').length, 1);
    });

    it('refunds the customer when staff record that the registrar refused', async () => {
      const { customer, hostId, domain } = await autoRenewing('Refusing');
      await runUntil(test.clock.nowMs() + 7 * DAY, 12 * HOUR);
      const [task] = await openTasks(domain);
      const refused = await call(test, staff, 'POST', `/admin/domains/registrar-tasks/${task.id}/refuse`, {
        reason: 'The domain is locked at the registry.',
      });
      assert.equal(refused.statusCode, 204, refused.body);
      await runUntil(test.clock.nowMs() + 1 * DAY, 12 * HOUR);
      const view = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(view.lastRenewal.status, 'refunded');
      const [payment] = (await test.ctx.billing.payments.list(customer.customerId!, { limit: 5 })).items;
      assert.equal(payment!.refundedAmount, payment!.amount);
      const done = (await call(test, staff, 'GET', '/admin/domains/registrar-tasks?status=refused')).json();
      assert.equal(
        done.find((t: { domain: string }) => t.domain === domain).note,
        'The domain is locked at the registry.',
      );
    });
  });
}
