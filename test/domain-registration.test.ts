/**
 * Issue 16, part 4: each custom domain's registration, on the simulated clock, against an
 * in-process RDAP server and an in-process EPP registrar (no registry is reachable from here).
 * Reminders go out exactly once each; auto-renewal pays and renews exactly once a year, through a
 * registrar failure, a lost answer, a declined card and a refusal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { startEppServer, type EppServer } from './support/epp-server.js';
import { startRdapServer, type RdapServer } from './support/rdap-server.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { addCardThroughApi } from './support/billing-fixtures.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`domain registration (${dialect})`, () => {
    let test: TestApp;
    let rdap: RdapServer;
    let epp: EppServer;
    let staff: Actor;

    before(async () => {
      epp = await startEppServer();
      // The registry's RDAP follows the registrar's renewals, as a real one does.
      rdap = await startRdapServer({
        live: (name) => {
          const expiresAt = epp.domains.get(name);
          return expiresAt ? { expiresAt, registrar: 'imhost Registrar' } : undefined;
        },
      });
      const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'imhost-epp-')), 'ca.pem');
      writeFileSync(caFile, epp.caPem);
      test = await startTestApp(dialect, {
        IMHOST_RDAP_BASE_URL: rdap.url,
        IMHOST_REGISTRAR: 'epp',
        IMHOST_EPP_HOST: epp.host,
        IMHOST_EPP_PORT: String(epp.port),
        IMHOST_EPP_CLIENT_ID: epp.clientId,
        IMHOST_EPP_PASSWORD: epp.password,
        IMHOST_EPP_CA_FILE: caFile,
        // The clock runs for years here; the test's dashboard sessions must outlast it.
        IMHOST_SESSION_TTL_HOURS: String(10 * 365 * 24),
      });
      await test.ctx.platform.jobs.runDue();
      staff = await signInStaff(test, 'admin');
      const price = await call(test, staff, 'PUT', '/admin/billing/tld-prices/com/EUR', { amount: 1200 });
      assert.equal(price.statusCode, 200, price.body);
    });
    after(async () => {
      await test.close();
      await rdap.close();
      await epp.close();
    });

    /** Moves the simulated clock in steps, running whatever the scheduler has due at each. */
    async function runUntil(untilMs: number, stepMs: number) {
      while (test.clock.nowMs() < untilMs) {
        test.clock.set(new Date(Math.min(untilMs, test.clock.nowMs() + stepMs)));
        await test.ctx.platform.jobs.runDue();
      }
    }

    async function hostWithDomain(caller: Actor, hostDomain: string) {
      const response = await call(test, caller, 'POST', '/hosts', { domain: hostDomain });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    }

    async function mailsTo(email: string) {
      const page = await test.ctx.platform.mailer.list({ limit: 500 });
      return page.items.filter((mail) => mail.recipients.includes(email)).map((mail) => mail.subject);
    }

    async function ownerEmail(caller: Actor) {
      const me = await call(test, caller, 'GET', '/me');
      return me.json().user.email as string;
    }

    it('reads the expiry by RDAP and sends each reminder exactly once, to owners and billing contacts', async () => {
      const customer = await signUpCustomer(test, { organization: 'Remind' });
      const owner = await ownerEmail(customer);
      const expiresAt = new Date(test.clock.nowMs() + 60 * DAY).toISOString();
      epp.domains.set('remind.com', expiresAt);
      const hostId = await hostWithDomain(customer, 'chat.remind.com');
      const start = test.clock.nowMs();
      const asked = () => rdap.requests.filter((name) => name === 'remind.com').length;

      await runUntil(start + 29 * DAY, 7 * DAY);
      const first = await call(test, customer, 'GET', `/hosts/${hostId}/domain`);
      assert.equal(first.statusCode, 200, first.body);
      const registration = first.json().registration;
      assert.equal(registration.domain, 'remind.com');
      assert.equal(registration.expiresAt, expiresAt);
      assert.equal(registration.state, 'active');
      assert.equal(registration.registrar, 'imhost Registrar');
      assert.equal(registration.autoRenew, false);
      assert.deepEqual(registration.reminders, []);
      // Weekly until 30 days before the expiry.
      assert.ok(asked() >= 4 && asked() <= 6, `asked ${asked()} times in 29 days`);

      const beforeDaily = asked();
      await runUntil(Date.parse(expiresAt) + 10 * DAY, 1 * DAY);
      // Daily in the last 30 days and after.
      assert.ok(asked() - beforeDaily >= 38, `asked ${asked() - beforeDaily} times in 41 days`);
      const subjects = await mailsTo(owner);
      for (const subject of [
        'remind.com expires in 30 days',
        'remind.com expires in 7 days',
        'remind.com expires in 1 day',
        'remind.com expired 1 day ago',
        'remind.com expired 5 days ago',
      ])
        assert.equal(
          subjects.filter((s) => s === subject).length,
          1,
          `${subject} in ${subjects.join(' | ')}`,
        );
      const view = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(view.state, 'expired');
      assert.deepEqual(
        view.reminders.map((r: { offsetDays: number }) => r.offsetDays),
        [5, 1, -1, -7, -30],
      );
      assert.deepEqual(view.reminders[0].recipients, [owner]);
      assert.equal(view.banner.offsetDays, 5);

      // The registry starts deleting it: redemption, and no reminder more.
      epp.domains.delete('remind.com');
      rdap.domains.set('remind.com', { expiresAt, statuses: ['redemption period'] });
      await call(test, customer, 'POST', `/hosts/${hostId}/domain/registration/check`);
      const redeeming = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(redeeming.state, 'redemption');
      assert.equal(redeeming.reminders.length, 5);
      assert.equal((await call(test, customer, 'DELETE', `/hosts/${hostId}/domain/banner`)).statusCode, 204);
      assert.equal(
        (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration.banner,
        null,
      );
    });

    it('auto-renews exactly once a year for years, through a registrar failure, a lost answer and a declined card', async () => {
      const customer = await signUpCustomer(test, { organization: 'Renew' });
      const owner = await ownerEmail(customer);
      assert.equal((await addCardThroughApi(test, customer, '4000 0000 0000 0341')).statusCode, 201);
      const firstExpiry = new Date(test.clock.nowMs() + 45 * DAY).toISOString();
      epp.domains.set('renew.com', firstExpiry);
      const hostId = await hostWithDomain(customer, 'chat.renew.com');
      await test.ctx.domainRegistration.runTick();

      // Not registered through us: no auto-renewal to turn on.
      const refused = await call(test, customer, 'PATCH', `/hosts/${hostId}/domain`, { autoRenew: true });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().error.code, 'auto_renew_unavailable');
      const listed = (await call(test, staff, 'GET', '/admin/domains/registrations')).json();
      const entry = listed.find((r: { hostId: string }) => r.hostId === hostId);
      const marked = await call(test, staff, 'PATCH', `/admin/domains/${entry.id}`, {
        isThroughProvider: true,
      });
      assert.equal(marked.statusCode, 204, marked.body);
      const on = await call(test, customer, 'PATCH', `/hosts/${hostId}/domain`, { autoRenew: true });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().registration.autoRenew, true);
      assert.deepEqual(on.json().registration.renewalPrice, { amount: 1200, currency: 'EUR' });

      // 30 days before: invoiced and charged; the card declines, so nothing is renewed.
      epp.failNextRenewals = 1;
      await runUntil(Date.parse(firstExpiry) - 29 * DAY, 2 * DAY);
      const invoices = async () =>
        (await test.ctx.billing.invoices.list(customer.customerId!, { limit: 50 })).items.filter(
          (invoice) => invoice.kind === 'domain_renewal',
        );
      assert.equal((await invoices()).length, 1);
      assert.equal((await invoices())[0]!.status, 'open');
      assert.equal(epp.renewals.filter((r) => r.domain === 'renew.com').length, 0);
      assert.ok((await mailsTo(owner)).some((s) => s.startsWith('Payment failed for invoice')));

      // A working card pays the open invoice; the registrar fails once (2400), then renews.
      const card = {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: 2040,
        cvc: '123',
        makeDefault: true,
      };
      assert.equal((await call(test, customer, 'POST', '/payment-methods', card)).statusCode, 201);
      await runUntil(test.clock.nowMs() + 12 * HOUR, 2 * HOUR);
      assert.equal((await invoices())[0]!.status, 'paid');
      assert.deepEqual(
        epp.renewals.filter((r) => r.domain === 'renew.com').map((r) => r.from),
        [firstExpiry],
      );
      const renewed = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(renewed.expiresAt, epp.domains.get('renew.com'));
      assert.equal(renewed.lastRenewal.status, 'renewed');
      assert.equal(renewed.lastRenewal.attempts, 2);

      /** Weekly passes to just before the renewal window, then daily through it. */
      const throughNextRenewal = async () => {
        const expiry = Date.parse(epp.domains.get('renew.com')!);
        await runUntil(expiry - 31 * DAY, 14 * DAY);
        await runUntil(expiry - 27 * DAY, 1 * DAY);
      };
      // Next year the registrar renews but the answer is lost: the retry finds it renewed (curExpDate).
      epp.dropAnswerOfNextRenewals = 1;
      await throughNextRenewal();
      // And a third year with nothing in the way.
      await throughNextRenewal();

      const renewals = epp.renewals.filter((r) => r.domain === 'renew.com');
      assert.equal(renewals.length, 3, JSON.stringify(renewals));
      assert.equal(new Set(renewals.map((r) => r.from)).size, 3);
      const paid = await invoices();
      assert.equal(paid.length, 3);
      assert.ok(paid.every((invoice) => invoice.status === 'paid' && invoice.total === 1428));
      const payments = (await test.ctx.billing.payments.list(customer.customerId!, { limit: 50 })).items;
      assert.equal(payments.filter((p) => p.status === 'succeeded').length, 3);
      const receipts = (await mailsTo(owner)).filter((s) => s.startsWith('renew.com is renewed until'));
      assert.equal(receipts.length, 3);
      // No reminder says it is expiring while it renews itself.
      assert.equal((await mailsTo(owner)).filter((s) => s.includes('expired')).length, 0);
    });

    it('refunds a renewal the registrar refuses after payment, and tells the customer', async () => {
      const customer = await signUpCustomer(test, { organization: 'Refuse' });
      const owner = await ownerEmail(customer);
      assert.equal((await addCardThroughApi(test, customer)).statusCode, 201);
      const expiry = new Date(test.clock.nowMs() + 40 * DAY).toISOString();
      epp.domains.set('locked.com', expiry);
      epp.refused.add('locked.com');
      const hostId = await hostWithDomain(customer, 'chat.locked.com');
      await test.ctx.domainRegistration.runTick();
      const entry = (await call(test, staff, 'GET', '/admin/domains/registrations'))
        .json()
        .find((r: { hostId: string }) => r.hostId === hostId);
      await call(test, staff, 'PATCH', `/admin/domains/${entry.id}`, { isThroughProvider: true });
      assert.equal(
        (await call(test, customer, 'PATCH', `/hosts/${hostId}/domain`, { autoRenew: true })).statusCode,
        200,
      );

      await runUntil(test.clock.nowMs() + 12 * DAY, 1 * DAY);
      assert.equal(epp.renewals.filter((r) => r.domain === 'locked.com').length, 0);
      const view = (await call(test, customer, 'GET', `/hosts/${hostId}/domain`)).json().registration;
      assert.equal(view.lastRenewal.status, 'refunded');
      assert.match(view.lastRenewal.creditNoteNumber, /^CN-/);
      const [payment] = (await test.ctx.billing.payments.list(customer.customerId!, { limit: 5 })).items;
      assert.equal(payment!.refundedAmount, 1428);
      assert.ok((await mailsTo(owner)).includes('We could not renew locked.com; your payment is refunded'));
      // Nothing more happens on later passes.
      await runUntil(test.clock.nowMs() + 3 * DAY, 1 * DAY);
      assert.equal(await test.ctx.billing.ledger.creditBalance(customer.customerId!, 'EUR'), 0);
      const again = (await test.ctx.billing.payments.list(customer.customerId!, { limit: 5 })).items;
      assert.equal(again.length, 1);
    });

    it("serves each customer's domain deadlines as an iCalendar feed at a secret URL", async () => {
      const customer = await signUpCustomer(test, { organization: 'Calendar' });
      const expiresAt = new Date(test.clock.nowMs() + 100 * DAY).toISOString();
      epp.domains.set('cal.com', expiresAt);
      const hostId = await hostWithDomain(customer, 'chat.cal.com');
      await call(test, customer, 'POST', `/hosts/${hostId}/domain/registration/check`);
      const entry = (await call(test, staff, 'GET', '/admin/domains/registrations'))
        .json()
        .find((r: { hostId: string }) => r.hostId === hostId);
      await call(test, staff, 'PATCH', `/admin/domains/${entry.id}`, { isThroughProvider: true });
      await call(test, customer, 'PATCH', `/hosts/${hostId}/domain`, { autoRenew: true });

      const made = await call(test, customer, 'POST', '/domains/calendar');
      assert.equal(made.statusCode, 201, made.body);
      const url = new URL(made.json().url as string);
      const feed = await test.app.inject({ method: 'GET', url: url.pathname });
      assert.equal(feed.statusCode, 200, feed.body);
      assert.match(feed.headers['content-type'] as string, /^text\/calendar/);
      const day = (iso: string) => iso.slice(0, 10).replace(/-/g, '');
      assert.ok(feed.body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
      assert.match(
        feed.body,
        new RegExp(
          `DTSTART;VALUE=DATE:${day(expiresAt)}\r\nDTEND;VALUE=DATE:\\d{8}\r\nSUMMARY:cal.com expires`,
        ),
      );
      const renewsOn = new Date(Date.parse(expiresAt) - 30 * DAY).toISOString();
      assert.match(
        feed.body,
        new RegExp(
          `DTSTART;VALUE=DATE:${day(renewsOn)}\r\nDTEND;VALUE=DATE:\\d{8}\r\nSUMMARY:cal.com is renewed`,
        ),
      );
      // Only this customer's domains.
      assert.doesNotMatch(feed.body, /renew\.com|remind\.com/);

      // A new link ends the old one.
      const again = await call(test, customer, 'POST', '/domains/calendar');
      const old = await test.app.inject({ method: 'GET', url: url.pathname });
      assert.equal(old.statusCode, 404);
      assert.equal(old.json().error.code, 'calendar_not_found');
      const fresh = await test.app.inject({
        method: 'GET',
        url: new URL(again.json().url as string).pathname,
      });
      assert.equal(fresh.statusCode, 200);
    });

    it("shows another customer's host domain exactly like a missing one", async () => {
      const a = await signUpCustomer(test, { organization: 'Alpha' });
      const b = await signUpCustomer(test, { organization: 'Beta' });
      const hostId = await hostWithDomain(a, 'chat.alpha-iso.com');
      for (const [method, url, payload] of [
        ['GET', `/hosts/${hostId}/domain`, undefined],
        ['PATCH', `/hosts/${hostId}/domain`, { autoRenew: false }],
        ['DELETE', `/hosts/${hostId}/domain/banner`, undefined],
        ['POST', `/hosts/${hostId}/domain/registration/check`, undefined],
      ] as const) {
        const theirs = await call(test, b, method, url, payload);
        const missing = await call(test, b, method, url.replace(hostId, 'host_missing'), payload);
        assert.equal(theirs.statusCode, 404, `${method} ${url}`);
        assert.deepEqual(theirs.json(), missing.json());
      }
    });
  });
}
